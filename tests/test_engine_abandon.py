"""Abandoning a session is an input of the log (`session_abandoned` then `session_ended`
with outcome `abandon`): the hash chain says so, a replay reaches the same end, a resume is
refused as finished."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_engine_helpers import choice, end, node, scenario, world
from test_engine_replay import play_random, rich

from simulator.engine import EngineError, Session
from simulator.engine.abandon import ABANDON_TEXT
from simulator.engine.replay import resume_session, verify_log
from simulator.log.reader import read_log


def three_nodes() -> object:
    return scenario([
        node("a", text="Bonjour.", choices=(choice("c", "Suite", "b"),)),
        node("b", text="Et ensuite ?", choices=(choice("d", "Fin", "z"),)),
        end("z"),
    ])


def test_abandon_ends_the_session_with_two_events(tmp_path: Path) -> None:
    sc = three_nodes()
    s = Session.open(sc, tmp_path / "s.jsonl", world=world())
    s.choose("c", t_ms=100)
    before = len(s.events)
    s.abandon(t_ms=250)
    new = s.events[before:]
    assert [e["type"] for e in new] == ["session_abandoned", "session_ended"]
    assert new[0]["data"] == {"node": "b"}
    assert new[1]["data"] == {"node": "b", "outcome": "abandon", "text": ABANDON_TEXT}
    assert all(e["t_ms"] == 250 for e in new)
    assert s.ended and s.outcome == "abandon"
    with pytest.raises(EngineError):
        s.choose("d")
    s.close()


def test_abandon_of_an_ended_or_unstarted_session_records_nothing(tmp_path: Path) -> None:
    sc = three_nodes()
    s = Session(sc, world=world())
    with pytest.raises(EngineError, match="pas en cours"):
        s.abandon()
    assert s.events == []
    s.start()
    s.choose("c")
    s.choose("d")
    count = len(s.events)
    with pytest.raises(EngineError, match="pas en cours"):
        s.abandon()
    assert len(s.events) == count


@pytest.mark.parametrize("seed", range(1, 13))
def test_an_abandoned_log_verifies_and_cannot_be_resumed(tmp_path: Path, seed: int) -> None:
    from simulator.log.errors import LogError

    sc = rich()
    path = tmp_path / "r.jsonl"
    played = play_random(path, seed, sc, steps=seed % 5)     # stopped anywhere
    if played.ended:
        return
    s = resume_session(path, sc)
    s.abandon()
    s.close()
    result = verify_log(path, sc)
    assert result.ok, result.message
    events = read_log(path).events
    assert [e["type"] for e in events[-2:]] == ["session_abandoned", "session_ended"]
    with pytest.raises(LogError, match="terminée"):
        resume_session(path, sc)
