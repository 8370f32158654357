"""Built-in functions of the expression language (the whitelist).

`visites`, `revele`, `reussi` and `score_tache` are not here: they ask the session through
`Env.call` (SESSION_FUNCTIONS).
Rounding is half away from zero, as a trainer computing by hand expects (not Python's
banker's rounding).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from simulator.scenario.expr_errors import EvaluationError, type_name
from simulator.scenario.expr_nodes import Builtin, Context, is_number, truth


def _numbers(func: str, values: object, ctx: Context, column: int) -> list[int | float]:
    if not isinstance(values, list | tuple):
        raise EvaluationError(f"{func}() attend une liste de nombres, pas {type_name(values)}",
                              column)
    ctx.step(len(values))
    out: list[int | float] = []
    for value in values:
        if not is_number(value):
            raise EvaluationError(
                f"{func}() attend des nombres, la liste contient {type_name(value)}", column)
        assert isinstance(value, int | float)
        out.append(value)
    return out


def _spread(func: str, args: list[object], ctx: Context, column: int) -> list[object]:
    """`min(a, b, c)` or `min(liste)`: the items to compare."""
    items: list[object] = list(args)
    if len(args) == 1:
        if not isinstance(args[0], list | tuple):
            raise EvaluationError(
                f"{func}() avec un seul argument attend une liste, pas {type_name(args[0])}",
                column)
        items = list(args[0])
    ctx.step(len(items))
    if not items:
        raise EvaluationError(f"{func}() d'une liste vide", column)
    if all(is_number(v) for v in items) or all(isinstance(v, str) for v in items):
        return items
    kinds = sorted({type_name(v) for v in items})
    raise EvaluationError(f"{func}() ne peut pas comparer {' et '.join(kinds)}", column)


def _min(args: list[object], ctx: Context, column: int) -> object:
    return min(_spread("min", args, ctx, column))  # type: ignore[type-var]


def _max(args: list[object], ctx: Context, column: int) -> object:
    return max(_spread("max", args, ctx, column))  # type: ignore[type-var]


def round_half_up(value: float, digits: int = 0) -> int | float:
    """Round half away from zero; an int when no digits are asked."""
    if isinstance(value, int) and digits >= 0:
        return value
    if not math.isfinite(value):
        raise EvaluationError("impossible d'arrondir un nombre infini")
    try:
        quantum = Decimal(1).scaleb(-digits)
        rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise EvaluationError("arrondi impossible (nombre trop grand)") from None
    return int(rounded) if digits <= 0 else float(rounded)


def _round(args: list[object], ctx: Context, column: int) -> object:
    ctx.step()
    value = args[0]
    if not is_number(value):
        raise EvaluationError(f"arrondi() attend un nombre, pas {type_name(value)}", column)
    digits: object = 0
    if len(args) == 2:
        digits = args[1]
        if not (isinstance(digits, int) and not isinstance(digits, bool)) or not (
                -20 <= digits <= 20):
            raise EvaluationError(
                "arrondi() : le nombre de décimales doit être un entier entre -20 et 20", column)
    assert isinstance(value, int | float) and isinstance(digits, int)
    try:
        return round_half_up(value, digits)
    except EvaluationError as exc:
        raise EvaluationError(exc.message, column) from None


def _abs(args: list[object], ctx: Context, column: int) -> object:
    ctx.step()
    value = args[0]
    if not is_number(value):
        raise EvaluationError(f"abs() attend un nombre, pas {type_name(value)}", column)
    assert isinstance(value, int | float)
    return abs(value)


def _sum(args: list[object], ctx: Context, column: int) -> object:
    return sum(_numbers("somme", args[0], ctx, column))


def _mean(args: list[object], ctx: Context, column: int) -> object:
    values = _numbers("moyenne", args[0], ctx, column)
    if not values:
        raise EvaluationError("moyenne() d'une liste vide", column)
    return math.fsum(values) / len(values)


def _count(args: list[object], ctx: Context, column: int) -> object:
    values = args[0]
    if not isinstance(values, list | tuple):
        raise EvaluationError(f"compte() attend une liste, pas {type_name(values)}", column)
    ctx.step(len(values))
    if len(args) == 1:
        return len(values)
    return sum(1 for v in values if v == args[1])


def _length(args: list[object], ctx: Context, column: int) -> object:
    value = args[0]
    ctx.step()
    if not isinstance(value, str | list | tuple):
        raise EvaluationError(f"longueur() attend un texte ou une liste, pas {type_name(value)}",
                              column)
    return len(value)


def _if(args: list[object], ctx: Context, column: int) -> object:
    """si(condition, a, b): only reached with evaluated args when called directly."""
    return args[1] if truth(args[0]) else args[2]


# name -> (implementation, minimum arguments, maximum arguments or None for no limit)
BUILTINS: dict[str, tuple[Builtin, int, int | None]] = {
    "min": (_min, 1, None),
    "max": (_max, 1, None),
    "round": (_round, 1, 2),
    "arrondi": (_round, 1, 2),
    "abs": (_abs, 1, 1),
    "somme": (_sum, 1, 1),
    "moyenne": (_mean, 1, 1),
    "compte": (_count, 1, 2),
    "longueur": (_length, 1, 1),
    "si": (_if, 3, 3),        # lazy in Call.compute: only the chosen value is evaluated
}
# Functions answered by the session (`Env.call`); their argument is a literal id of the kind
# named here (used in French messages: « attend l'identifiant d'un … »).
SESSION_ARGUMENTS: dict[str, str] = {
    "visites": "nœud",                # times the node was entered
    "revele": "besoin caché",         # the hidden need was revealed
    "reussi": "champ de tâche",       # the task field's last answer was right
    "score_tache": "nœud de tâche",   # fraction (0..1) of right fields of the task's last answer
    # the deal made on that negotiation node is below the floor price or beyond the discount
    # delegation (without the manager's agreement): a blocking fault, never a clean success
    "accord_hors_limites": "nœud de négociation",
}
SESSION_FUNCTIONS: tuple[str, ...] = tuple(SESSION_ARGUMENTS)
FUNCTION_NAMES: tuple[str, ...] = (*BUILTINS, *SESSION_FUNCTIONS)
