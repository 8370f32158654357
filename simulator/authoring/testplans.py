"""`ntc scenarios test`: the engine plays each plan, scoring grades it when the plan asks.

The engine's runner (`simulator.engine.testplan`) checks what the session itself knows
(node, outcome, variables, evidence given). Expectations on the grade — decisions per
criterion, blocking faults, « no unfavourable evidence » — are checked here from the events
the plan produced (kept in its PlanResult), by the same scoring code `ntc score` uses.
"""

from __future__ import annotations

from dataclasses import replace

from simulator.authoring.grades import grade_failure, needs_grades
from simulator.engine.testplan import PlanResult, run_plan
from simulator.engine.worlds import WorldCache
from simulator.scenario.model import Scenario, TestPlan


def run_plan_graded(scenario: Scenario, plan: TestPlan, worlds: WorldCache | None = None,
                    world_seed: int | None = None) -> PlanResult:
    """The engine's verdict on the plan, then the grade's when the plan expects one."""
    result = run_plan(scenario, plan, worlds or WorldCache(), world_seed)
    if not result.ok or plan.expect is None or not needs_grades(plan.expect):
        return result
    reason = grade_failure(scenario, plan.expect, result.header or {}, list(result.events))
    if reason is None:
        return result
    return replace(result, ok=False, reason=reason, pos=plan.expect.pos)


def run_plans_graded(scenario: Scenario, worlds: WorldCache | None = None,
                     world_seed: int | None = None) -> list[PlanResult]:
    """Every plan of the scenario, grade expectations included."""
    worlds = worlds or WorldCache()
    return [run_plan_graded(scenario, plan, worlds, world_seed) for plan in scenario.tests]
