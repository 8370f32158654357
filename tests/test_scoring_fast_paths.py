"""The fast `build_scoring` (shared results for what was not observed, one pass per list)
and the cache's evidence reader decide exactly as the straightforward algorithm
(`scoring_reference`): on the recorded logs, on generated evidence, and combined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import scoring_reference as reference
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.decision import build_scoring
from scoring.evidence import Evidence
from scoring.fold import FoldTotals, last_overrides, session_result
from scoring.frozen import _evidence, _evidence_json
from scoring.referential import load_referential
from scoring.results import DECISIONS, Note, Override
from scoring.scorer import SCOPE_ALL, SCOPE_ONE, _combination, collect_evidence
from scoring.sources import facts_from_scenario
from simulator.log import read_log
from simulator.scenario import load_scenario

LOGS = Path(__file__).parent / "data" / "logs"
RECORDED = sorted(LOGS.glob("*.jsonl"))
REFERENTIALS = ("TP-00338", "RNCP39063")
SCOPES = (SCOPE_ONE, SCOPE_ALL)


def _recorded(log: Path, ref_id: str) -> list[Evidence]:
    read = read_log(log)
    assert read.header is not None
    scen = load_scenario(LOGS / "scenarios" / f"{read.header['scenario']['id']}.yaml")
    evidence, _ = collect_evidence(read.header, read.events, facts_from_scenario(scen),
                                   load_referential(ref_id), log.stem)
    return evidence


@pytest.mark.parametrize("ref_id", REFERENTIALS)
@pytest.mark.parametrize("log", RECORDED, ids=lambda p: p.name)
def test_recorded_logs_decide_as_the_reference(log: Path, ref_id: str) -> None:
    ref = load_referential(ref_id)
    evidence = _recorded(log, ref_id)
    assert evidence or ref_id != "TP-00338"
    last = ref.ccps[-1].competences[-1].criteria[-1].id
    some = [*sorted({e.criterion for e in evidence})[:2], last]
    overrides = {c: Override(c, DECISIONS[i % 3], "Vu en séance.", "Éval", i)
                 for i, c in enumerate(some)}
    notes = [Note("Bien.", "Éval", 1, some[0]), Note("Libre.", "Éval", 2),
             Note("Encore.", "Éval", 3, some[0]), Note("Autre.", "Éval", 4, "C9.9")]
    for scope in SCOPES:
        for args in ((evidence, {}, []), (evidence, overrides, notes),
                     (list(reversed(evidence)), overrides, notes), ([], overrides, notes)):
            want = reference.build_scoring(ref, *args, scope)
            assert build_scoring(ref, *args, scope) == want
            assert build_scoring(ref, *args, scope) == want       # shared results reused


def test_recorded_logs_combine_as_the_reference() -> None:
    ref = load_referential()
    sessions = [session_result({"session_id": log.stem, "mode": "entrainement"}, ref,
                               _recorded(log, ref.id), [], FoldTotals(None, None, 0),
                               overrides=[Override("C1.1", "acquis", "Vu.", "Éval", 1)],
                               notes=[Note("Bien.", "Éval", 2, "C3.4")])
                for log in RECORDED]
    for count in (1, 2, len(sessions)):
        scope = SCOPE_ALL if count > 1 else SCOPE_ONE
        assert _combination(sessions[:count], ref) == reference.combination(
            sessions[:count], ref, scope)


def _all_ids() -> list[str]:
    ids = [c for ref_id in REFERENTIALS for c in load_referential(ref_id).criteria]
    return [*sorted(set(ids)), "C9.9"]


IDS = _all_ids()
EVIDENCE = st.builds(
    Evidence, criterion=st.sampled_from(IDS), weight=st.integers(-3, 3),
    justification=st.sampled_from(["Bien posé.", "Faute bloquante : prix sous le plancher.",
                                   "Oubli."]),
    source=st.sampled_from(["auteur", "timing", "ecoute"]),
    seqs=st.lists(st.integers(0, 40), max_size=3).map(tuple),
    quote=st.none() | st.just("« oui »"), blocker=st.booleans(),
    session=st.sampled_from(["", "s-1", "s-2"]))
OVERRIDES = st.lists(st.builds(Override, criterion=st.sampled_from(IDS),
                               decision=st.sampled_from(DECISIONS),
                               justification=st.just("Vu en séance."), evaluator=st.just("É"),
                               seq=st.integers(0, 9)), max_size=4)
NOTES = st.lists(st.builds(Note, text=st.sampled_from(["a", "b"]), evaluator=st.just("É"),
                           seq=st.integers(0, 9),
                           criterion=st.none() | st.sampled_from(IDS)), max_size=4)


@settings(max_examples=150, deadline=None)
@given(evidence=st.lists(EVIDENCE, max_size=30), overrides=OVERRIDES, notes=NOTES,
       ref_id=st.sampled_from(REFERENTIALS), scope=st.sampled_from(SCOPES))
def test_generated_evidence_decides_as_the_reference(
        evidence: list[Evidence], overrides: list[Override], notes: list[Note], ref_id: str,
        scope: str) -> None:
    ref = load_referential(ref_id)
    want = reference.build_scoring(ref, evidence, last_overrides(overrides), notes, scope)
    assert build_scoring(ref, evidence, last_overrides(overrides), notes, scope) == want


@settings(max_examples=60, deadline=None)
@given(per_session=st.lists(st.tuples(st.lists(EVIDENCE, max_size=12), OVERRIDES, NOTES),
                            min_size=1, max_size=3))
def test_generated_sessions_combine_as_the_reference(
        per_session: list[tuple[list[Evidence], list[Override], list[Note]]]) -> None:
    ref = load_referential()
    sessions = [session_result({"session_id": f"s-{i}"}, ref, evidence, [],
                               FoldTotals(None, None, 0), overrides=overrides, notes=notes)
                for i, (evidence, overrides, notes) in enumerate(per_session)]
    scope = SCOPE_ALL if len(sessions) > 1 else SCOPE_ONE
    assert _combination(sessions, ref) == reference.combination(sessions, ref, scope)


@settings(max_examples=80, deadline=None)
@given(ev=EVIDENCE)
def test_cached_evidence_reads_back(ev: Evidence) -> None:
    assert _evidence(json.loads(json.dumps(_evidence_json(ev)))) == ev


@pytest.mark.parametrize("at, bad", [(0, 1), (1, "1"), (1, True), (1, 1.0), (2, None),
                                     (3, 3), (4, (1,)), (4, [1, "2"]), (4, [False]),
                                     (5, 5), (6, 0), (7, None), (8, 8), (9, [])])
def test_cached_evidence_of_the_wrong_shape_is_refused(at: int, bad: object) -> None:
    row = _evidence_json(Evidence("C1.1", 1, "Bien.", "auteur", (3, 4), None, False))
    assert _evidence(row) == Evidence("C1.1", 1, "Bien.", "auteur", (3, 4), None, False)
    row[at] = bad
    with pytest.raises(ValueError):
        _evidence(row)
    with pytest.raises(ValueError):
        _evidence(row[:9])
