"""Value helpers shared by the node kinds: finite numbers, JSON-stable values, typed effects."""

from __future__ import annotations

import math
from typing import Any

from simulator.engine.errors import LimitExceeded, ScenarioRuntimeError
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


MAX_INTEGER = 10**15          # far beyond any amount of a dossier, exact as a float
MAX_DECIMAL = 1e15
MAX_TEXT = 10_000             # characters of a text variable


def bounded(name: str, value: Value, effect: Expression) -> Value:
    """`value` when within the limits of a variable; LimitExceeded (French) otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > MAX_INTEGER:
        raise LimitExceeded(
            f"limite dépassée : « {name} » dépasserait 10¹⁵ en valeur absolue ; l'effet "
            f"« {effect.source} » fait croître la variable sans borne", effect.pos)
    if isinstance(value, float) and (not math.isfinite(value) or abs(value) > MAX_DECIMAL):
        raise LimitExceeded(
            f"limite dépassée : « {name} » dépasserait 10¹⁵ en valeur absolue ; l'effet "
            f"« {effect.source} » fait croître la variable sans borne", effect.pos)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise LimitExceeded(
            f"limite dépassée : le texte « {name} » dépasserait {MAX_TEXT:_} caractères "
            f"({len(value):_}) ; l'effet « {effect.source} » l'allonge sans borne"
            .replace("_", "\u202f"), effect.pos)
    return value


def typed(kind: str, name: str, value: object, effect: Expression) -> Value:
    """Check an effect's result against the variable's declared type and limits."""
    return bounded(name, _typed(kind, name, value, effect), effect)


def _typed(kind: str, name: str, value: object, effect: Expression) -> Value:
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
