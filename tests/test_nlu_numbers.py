"""The one French number parser: every way a trainee writes an amount or a rate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.nlu.numbers import parse_number


@pytest.mark.parametrize(("text", "expected"), [
    ("265 483 €", 265483.0),
    ("265\u202f483\u00a0€", 265483.0),
    ("265\u00a0483", 265483.0),
    ("19,8 %", 19.8),
    ("19,8\u202f%", 19.8),
    ("19.8%", 19.8),
    ("12 500,50 € HT", 12500.5),
    ("12 500,50 €HT", 12500.5),
    ("12 500,50 euros TTC", 12500.5),
    ("12 k€", 12000.0),
    ("12k€", 12000.0),
    ("1,2 M€", 1_200_000.0),
    ("1.234.567", 1234567.0),
    ("1.234,56", 1234.56),
    ("1,234.56", 1234.56),
    ("-3", -3.0),
    ("\u22123,5", -3.5),
    ("+5 %", 5.0),
    ("0,5", 0.5),
    (",5", 0.5),
    ("42", 42.0),
    (" 42 ", 42.0),
    (12, 12.0),
    (3.5, 3.5),
])
def test_accepted(text: object, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "12 abc", "1 23", "12 3456", "nan", "inf", "1e400", "€", "%",
    "12,5,3", "--3", True, None, [], float("nan"), 1e300, "9" * 80,
])
def test_refused(text: object) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_grouped_integers_round_trip(n: int) -> None:
    grouped = f"{abs(n):,}".replace(",", "\u202f")
    text = ("-" if n < 0 else "") + grouped + " €"
    assert parse_number(text) == float(n)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_comma(units: int, cents: int) -> None:
    grouped = f"{units:,}".replace(",", " ")
    assert parse_number(f"{grouped},{cents:02d} €") == pytest.approx(units + cents / 100)
