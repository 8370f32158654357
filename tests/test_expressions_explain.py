"""Explanations of false conditions, for authors."""

from __future__ import annotations

import pytest

from simulator.scenario.expr_explain import explain_false, unparse
from simulator.scenario.expressions import DictEnv, parse_expression

ENV = DictEnv({"tension": 3, "rdv": False, "humeur": "mefiant", "client": {"segment": "C"}},
              visits={"accueil": 1}, revealed={"arrets"})


@pytest.mark.parametrize(("src", "expected"), [
    ("tension < 2", "« tension < 2 » est faux (tension = 3)"),
    ("revele(arrets) et tension < 2", "« tension < 2 » est faux (tension = 3)"),
    ("tension < 2 ou rdv", "« tension < 2 » est faux (tension = 3) et « rdv » est faux "
                           "(rdv = faux)"),
    ("non (humeur == 'mefiant')", "« non (humeur == 'mefiant') » est faux "
                                  "(humeur = 'mefiant')"),
    ("client.segment dans ['A', 'B']", "« client.segment dans ['A', 'B'] » est faux "
                                       "(client.segment = 'C')"),
    ("visites(accueil) > 1", "« visites(accueil) > 1 » est faux (visites(accueil) = 1)"),
    ("tension / 0 > 1", "« tension / 0 > 1 » : division par zéro"),
])
def test_explain_false(src: str, expected: str) -> None:
    assert explain_false(parse_expression(src), ENV) == expected


def test_true_condition_has_no_explanation() -> None:
    assert explain_false(parse_expression("tension > 2 et non rdv"), ENV) is None


@pytest.mark.parametrize("src", [
    "1 + 2 * 3", "(1 + 2) * 3", "-tension", "non rdv et vrai", "a.b.c dans [1, 'x', faux]",
    "min(1, 2) // 3 % 2", "0 <= tension < 10", "humeur non dans ['a']", "revele(arrets)",
])
def test_unparse_round_trips(src: str) -> None:
    first = parse_expression(src)
    again = parse_expression(unparse(first.root))
    assert unparse(again.root) == unparse(first.root)
    if not first.names() - {"tension", "rdv", "humeur"}:
        assert again.evaluate(ENV) == first.evaluate(ENV)
