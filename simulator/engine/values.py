"""Value helpers shared by the node kinds: finite numbers, JSON-stable values, typed effects."""

from __future__ import annotations

import math
from typing import Any

from simulator.engine.errors import ScenarioRuntimeError
from simulator.engine.text import show
from simulator.scenario.model import Expression, Value


def as_float(value: int | float) -> float | None:
    """`value` as a finite float, None when it is NaN, infinite or too big for a float."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def finite(value: object) -> bool:
    """False when a NaN or an infinity hides in `value` (JSON cannot record them)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(finite(v) for v in value)
    return True


def clean(value: float) -> float | int:
    """Whole numbers as int (stable JSON, readable logs)."""
    if float(value).is_integer():
        return int(value)
    return round(float(value), 4)


def jsonable(value: Any) -> Any:
    """`value` with only JSON types (dict keys as text, tuples as lists, others as text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def typed(kind: str, name: str, value: object, effect: Expression) -> Value:
    """Check an effect's result against the variable's declared type."""
    if kind == "entier":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            return int(value)
        expected = "un entier"
    elif kind == "decimal":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        expected = "un nombre décimal"
    elif kind == "booleen":
        if isinstance(value, bool):
            return value
        expected = "un booléen (vrai/faux)"
    else:
        if isinstance(value, str):
            return value
        expected = "un texte"
    raise ScenarioRuntimeError(
        f"type incorrect : « {name} » attend {expected}, l'effet « {effect.source} » donne "
        f"{show(value)!r}", effect.pos)
