"""`ntc scenarios test`: the engine plays each plan, scoring grades it when the plan asks.

The engine's runner (`simulator.engine.testplan`) checks what the session itself knows
(node, outcome, variables, evidence given). Expectations on the grade — decisions per
criterion, blocking faults, « no unfavourable evidence » — are checked here from the events
the plan produced, by the same scoring code `ntc score` uses.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from simulator.authoring.grades import grade_failure, needs_grades
from simulator.engine.session import Session
from simulator.engine.steps import apply_step
from simulator.engine.testplan import STEP_MS, PlanResult, run_plan
from simulator.engine.worlds import WorldCache
from simulator.log.clock import ManualClock
from simulator.scenario.model import Scenario, TestPlan


def _played(scenario: Scenario, plan: TestPlan, worlds: WorldCache,
            world_seed: int | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Header and events of the plan's session (the plan already passed: steps apply)."""
    wseed = plan.seed if world_seed is None else world_seed
    session = Session(scenario, seed=plan.seed, mode=plan.mode, trainee="Stagiaire Test",
                      world=worlds.get(scenario, wseed), clock=ManualClock(),
                      session_id=f"test-{plan.seed}",
                      started_at="2026-01-01T00:00:00.000+00:00")
    session.start()
    for number, step in enumerate(plan.steps, start=1):
        apply_step(session, step, t_ms=number * STEP_MS)
    return session.header(), session.events


def run_plan_graded(scenario: Scenario, plan: TestPlan, worlds: WorldCache | None = None,
                    world_seed: int | None = None) -> PlanResult:
    worlds = worlds or WorldCache()
    engine_plan = plan
    if plan.expect is not None and needs_grades(plan.expect):
        # « !C3.4 » is a grade expectation: the engine checks only the evidence it gave.
        kept = tuple(i for i in plan.expect.evidence if not i.startswith("!"))
        engine_plan = replace(plan, expect=replace(plan.expect, evidence=kept))
    result = run_plan(scenario, engine_plan, worlds, world_seed)
    if not result.ok or plan.expect is None or not needs_grades(plan.expect):
        return result
    header, events = _played(scenario, plan, worlds, world_seed)
    reason = grade_failure(scenario, plan.expect, header, events)
    if reason is None:
        return result
    return replace(result, ok=False, reason=reason, pos=plan.expect.pos)


def run_plans_graded(scenario: Scenario, worlds: WorldCache | None = None,
                     world_seed: int | None = None) -> list[PlanResult]:
    """Every plan of the scenario, grade expectations included."""
    worlds = worlds or WorldCache()
    return [run_plan_graded(scenario, plan, worlds, world_seed) for plan in scenario.tests]
