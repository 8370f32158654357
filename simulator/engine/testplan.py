"""Run the test plans written inside scenarios (`ntc scenarios test`).

Each plan plays its steps on a fresh session (its seed and mode, a manual clock) and checks
its expectations: node reached, outcome, variable values, evidence given (`C1.2`) or
negative evidence (`-C3.3`). A failure names the reason in French and the position of the
step or expectation at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.engine.errors import EngineError
from simulator.engine.session import Session
from simulator.engine.steps import StepError, apply_step
from simulator.engine.text import show
from simulator.engine.worlds import WorldCache
from simulator.log.clock import ManualClock
from simulator.scenario.model import Pos, Scenario, TestPlan, Value

STEP_MS = 1000   # simulated time between two steps of a plan


@dataclass(frozen=True)
class PlanResult:
    scenario: str
    name: str
    ok: bool
    reason: str = ""
    pos: Pos | None = None
    evidence: tuple[tuple[str, float], ...] = ()   # (criterion, weight) of each evidence event
    # The session a passing plan played (header and events), for checks above the engine
    # (simulator.authoring grades it with scoring, which the engine never imports).
    header: dict[str, Any] | None = None
    events: tuple[dict[str, Any], ...] = ()


def _same(expected: Value, actual: object) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(expected) - float(actual)) <= 1e-9 * max(1.0, abs(float(expected)))
    return expected == actual


def run_plan(scenario: Scenario, plan: TestPlan, worlds: WorldCache | None = None,
             world_seed: int | None = None) -> PlanResult:
    """Play one plan and check its expectations.

    `world_seed` generates the world at another seed than the plan's `graine` (which still
    seeds the session's draws): a plan that passes for any world seed does not depend on the
    generated values.
    """
    worlds = worlds or WorldCache()
    name = plan.name or "(sans nom)"
    wseed = plan.seed if world_seed is None else world_seed
    try:
        session = Session(scenario, seed=plan.seed, mode=plan.mode, trainee="Stagiaire Test",
                          world=worlds.get(scenario, wseed), clock=ManualClock(),
                          session_id=f"test-{plan.seed}",
                          started_at="2026-01-01T00:00:00.000+00:00")
        session.start()
    except EngineError as exc:
        return PlanResult(scenario.id, name, False, f"démarrage impossible : {exc.message}",
                          exc.pos or plan.pos)
    for number, step in enumerate(plan.steps, start=1):
        if session.ended:
            return PlanResult(scenario.id, name, False,
                              f"étape {number} ({step.action}) : la séance est déjà terminée "
                              f"(nœud « {session.current_node.id} »)", step.pos)
        try:
            apply_step(session, step, t_ms=number * STEP_MS)
        except (EngineError, StepError) as exc:
            message = exc.message
            where = step.pos
            if isinstance(exc, EngineError) and exc.pos is not None:
                message = f"{message} ({exc.pos})"
            return PlanResult(scenario.id, name, False,
                              f"étape {number} ({step.action}) refusée au nœud "
                              f"« {session.current_node.id} » : {message}", where)
    expect = plan.expect
    if expect is None:
        return PlanResult(scenario.id, name, True, evidence=_evidence(session),
                          header=session.header(), events=tuple(session.events))
    if expect.node is not None and session.current_node.id != expect.node:
        return PlanResult(scenario.id, name, False,
                          f"nœud attendu « {expect.node} », atteint « {session.current_node.id} »",
                          expect.pos)
    if expect.outcome is not None and session.outcome != expect.outcome:
        got = session.outcome or "séance non terminée"
        return PlanResult(scenario.id, name, False,
                          f"issue attendue « {expect.outcome} », obtenue « {got} »", expect.pos)
    values = session.variables
    for var, wanted in expect.variables.items():
        if not _same(wanted, values.get(var)):
            return PlanResult(scenario.id, name, False,
                              f"variable « {var} » : attendu {show(wanted)}, obtenu "
                              f"{show(values.get(var))}", expect.pos)
    given = _evidence(session)
    for item in expect.evidence:
        if item.startswith("!"):
            continue    # « no unfavourable evidence » is a grade: simulator.authoring checks it
        negative = item.startswith("-")
        criterion = item.lstrip("-+").strip()
        found = any(c == criterion and (w < 0 if negative else w > 0) for c, w in given)
        if not found:
            kind = "négative" if negative else "positive"
            return PlanResult(scenario.id, name, False,
                              f"aucune preuve {kind} pour le critère {criterion}", expect.pos)
    return PlanResult(scenario.id, name, True, evidence=tuple(given),
                      header=session.header(), events=tuple(session.events))


def _evidence(session: Session) -> tuple[tuple[str, float], ...]:
    return tuple((str(e["data"]["criterion"]), float(e["data"]["weight"]))
                 for e in session.events if e["type"] == "evidence")


def run_plans(scenario: Scenario, worlds: WorldCache | None = None,
              world_seed: int | None = None) -> list[PlanResult]:
    """Every plan of the scenario (optionally all on a world generated at `world_seed`)."""
    worlds = worlds or WorldCache()
    return [run_plan(scenario, plan, worlds, world_seed) for plan in scenario.tests]
