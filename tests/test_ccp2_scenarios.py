"""CCP2 (management) scenarios of the shipped library: file cleaning, eco route, action plan,
market study, activity report.

The generic quality bar of every shipped scenario lives in test_shipped_scenarios.py. Here we
check what is specific to these task-based scenarios: their expected answers come from the
generated world, so the model path must still succeed and acquire every targeted criterion
when the seed (hence the data) changes; once scored, the failure plans must make every
targeted competence « non acquise » somewhere; every graded field must give negative
evidence (and a correction line) on a wrong answer.
"""

from __future__ import annotations

import contextlib
import io
import itertools
from pathlib import Path
from typing import Any

import pytest

from scoring import ACQUIS, NON_ACQUIS, load_referential, score_session
from simulator.authoring.testplans import run_plans_graded as run_plans
from simulator.cli.main import main
from simulator.engine import Session
from simulator.engine.steps import apply_step
from simulator.engine.symbolic import right_answer
from simulator.engine.worlds import WorldCache
from simulator.engine.worldview import WorldAccess
from simulator.log.clock import ManualClock
from simulator.scenario import format_problem, load_scenario, shipped_scenarios, validate
from simulator.scenario.model import Scenario, TaskField
from simulator.scenario.model import TestPlan as Plan

CCP2 = ["fichier-fiable", "tournee-eco", "plan-action", "etude-marche", "bilan-activite"]
PATHS = {p.stem: p for p in shipped_scenarios()}
OTHER_SEEDS = [2, 4, 17]
WORLDS = WorldCache()
REFERENTIAL = load_referential()
MANAGERS = {"manager", "jury", "narrateur"}   # CCP2 work is reported to the hierarchy


def _path(sid: str) -> Path:
    assert sid in PATHS, f"scénario livré manquant : {sid}"
    return PATHS[sid]


def _scenario(sid: str) -> Scenario:
    return load_scenario(_path(sid))


def _model_plan(sc: Scenario) -> Plan:
    return next(p for p in sc.tests if p.expect is not None and p.expect.outcome == "succes")


def _failure_plans(sc: Scenario) -> list[Plan]:
    return [p for p in sc.tests if p.expect is not None and p.expect.outcome != "succes"]


def _new_session(sc: Scenario, seed: int) -> Session:
    session = Session(sc, seed=seed, trainee="Stagiaire Test", world=WORLDS.get(sc, seed),
                      clock=ManualClock(), session_id=f"ccp2-{sc.id}-{seed}",
                      started_at="2026-11-28T08:00:00.000+00:00")
    session.start()
    return session


def _right_answer(session: Session, f: TaskField, authored: object) -> object:
    """The answer a perfect trainee gives, computed from this session's world."""
    if f.kind == "texte" and not f.figures:
        return authored          # the plan's wording holds the keywords
    if f.kind == "texte":        # its figures come from this seed's world
        return right_answer(session, f)
    expected = session.expected(f)
    if f.kind == "tournee":
        assert isinstance(expected, dict)
        return expected["order"]
    return expected


def _play(sc: Scenario, plan: Plan, seed: int, world_answers: bool) -> Session:
    """Play `plan`'s steps; with `world_answers`, task answers are recomputed for `seed`."""
    session = _new_session(sc, seed)
    for number, step in enumerate(plan.steps, start=1):
        if world_answers and step.action == "repondre":
            assert isinstance(step.value, dict)
            node = sc.nodes[session.node.id]
            answers = {f.id: _right_answer(session, f, step.value.get(f.id))
                       for f in node.fields}
            session.answer(answers, t_ms=number * 1000)
        else:
            apply_step(session, step, t_ms=number * 1000)
    return session


def _decisions(session: Session, sc: Scenario) -> dict[str, str]:
    result = score_session(session.header(), session.events, sc, REFERENTIAL)
    return {c.id: c.decision for c in result.scoring.criteria()}


def _evidence(session: Session) -> list[tuple[str, int]]:
    return [(e["data"]["criterion"], int(e["data"]["weight"]))
            for e in session.events if e["type"] == "evidence"]


def _graded_fields(sc: Scenario) -> list[tuple[str, TaskField]]:
    return [(node.id, f) for node in sc.nodes.values() for f in node.fields if f.criterion]


@pytest.mark.parametrize("sid", CCP2)
def test_validates_without_any_problem(sid: str) -> None:
    problems = validate(_path(sid))
    assert not problems, "\n".join(format_problem(p) for p in problems)


@pytest.mark.parametrize("sid", CCP2)
def test_embedded_plans_pass_on_the_engine(sid: str) -> None:
    results = run_plans(_scenario(sid), WORLDS)
    assert len(results) >= 3
    failures = [f"{r.name} : {r.reason}" for r in results if not r.ok]
    assert not failures, "\n".join(failures)


def test_cli_validates_and_tests_the_ccp2_scenarios() -> None:
    paths = [str(_path(sid)) for sid in CCP2]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["scenarios", "validate", *paths]) == 0
        assert main(["scenarios", "test", *paths]) == 0
    plans = sum(len(_scenario(sid).tests) for sid in CCP2)
    assert f"{plans} passed, 0 failed" in out.getvalue()


@pytest.mark.parametrize("sid", CCP2)
def test_targeted_competences_are_ccp2_or_prospecting(sid: str) -> None:
    sc = _scenario(sid)
    assert set(sc.competences) <= {"C1", "C5", "C6", "C7"}
    assert set(sc.competences) & {"C5", "C6", "C7"}


@pytest.mark.parametrize("sid", CCP2)
def test_interlocutor_is_the_hierarchy_and_brief_renders(sid: str) -> None:
    sc = _scenario(sid)
    speakers = {n.speaker for n in sc.nodes.values() if n.kind in ("dialogue", "tache")}
    assert speakers <= MANAGERS, f"interlocuteurs inattendus : {speakers - MANAGERS}"
    assert "manager" in speakers or "jury" in speakers
    assert sc.brief is not None and "{" in sc.brief.value   # world placeholders
    session = _new_session(sc, 1)
    assert "{" not in session.brief and "}" not in session.brief
    assert str(session.world["vendeur"]["nom"]) in session.brief


@pytest.mark.parametrize("sid", CCP2)
def test_every_graded_criterion_can_be_won_and_lost(sid: str) -> None:
    sc = _scenario(sid)
    signs: dict[str, set[int]] = {}
    for node in sc.nodes.values():
        for choice in node.choices:
            for ev in choice.evidence:
                signs.setdefault(ev.criterion, set()).add(1 if ev.weight > 0 else -1)
    for _, f in _graded_fields(sc):
        assert f.criterion is not None
        signs.setdefault(f.criterion, set()).update({1, -1})   # right / wrong answer
    for comp in sc.competences:
        assert any(c.split(".")[0] == comp for c in signs), f"{comp} jamais évaluée"
    one_sided = sorted(c for c, s in signs.items() if s != {1, -1})
    assert not one_sided, f"critères sans preuve positive et négative : {one_sided}"


@pytest.mark.parametrize("seed", OTHER_SEEDS)
@pytest.mark.parametrize("sid", CCP2)
def test_model_path_acquires_targeted_criteria_whatever_the_seed(sid: str, seed: int) -> None:
    sc = _scenario(sid)
    plan = _model_plan(sc)
    session = _play(sc, plan, seed, world_answers=True)
    assert session.outcome == "succes"
    assert all(w > 0 for _, w in _evidence(session)), _evidence(session)
    decisions = _decisions(session, sc)
    assert plan.expect is not None
    targeted = {e for e in plan.expect.evidence if not e.startswith("-")}
    assert targeted
    assert {c: decisions[c] for c in targeted} == dict.fromkeys(targeted, ACQUIS)
    assert [c for c, d in decisions.items() if d == NON_ACQUIS] == []
    for comp in sc.competences:
        assert any(d == ACQUIS for c, d in decisions.items() if c.split(".")[0] == comp)


@pytest.mark.parametrize("sid", CCP2)
def test_failure_plans_lose_every_targeted_competence_somewhere(sid: str) -> None:
    sc = _scenario(sid)
    plans = _failure_plans(sc)
    assert len(plans) >= 2
    lost: set[str] = set()
    for plan in plans:
        session = _play(sc, plan, plan.seed, world_answers=False)
        assert session.outcome in ("echec", "partiel", "abandon"), plan.name
        assert any(w < 0 for _, w in _evidence(session)), f"{plan.name} : aucune erreur relevée"
        lost |= {c.split(".")[0] for c, d in _decisions(session, sc).items() if d == NON_ACQUIS}
    assert set(sc.competences) <= lost, f"jamais non acquise : {set(sc.competences) - lost}"


@pytest.mark.parametrize("sid", CCP2)
def test_task_answers_depend_on_the_generated_world(sid: str) -> None:
    sc = _scenario(sid)
    fields = [f for node in sc.nodes.values() for f in node.fields
              if f.kind in ("nombre", "selection", "tournee")]
    if not fields:
        pytest.skip("aucune tâche calculée dans ce scénario")
    first, second = _new_session(sc, 1), _new_session(sc, 2)
    changed = [f.id for f in fields if first.expected(f) != second.expected(f)]
    assert changed, "les réponses attendues ne changent pas avec la graine"


def _wrong_answer(session: Session, f: TaskField) -> object:
    expected = session.expected(f)
    if f.kind == "nombre":
        assert isinstance(expected, int | float)
        return expected * 3 + 1000
    if f.kind == "choix":
        return next(o for o in f.options if o.casefold() != str(expected).casefold())
    if f.kind == "texte":
        return "Rien à signaler."
    if f.kind == "selection":
        return []
    assert isinstance(expected, dict)
    world = WorldAccess(session.world)
    ids: list[str] = list(expected["order"])
    return max(itertools.permutations(ids),
               key=lambda order: world.route_km_for(list(order)) or 0.0)


@pytest.mark.parametrize("sid", CCP2)
def test_wrong_task_answers_give_negative_evidence_and_a_correction(sid: str) -> None:
    sc = _scenario(sid)
    graded = _graded_fields(sc)
    if not graded:
        pytest.skip("aucune tâche notée dans ce scénario")
    by_node: dict[str, list[TaskField]] = {}
    for node_id, f in graded:
        by_node.setdefault(node_id, []).append(f)
    for node_id, fields in by_node.items():
        session = _new_session(sc, 3)
        sc_node = sc.nodes[node_id]
        if session.node.id != node_id:
            _walk_to(session, sc, node_id)
        answers: dict[str, Any] = {f.id: _wrong_answer(session, f) for f in sc_node.fields}
        before = len(session.events)
        session.answer(answers, t_ms=60_000)
        events = session.events[before:]
        negative = {(e["data"]["field"], e["data"]["criterion"]) for e in events
                    if e["type"] == "evidence" and e["data"]["weight"] < 0}
        assert negative == {(f.id, f.criterion) for f in fields}
        shown = [e["data"] for e in events if e["type"] == "feedback_shown"]
        assert len(shown) >= len(fields), "pas de retour sur les réponses fausses"


def _walk_to(session: Session, sc: Scenario, node_id: str) -> None:
    """Follow the model plan (world answers) until `node_id` is the current node."""
    plan = _model_plan(sc)
    for number, step in enumerate(plan.steps, start=1):
        if session.node.id == node_id:
            return
        if step.action == "repondre":
            assert isinstance(step.value, dict)
            node = sc.nodes[session.node.id]
            session.answer({f.id: _right_answer(session, f, step.value.get(f.id))
                            for f in node.fields}, t_ms=number * 1000)
        else:
            apply_step(session, step, t_ms=number * 1000)
    assert session.node.id == node_id, f"nœud « {node_id} » hors du parcours modèle"
