"""Competence coverage of the shipped library (issue 7 quality bar).

Every criterion of TP-00338 must be reachable with positive and with negative evidence by some
shipped test plan (authored evidence on choices, task and offer evidence, as recorded in the
session events), and every competence C1–C7 must be targeted by at least two scenarios. The
full exam and the jury interview must cover what the exam covers.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from scoring import load_referential
from simulator.authoring.testplans import run_plans_graded as run_plans
from simulator.engine.testplan import PlanResult
from simulator.engine.worlds import WorldCache
from simulator.scenario import load_scenario, shipped_scenarios
from simulator.scenario.model import Scenario

REFERENTIAL = load_referential("TP-00338")
WORLDS = WorldCache()


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    return {sc.id: sc for sc in (load_scenario(p) for p in shipped_scenarios())}


@pytest.fixture(scope="module")
def results(library: dict[str, Scenario]) -> dict[str, list[PlanResult]]:
    return {sid: run_plans(sc, WORLDS) for sid, sc in library.items()}


def _signs(results: list[PlanResult]) -> dict[str, set[int]]:
    signs: dict[str, set[int]] = defaultdict(set)
    for result in results:
        for criterion, weight in result.evidence:
            signs[criterion].add(1 if weight > 0 else -1)
    return signs


def test_the_referential_has_31_criteria() -> None:
    assert len(REFERENTIAL.criteria) == 31
    assert sorted(REFERENTIAL.competences) == [f"C{i}" for i in range(1, 8)]


def test_every_criterion_is_seen_positive_and_negative(
        results: dict[str, list[PlanResult]]) -> None:
    failing = [f"{sid} — {r.name} : {r.reason}" for sid, rs in results.items()
               for r in rs if not r.ok]
    assert not failing, "\n".join(failing)
    signs = _signs([r for rs in results.values() for r in rs])
    missing = []
    for cid in REFERENTIAL.criteria:
        lacking = [label for sign, label in ((1, "+"), (-1, "−")) if sign not in signs[cid]]
        if lacking:
            missing.append(f"{cid} ({' '.join(lacking)})")
    assert not missing, "critères sans preuve positive (+) ou négative (−) : " \
        + ", ".join(missing)
    unknown = sorted(set(signs) - set(REFERENTIAL.criteria))
    assert not unknown, f"critères inconnus du référentiel : {unknown}"


def test_every_competence_is_targeted_by_two_scenarios(library: dict[str, Scenario]) -> None:
    targeted: dict[str, list[str]] = defaultdict(list)
    for sid, sc in library.items():
        for comp in sc.competences:
            targeted[comp].append(sid)
    thin = {c: targeted[c] for c in REFERENTIAL.competences if len(targeted[c]) < 2}
    assert not thin, f"compétences visées par moins de deux scénarios : {thin}"


def test_targeted_competences_get_both_signs_in_each_scenario(
        library: dict[str, Scenario], results: dict[str, list[PlanResult]]) -> None:
    problems = []
    for sid, sc in library.items():
        signs = _signs(results[sid])
        for comp in sc.competences:
            seen = set().union(*(signs[c.id] for c in REFERENTIAL.competences[comp].criteria))
            if seen != {1, -1}:
                problems.append(f"{sid} : {comp} {sorted(seen)}")
    assert not problems, "\n".join(problems)


def test_full_exam_runs_the_whole_sequence_on_both_ccps(
        library: dict[str, Scenario], results: dict[str, list[PlanResult]]) -> None:
    sc = library["epreuve-complete"]
    assert {"C1", "C2", "C3", "C5", "C6", "C7"} <= set(sc.competences)
    ccps = {REFERENTIAL.competences[c].ccp for c in sc.competences}
    assert ccps == {"CCP1", "CCP2"}
    assert sc.timer is not None and "examen" in sc.timer.modes
    assert sc.nodes[sc.timer.expiry].kind == "fin"
    kinds = [n.kind for n in sc.nodes.values()]
    assert {"tache", "dialogue", "negociation", "fin"} <= set(kinds)
    plans = sc.tests
    outcomes = [p.expect.outcome for p in plans if p.expect is not None]
    assert outcomes.count("succes") >= 2
    assert sum(o in ("echec", "partiel") for o in outcomes) >= 2
    assert any(p.mode == "examen" and p.expect is not None and p.expect.outcome == "succes"
               for p in plans)
    # the model path shows each part of the exam, in the exam's order
    model = next(r for r in results["epreuve-complete"] if r.name.startswith("Parcours modèle"))
    order = []
    for criterion, weight in model.evidence:
        comp = criterion.split(".")[0]
        if weight > 0 and (not order or order[-1] != comp):
            order.append(comp)
    firsts = [order.index(c) for c in ("C7", "C1", "C2", "C3", "C6")]
    assert firsts == sorted(firsts), order
    assert order[-1] == "C7"       # the report to the hierarchy closes the exam


def test_jury_interview_covers_concession_iso_and_loyalty(
        library: dict[str, Scenario], results: dict[str, list[PlanResult]]) -> None:
    sc = library["entretien-jury"]
    assert {"C3", "C4", "C6"} <= set(sc.competences)
    signs = _signs(results["entretien-jury"])
    for cid in ("C3.3", "C3.4", "C1.6", "C6.4", "C4.4"):
        assert signs[cid] == {1, -1}, cid
    assert -1 in signs["C4.1"] and 1 in signs["C4.3"]
