"""`si(condition, a, b)`: a value chosen by a condition, only the chosen one evaluated."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.scenario.expressions import DictEnv, ExpressionError, parse_expression


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_si_matches_the_condition(x: int, threshold: int) -> None:
    expr = parse_expression(f"si(x >= {threshold}, 'haut', 'bas')")
    assert expr.evaluate(DictEnv({"x": x})) == ("haut" if x >= threshold else "bas")


def test_branch_not_taken_is_not_evaluated() -> None:
    expr = parse_expression("si(n > 0, total / n, 0)")
    assert expr.evaluate(DictEnv({"n": 0, "total": 10})) == 0
    assert expr.evaluate(DictEnv({"n": 4, "total": 10})) == 2.5


def test_si_nests_and_mixes_with_operators() -> None:
    expr = parse_expression("si(a, 1, si(b, 2, 3)) + 10")
    assert expr.evaluate(DictEnv({"a": False, "b": True})) == 12


@pytest.mark.parametrize(("source", "words"), [
    ("si(x > 1, 2)", "si() attend 3 arguments"),
    ("si x > 1", "la fonction si(condition"),
    ("x => 2", "écrivez « >= »"),
    ("x =< 2", "écrivez « <= »"),
])
def test_mistakes_name_the_fix(source: str, words: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(source)
    assert words in info.value.message
