"""One fsync per trainee input (group commit) and moves checked by the session's Machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_log_support import count_fsyncs
from transitions import MachineError

from simulator.engine import EngineError, Session
from simulator.engine.machine import move
from simulator.log import read_log
from simulator.scenario import load_scenario

LOOP = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "boucle.yaml"


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    return count_fsyncs(monkeypatch)


def test_each_input_is_one_fsync(tmp_path: Path, fsyncs: list[int]) -> None:
    path = tmp_path / "s.jsonl"
    session = Session.open(load_scenario(LOOP), path, seed=1, trainee="Camille")
    before = len(session.events)
    for choice in ("vers_pong", "vers_ping", "vers_pong"):
        fsyncs.clear()
        session.choose(choice)
        assert len(fsyncs) == 1
        assert len(session.events) - before >= 3      # several events, one commit
        before = len(session.events)
    fsyncs.clear()
    size = path.stat().st_size
    with pytest.raises(EngineError):
        session.choose("inconnu")
    assert fsyncs == [] and path.stat().st_size == size
    session.close()
    assert read_log(path).events == session.events


def test_move_follows_the_scenario_graph() -> None:
    session = Session(load_scenario(LOOP), seed=1, trainee="Camille")
    session.start()
    machine, model = session._machine, session._model
    with pytest.raises(MachineError):
        move(machine, model, "vers_ping__ping")       # not a way out of « ping »
    assert model.state == "ping"
    move(machine, model, "vers_pong__pong")
    assert model.state == "pong"
