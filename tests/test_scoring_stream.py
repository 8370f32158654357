"""`ntc score` folds each log's events as they are read: same results as scoring the kept
list, no event kept, memory flat in the event count, an inline world parsed only when
needed, and the fast range check agreeing with the plain one on every value."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.cohort import Cohort
from scoring.fold import INPUT_TYPES, Fingerprint
from scoring.referential import load_referential
from scoring.scorer import fingerprint, score_session
from simulator.engine import Session
from simulator.engine.autoplay import random_step
from simulator.engine.rng import rng_for
from simulator.engine.steps import apply_step
from simulator.log.canon import ZERO_HASH, canonical, record_line, strip_chain
from simulator.log.result import ReadResult
from simulator.log.worlds import WORLD_REF_KEY, load_world
from simulator.scenario import load_scenario
from simulator.trust.audit import audit_log
from simulator.trust.bridge import StreamingAuditor, make_auditor
from simulator.trust.cache import VerificationCache
from simulator.trust.ranges import _bad_number, _bad_value

LOOP = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "boucle-neutre.yaml"


def played(path: Path, scenario: str, seed: int) -> Path:
    session = Session.open(load_scenario(scenario), path, seed=seed, trainee=f"T{seed}")
    rng = rng_for(seed, "test-stream")
    for _ in range(300):
        step = random_step(session, rng)
        if step is None:
            break
        apply_step(session, step)
    session.close()
    return path


def loop_log(path: Path, events: int) -> Path:
    session = Session.open(load_scenario(LOOP), path, seed=1, trainee="Boucle")
    writer = session._log
    assert writer is not None
    choice = "vers_pong"
    while writer.next_seq <= events:
        with writer.batch():
            for _ in range(100):
                session.choose(choice)
                choice = "vers_ping" if choice == "vers_pong" else "vers_pong"
    session.choose("sortir" if choice == "vers_pong" else "sortir2")
    session.close()
    return path


def inline_copy(source: Path, target: Path) -> Path:
    """`source` rewritten as an older log: its world inline in the header, re-chained."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    head = strip_chain(records[0])
    head["world"] = load_world(source.parent, head.pop(WORLD_REF_KEY))
    prev, lines = ZERO_HASH, []
    for record in [head, *(strip_chain(r) for r in records[1:])]:
        line, prev, _ = record_line(prev, canonical(record), None)
        lines.append(line)
    target.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "donnees"))


@pytest.mark.parametrize("scenario", ["negociation-prix", "prospection-telephonique",
                                      "fichier-fiable", "bilan-activite"])
def test_streamed_scoring_equals_scoring_the_kept_events(tmp_path: Path,
                                                         scenario: str) -> None:
    path = played(tmp_path / "s.jsonl", scenario, 3)
    referential = load_referential("TP-00338")
    audit = audit_log(path, None, cache=VerificationCache(enabled=False))
    assert audit.refused is None and audit.header is not None and audit.events
    expected = score_session(audit.header, audit.events, audit.scenario, referential,
                             path=str(path))
    kept: list[Any] = []
    auditor = StreamingAuditor(VerificationCache(enabled=False))

    def spy(path: str, key: bytes | None, observe: Any = None) -> Any:
        loaded = auditor(path, key, observe=observe)
        kept.append(loaded)
        return loaded

    spy.streams = True  # type: ignore[attr-defined]
    cohort = Cohort([path], "TP-00338", auditor=spy)
    [trainee] = list(cohort.trainees())
    [session] = trainee.sessions
    assert kept[0].events == []                       # nothing of the session kept
    assert session.scoring == expected.scoring
    assert (session.events, session.duration_ms, session.outcome) == (
        expected.events, expected.duration_ms, expected.outcome)
    assert kept[0].fingerprint == fingerprint(audit.header, audit.events)


def _peak(path: Path) -> int:
    cohort = Cohort([path], "TP-00338", auditor=make_auditor(VerificationCache(enabled=False)))
    tracemalloc.start()
    try:
        found = list(cohort.trainees())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert cohort.sessions_scored == 1, [p.message for p in cohort.problems]
    assert found[0].sessions[0].events > 0
    return peak


def test_scoring_memory_does_not_grow_with_the_events(tmp_path: Path) -> None:
    small = loop_log(tmp_path / "n.jsonl", 1_500)
    large = loop_log(tmp_path / "6n.jsonl", 9_000)
    _peak(small)                                  # imports and caches warmed up
    base, grown = _peak(small), _peak(large)
    assert grown < 1.5 * base, (base, grown)      # 6x the events, re-executed each time
    eager = audit_log(large, None, cache=VerificationCache(enabled=False))
    assert len(eager.events) >= 9_000             # what keeping them would have meant


def test_an_inline_world_is_parsed_only_for_a_replay(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = played(tmp_path / "source.jsonl", "negociation-prix", 2)
    (tmp_path / "ancien").mkdir()
    old = inline_copy(source, tmp_path / "ancien" / "s.jsonl")
    assert '"world":{' in old.read_text(encoding="utf-8").split("\n", 1)[0]
    parsed: list[str] = []
    original = ReadResult._parse_inline

    def counting(self: ReadResult) -> dict[str, Any]:
        parsed.append(str(self.path))
        return original(self)

    monkeypatch.setattr(ReadResult, "_parse_inline", counting)
    auditor = make_auditor()                       # cache on: the normal evaluator path
    first = Cohort([old], "TP-00338", auditor=auditor)
    before = list(first.trainees())
    assert parsed and first.sessions_scored == 1   # re-executed: the world is needed
    parsed.clear()
    again = Cohort([old], "TP-00338", auditor=auditor)
    after = list(again.trainees())
    assert parsed == []                            # same bytes already re-executed
    assert again.sessions_scored == 1 and not again.problems
    assert after[0].sessions[0].scoring == before[0].sessions[0].scoring
    assert after[0].sessions[0].reexecuted


def test_a_missing_world_still_refuses_on_a_cache_hit(tmp_path: Path) -> None:
    path = played(tmp_path / "s.jsonl", "negociation-prix", 4)
    auditor = make_auditor()
    assert Cohort([path], "TP-00338", auditor=auditor).trainees().__next__()
    for world in (tmp_path / "mondes").iterdir():
        world.unlink()
    cohort = Cohort([path], "TP-00338", auditor=auditor)
    assert list(cohort.trainees()) == []
    assert cohort.problems and cohort.problems[0].refused
    assert "monde de la session introuvable" in cohort.problems[0].message


def test_an_altered_world_still_refuses_on_a_cache_hit(tmp_path: Path) -> None:
    import gzip

    path = played(tmp_path / "s.jsonl", "negociation-prix", 5)
    auditor = make_auditor()
    assert next(Cohort([path], "TP-00338", auditor=auditor).trainees())
    [world] = (tmp_path / "mondes").iterdir()
    text = gzip.decompress(world.read_bytes()).replace(b'"', b"'", 1)
    world.write_bytes(gzip.compress(text))
    cohort = Cohort([path], "TP-00338", auditor=auditor)
    assert list(cohort.trainees()) == []
    assert "monde de la session altéré" in cohort.problems[0].message


_JSON = st.recursive(
    st.none() | st.booleans() | st.text(max_size=4)
    | st.integers(min_value=-10**17, max_value=10**17)
    | st.floats(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=12)


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@settings(max_examples=300)
@given(_JSON, st.integers(min_value=0, max_value=44))
def test_fast_range_check_agrees_with_the_plain_one(value: Any, depth: int) -> None:
    deep = _nested(value, depth)
    assert _bad_number(deep) == _bad_value(deep)
    assert _bad_number({"data": deep}) == _bad_value({"data": deep})


_EVENT = st.fixed_dictionaries({
    "seq": st.integers(min_value=1, max_value=99),
    "type": st.sampled_from(["choice_made", "free_text", "offer_made", "client_line",
                             "task_answered", "session_resumed", "evidence"]),
    "data": st.dictionaries(st.sampled_from(["node", "text", "offer", "é"]),
                            st.none() | st.integers() | st.text(max_size=5), max_size=3)})


@settings(max_examples=150)
@given(st.lists(_EVENT, max_size=8), st.text(max_size=5), st.integers())
def test_streamed_fingerprint_is_the_fingerprint(events: list[dict[str, Any]], trainee: str,
                                                 seed: int) -> None:
    header = {"scenario": {"sha256": "ab"}, "seed": seed, "trainee": trainee,
              "mode": "examen", "started_at": "2026-12-01T10:00:00+00:00"}
    streamed = Fingerprint(header)
    for event in events:
        if event["type"] in INPUT_TYPES:
            streamed.feed(event)
    assert streamed.hexdigest() == fingerprint(header, events)


WORLD = {"defauts": [{"id": "D1", "type": "doublon", "entreprise_id": "E1"},
                     {"id": "D2", "type": "contact_parti", "contact_id": "K9"}],
         "visites": [{"id": "V1", "lat": 45.1, "lon": 5.7}, {"id": "V2", "lat": 45.2,
                                                             "lon": 5.8},
                     {"id": "V3", "lat": 45.0, "lon": 5.9}],
         "vendeur": {"base": {"lat": 45.18, "lon": 5.72}}, "client": {}, "contact": {}}
TASK = ("task_answered", {"node": "t", "answers": {"doublons": ["E1"],
                                                   "tournee": ["V2", "V1", "V3"]},
                          "results": {}})


@pytest.mark.parametrize("inline", [False, True])
@pytest.mark.parametrize("world", [WORLD, {"client": {}, "contact": {}, "autre": [1]}])
def test_world_analysers_read_the_world_of_a_log_only_when_it_may_serve(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inline: bool,
        world: dict[str, Any]) -> None:
    from scoring_fixtures import write_log

    from scoring.analysers import data_quality, route
    from scoring.analysers.base import Context
    from scoring.cohort import score_logs
    from simulator.log import LogWriter

    if inline:       # an older log: the world in the header line
        real = LogWriter.create.__func__  # type: ignore[attr-defined]
        monkeypatch.setattr(LogWriter, "create", classmethod(
            lambda cls, *a, **k: real(cls, *a, **{**k, "inline_world": True})))
    path = write_log(tmp_path / "s.jsonl", [TASK], world=world)
    assert ('"defauts":' in path.read_text(encoding="utf-8")) == (inline and world is WORLD)
    parsed: list[int] = []
    from simulator.log.lazyworld import LazyWorld

    real_call = LazyWorld.__call__
    monkeypatch.setattr(LazyWorld, "__call__", lambda self: (
        parsed.append(1), real_call(self))[1])
    report = score_logs([path])
    [session] = report.trainees[0].sessions
    found = {(e.origin or e.criterion, e.weight, e.justification)
             for r in session.scoring.criteria() for e in r.evidence
             if e.source in ("fichier", "tournee")}
    events = [{"seq": 1, "t_ms": 10_000, "time": "", "type": TASK[0], "data": TASK[1]}]
    expected = {(e.criterion, e.weight, e.justification)
                for analyser in (data_quality, route)
                for e in analyser.analyse(Context({"world": world}, events, None))}
    assert found == expected
    assert bool(expected) == (world is WORLD)
    assert bool(parsed) == (world is WORLD)       # no world parsed when it cannot serve
