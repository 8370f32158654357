"""Property tests: arbitrary input never escapes the two French error types."""

from __future__ import annotations

import contextlib
import operator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario.expressions import (
    UNEXPECTED,
    DictEnv,
    EvaluationError,
    ExpressionError,
    parse_assignment,
    parse_expression,
)

ENV = DictEnv(
    {"a": 3, "b": 0, "s": "txt", "l": [1, 2.5, 3], "d": {"x": 1, "y": [{"z": 2}]},
     "n": None, "t": True},
    visits={"a": 1}, revealed={"a"})

CHARS = list("abdlnstxyz019._ ()[],'\"+-*/%<>=!&|^~@:;{}\\#«»\né")
WORDS = ["et ", "ou ", "non ", "in ", "vrai", "faux", "somme(", "min(", "arrondi(", "visites(",
         "revele(", "compte(", "moyenne(", "longueur(", "**", "//", "==", "<=", "__", "lambda",
         "1_000", "2.5", "d.y.z", "l", "if "]
ALPHABET = st.sampled_from(CHARS + WORDS)
TOKENS = st.lists(ALPHABET, max_size=40).map("".join)


def _run(src: str) -> None:
    try:
        parse_expression(src).evaluate(ENV)
    except (ExpressionError, EvaluationError) as exc:
        assert exc.message
        assert exc.message != UNEXPECTED
        assert isinstance(exc, EvaluationError) or 1 <= exc.column <= len(src) + 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TOKENS)
def test_token_soup_only_raises_expression_errors(src: str) -> None:
    _run(src)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_random_text_only_raises_expression_errors(src: str) -> None:
    _run(src)


@settings(max_examples=200, deadline=None)
@given(TOKENS)
def test_assignments_only_raise_expression_errors(src: str) -> None:
    with contextlib.suppress(ExpressionError, EvaluationError):
        parse_assignment("a " + src).apply(1, ENV)


@settings(max_examples=200, deadline=None)
@given(st.integers(-10**12, 10**12), st.integers(-10**6, 10**6).filter(lambda v: v != 0))
def test_integer_arithmetic_matches_python(x: int, y: int) -> None:
    env = DictEnv({"x": x, "y": y})
    for op, func in (("+", operator.add), ("-", operator.sub), ("*", operator.mul),
                     ("//", operator.floordiv), ("%", operator.mod)):
        assert parse_expression(f"x {op} y").evaluate(env) == func(x, y)
    assert parse_expression("x / y").evaluate(env) == x / y
    assert parse_expression("x < y ou x == y").evaluate(env) == (x <= y)


ATOMS = st.sampled_from(["a", "b", "s", "l", "d.x", "d.y.z", "n", "t", "0", "2", "2.5", "'x'",
                         "vrai", "[1, 2]", "[]", "visites(a)", "revele(a)", "d"])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(
        ["+", "-", "*", "/", "//", "%", "==", "!=", "<", ">=", "et", "ou", "in", "not in"]),
        children).map(lambda t: f"{t[0]} {t[1]} {t[2]}")
    unary = st.tuples(st.sampled_from(["-", "non ", ""]), children).map(
        lambda t: f"({t[0]}({t[1]}))")
    call = st.tuples(st.sampled_from(
        ["somme", "moyenne", "compte", "longueur", "min", "max", "abs", "arrondi"]),
        children).map(lambda t: f"{t[0]}({t[1]})")
    return binary | unary | call | children.map(lambda c: f"[{c}, {c}]")


WELL_FORMED = st.recursive(ATOMS, _combine, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(WELL_FORMED)
def test_well_formed_expressions_parse_and_only_raise_evaluation_errors(src: str) -> None:
    if len(src) > 500:
        return
    expr = parse_expression(src)   # grammar-generated: must parse
    try:
        first = expr.evaluate(ENV)
    except EvaluationError as exc:
        assert exc.message != UNEXPECTED
        return
    assert expr.evaluate(ENV) == first   # deterministic
