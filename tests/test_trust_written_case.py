"""The written case of epreuve-complete asks what the trainee computes from raw data, never
a figure the dossier shows (issue 13, §8; the rule is the engine's `answers` module)."""

from __future__ import annotations

import pytest

from simulator.engine import Session
from simulator.engine.answers import FIGURE_ROOTS, field_paths, hidden_paths
from simulator.scenario import load_scenario
from simulator.scenario.expressions import DictEnv, parse_expression


@pytest.fixture(scope="module")
def exam() -> Session:
    return Session(load_scenario("epreuve-complete"), seed=3, trainee="Camille Martin",
                   mode="examen")


def _expected(session: Session, source: str) -> float:
    value = parse_expression(source).evaluate(DictEnv(dict(session.world)))
    assert isinstance(value, int | float)
    return float(value)


def test_no_answer_of_the_written_case_is_shown_in_the_exam(exam: Session) -> None:
    scenario, world = exam.scenario, exam.world
    hidden = hidden_paths(scenario, "examen", world=world)
    node = scenario.nodes["cas_ecrit"]
    for f in node.fields:
        assert f.expected is not None
        assert field_paths(f) <= hidden, f.id
        answer = _expected(exam, f.expected.source)
        shown = {f"{root}.{key}": value for root in FIGURE_ROOTS
                 for key, value in world[root].items()
                 if f"{root}.{key}" not in hidden and isinstance(value, int | float)
                 and not isinstance(value, bool)}
        twins = [p for p, v in shown.items() if abs(v - answer) <= 1e-6 * max(1, abs(answer))]
        assert not twins, (f.id, twins)


def test_each_answer_is_computed_from_raw_data(exam: Session) -> None:
    world = exam.world
    kpis = world["indicateurs"]
    start, end = kpis["periode_debut"], kpis["periode_fin"]
    orders = [o for o in world["commandes"] if start <= o["date"] <= end]
    ca = sum(o["montant_ht"] for o in orders)
    late = sum(f["montant_ttc"] for f in world["factures"] if f["en_retard"])
    share = 100 * ca / world["marche"]["taille"]
    fields = {f.id: f for f in exam.scenario.nodes["cas_ecrit"].fields}
    assert set(fields) == {"ca", "retard", "part_de_marche"}
    assert _expected(exam, fields["ca"].expected.source) == pytest.approx(ca, rel=0.01)
    assert _expected(exam, fields["retard"].expected.source) == pytest.approx(late, rel=0.01)
    assert _expected(exam, fields["part_de_marche"].expected.source) == pytest.approx(
        share, abs=0.5)
