"""Copies found by what the trainee did (inputs and their rhythm), not by the file's labels.

Sessions are played by the engine at a human pace (a manual clock advanced by seconds before
each input), so `ntc score` re-executes them; the copies are edited as a trainee could with
plain hashlib: new session id, new start time, times shifted or scaled, an input cut.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trust_support import Capture, lines, rechain, score_json, sessions

from scoring.copies import Trace, same_session, trace
from scoring.scorer import INPUT_TYPES


@pytest.fixture()
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)


def play_paced(path: Path, *, pace: int, seed: int = 1, started_at: str | None = None,
               scenario: str = "negociation-prix") -> Path:
    """A whole session whose inputs come seconds apart, drawn from `pace`."""
    from simulator.engine import Session
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step
    from simulator.log.clock import ManualClock
    from simulator.scenario import load_scenario

    clock = ManualClock()
    delays = random.Random(pace)
    session = Session.open(load_scenario(scenario), path, seed=seed, trainee="Camille Martin",
                           clock=clock, started_at=started_at)
    steps = rng_for(seed, "tests-trust")      # the same choices whatever the pace
    for _ in range(500):
        step = random_step(session, steps)
        if step is None:
            break
        clock.advance(delays.randint(1500, 20000))
        apply_step(session, step)
    session.close()
    return path


def _edited(records: list[dict[str, Any]], *, session_id: str = "copie-1",
            started_at: str = "2026-12-03T09:30:00.000+00:00",
            retime: Any = None) -> list[dict[str, Any]]:
    out = [dict(r) for r in records]
    out[0] = {**out[0], "session_id": session_id, "started_at": started_at}
    if retime is not None:
        for r in out[1:]:
            r["t_ms"] = retime(r["t_ms"])
    return out


def _inputs(records: list[dict[str, Any]]) -> int:
    return sum(1 for r in records if r.get("type") in INPUT_TYPES)


def test_a_copy_with_new_id_and_start_counts_once(tmp_path: Path, capsys: Capture,
                                                  no_key: None) -> None:
    log = play_paced(tmp_path / "a.jsonl", pace=1)
    records = lines(log)
    assert _inputs(records) >= 4
    copy = rechain(tmp_path / "b.jsonl", _edited(records))
    status, report, _ = score_json(capsys, log, copy)
    assert status == 1 and len(sessions(report)) == 1
    refused = [p for p in report["problemes"] if p["refuse"]]
    assert len(refused) == 1 and "b.jsonl" in refused[0]["message"]
    assert "mêmes saisies au même rythme" in refused[0]["message"]
    assert any("copie ignorée" in w and "b.jsonl" in w
               for w in sessions(report)[0]["avertissements"])


def test_a_copy_with_shifted_or_scaled_times_counts_once(tmp_path: Path, capsys: Capture,
                                                         no_key: None) -> None:
    log = play_paced(tmp_path / "a.jsonl", pace=2)
    records = lines(log)
    shifted = rechain(tmp_path / "b.jsonl", _edited(records, retime=lambda t: t + 7000))
    scaled = rechain(tmp_path / "c.jsonl", _edited(records, session_id="copie-2",
                                                   retime=lambda t: round(t * 1.37)))
    status, report, _ = score_json(capsys, log, shifted, scaled)
    assert status == 1 and len(sessions(report)) == 1
    assert sum(p["refuse"] for p in report["problemes"]) == 2


def test_honest_second_attempts_count_separately(tmp_path: Path, capsys: Capture,
                                                 no_key: None) -> None:
    """Same seed, same choices, another day and another rhythm: two sessions."""
    first = play_paced(tmp_path / "a.jsonl", pace=3, started_at="2026-12-01T09:00:00+00:00")
    second = play_paced(tmp_path / "b.jsonl", pace=4, started_at="2026-12-02T09:00:00+00:00")
    inputs = [[(r["type"], r["data"]) for r in lines(p) if r.get("type") in INPUT_TYPES]
              for p in (first, second)]
    assert inputs[0] == inputs[1]             # only the rhythm tells them apart
    status, report, _ = score_json(capsys, first, second)
    assert status == 0 and len(sessions(report)) == 2
    assert not any("double" in p["message"] for p in report["problemes"])


def test_scripted_runs_without_rhythm_are_not_taken_for_copies(tmp_path: Path,
                                                               capsys: Capture,
                                                               no_key: None) -> None:
    """Inputs milliseconds apart (a script) carry no rhythm: the labels decide."""
    from trust_support import play

    first, second = play(tmp_path / "a.jsonl"), play(tmp_path / "b.jsonl")
    status, report, _ = score_json(capsys, first, second)
    assert status == 0 and len(sessions(report)) == 2


# -- the rule, for every edit --------------------------------------------------------------------
def _trace(records: list[dict[str, Any]]) -> Trace:
    return trace(records[0], records[1:], INPUT_TYPES)


_BASE: list[dict[str, Any]] = []


def _base(tmp: Path) -> list[dict[str, Any]]:
    if not _BASE:
        _BASE.extend(lines(play_paced(tmp / "base.jsonl", pace=5)))
    return _BASE


@settings(max_examples=60, deadline=None)
@given(shift=st.integers(-10**7, 10**7), scale=st.floats(0.3, 4.0),
       cut=st.integers(0, 1), extra=st.booleans())
def test_edited_copies_are_the_same_session(tmp_path_factory: Any, shift: int, scale: float,
                                            cut: int, extra: bool) -> None:
    records = [dict(r) for r in _base(tmp_path_factory.getbasetemp())]
    copy = _edited(records, retime=lambda t: round(t * scale) + shift)
    positions = [i for i, r in enumerate(copy) if r.get("type") in INPUT_TYPES]
    if cut:
        copy = copy[:positions[-1]]                 # the last input and what follows cut
    if extra:                                       # an input that changes nothing
        at = positions[len(positions) // 2]
        noop = {"type": "free_text", "t_ms": copy[at]["t_ms"] + 3,
                "data": {"node": "?", "text": "euh"}}
        copy.insert(at + 1, noop)
    assert same_session(_trace(records), _trace(copy))
    assert same_session(_trace(copy), _trace(records))


@settings(max_examples=60, deadline=None)
@given(jitter=st.lists(st.integers(-3000, 3000), min_size=40, max_size=40),
       wobble=st.integers(40, 3000))
def test_another_rhythm_is_another_session(tmp_path_factory: Any, jitter: list[int],
                                           wobble: int) -> None:
    """Same inputs, times that are no affine image of the first ones: not a copy."""
    records = [dict(r) for r in _base(tmp_path_factory.getbasetemp())]
    other = [dict(r) for r in records]
    n = 0
    offset = 0
    for r in other[1:]:
        if r.get("type") in INPUT_TYPES:
            # each input moves by its own amount; one of them by at least `wobble` ms
            move = jitter[n % len(jitter)] if n % 3 else wobble
            offset += move
            n += 1
        r["t_ms"] = max(0, r["t_ms"] + offset)
    times = [r["t_ms"] for r in other if r.get("type") in INPUT_TYPES]
    if times != sorted(times):
        return                                      # not a session a clock could write
    assert not same_session(_trace(records), _trace(other))


def test_another_world_or_seed_is_never_a_copy(tmp_path: Path) -> None:
    records = lines(play_paced(tmp_path / "a.jsonl", pace=6))
    for change in ({"seed": 2}, {"world_sha256": "0" * 64}):
        other = [{**records[0], **change}, *records[1:]]
        assert not same_session(_trace(records), _trace(other))
