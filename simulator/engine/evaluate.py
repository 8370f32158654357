"""Bridge between the scenario's expressions and the session: parse once, evaluate, and
turn expression errors into French runtime errors that point at the scenario source."""

from __future__ import annotations

from simulator.engine.errors import ScenarioRuntimeError
from simulator.scenario.expressions import (
    Env,
    EvaluationError,
    ExpressionError,
    parse_assignment,
    parse_expression,
)
from simulator.scenario.model import Expression, Pos

__all__ = ["assignment", "evaluate", "holds"]


def _at(pos: Pos, column: int | None) -> Pos:
    if column is None:
        return pos
    return Pos(pos.path, pos.line, pos.col + column - 1)


def _fail(expr: Expression,
          exc: ExpressionError | EvaluationError | KeyError) -> ScenarioRuntimeError:
    if isinstance(exc, KeyError):
        name = exc.args[0] if exc.args else "?"
        return ScenarioRuntimeError(
            f"nom inconnu « {name} » dans « {expr.source} »", expr.pos)
    return ScenarioRuntimeError(f"« {expr.source} » : {exc.message}",
                                _at(expr.pos, exc.column))


def evaluate(expr: Expression, env: Env) -> object:
    """Value of an authored expression; ScenarioRuntimeError on any problem."""
    try:
        return parse_expression(expr.source).evaluate(env)
    except (ExpressionError, EvaluationError, KeyError) as exc:
        raise _fail(expr, exc) from None


def holds(expr: Expression, env: Env) -> bool:
    """Truth value of a condition."""
    try:
        return parse_expression(expr.source).test(env)
    except (ExpressionError, EvaluationError, KeyError) as exc:
        raise _fail(expr, exc) from None


def assignment(expr: Expression, current: object, env: Env) -> tuple[str, object]:
    """(target, new value) of an effect, before type checking."""
    try:
        parsed = parse_assignment(expr.source)
        return parsed.target, parsed.apply(current, env)
    except (ExpressionError, EvaluationError, KeyError) as exc:
        raise _fail(expr, exc) from None


def target_of(expr: Expression) -> str:
    """Name of the variable an effect assigns."""
    try:
        return parse_assignment(expr.source).target
    except ExpressionError as exc:
        raise _fail(expr, exc) from None
