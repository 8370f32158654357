"""Grade expectations of a test plan (`criteres`, `bloquantes`, `"!C3.4"`).

The grade is what `ntc score` would compute: scoring reads the session's header and events
only, exactly as for a trainee's log. A failure reason is French and names the criterion.
"""

from __future__ import annotations

from typing import Any

from scoring import load_referential, score_session
from scoring.referential import ReferentialError
from scoring.results import CriterionResult
from simulator.scenario.model import Scenario, TestExpectation


def needs_grades(expect: TestExpectation | None) -> bool:
    """Whether checking `expect` needs scoring (decisions, blockers, « no unfavourable »)."""
    if expect is None:
        return False
    return bool(expect.criteria) or expect.blocking is not None or any(
        item.startswith("!") for item in expect.evidence)


def criteria_of(scenario: Scenario, header: dict[str, Any],
                events: list[dict[str, Any]]) -> dict[str, CriterionResult]:
    """Per-criterion results scoring computes for one played session."""
    referential = load_referential(scenario.referential)
    result = score_session(header, events, scenario, referential)
    return {c.id: c for c in result.scoring.criteria()}


def grade_failure(scenario: Scenario, expect: TestExpectation, header: dict[str, Any],
                  events: list[dict[str, Any]]) -> str | None:
    """Why the grade does not match `expect` (French), or None when it does."""
    if not needs_grades(expect):
        return None
    try:
        results = criteria_of(scenario, header, events)
    except ReferentialError as exc:
        return f"évaluation impossible : {exc}"
    for criterion, wanted in expect.criteria.items():
        got = results.get(criterion)
        if got is None:
            return f"critère {criterion} absent du référentiel {scenario.referential}"
        if got.decision != wanted:
            return (f"critère {criterion} : attendu {wanted}, obtenu {got.decision} "
                    f"({got.justification})")
    for item in expect.evidence:
        if not item.startswith("!"):
            continue
        criterion = item[1:].strip()
        got = results.get(criterion)
        bad = [e for e in (got.evidence if got else ()) if e.weight < 0 or e.blocker]
        if bad:
            first = bad[0]
            return (f"preuve défavorable sur {criterion} alors qu'aucune n'était attendue "
                    f"({first.justification})")
    if expect.blocking is not None:
        wanted_set = sorted(set(expect.blocking))
        got_set = sorted(c.id for c in results.values() if c.blocker)
        if wanted_set != got_set:
            return (f"fautes bloquantes attendues : {', '.join(wanted_set) or 'aucune'} ; "
                    f"obtenues : {', '.join(got_set) or 'aucune'}")
    return None
