"""Inputs of a session, once each, replayed on another version of the scenario."""

from __future__ import annotations

from pathlib import Path

from simulator.authoring.replay_inputs import inputs_of, reapply
from simulator.engine.session import Session
from simulator.log.clock import ManualClock
from simulator.scenario import load_scenario

DEMO = Path(__file__).parent / "tui" / "data" / "demo.yaml"


def _session(path: Path) -> Session:
    session = Session(load_scenario(path), seed=1, trainee="T", clock=ManualClock())
    session.start()
    return session


def test_free_text_counts_once_and_replays_whole(tmp_path: Path) -> None:
    played = _session(DEMO)
    played.say("Bonjour, je suis de la société, pouvez-vous me passer le responsable ?",
               choice="presentation", t_ms=1000)
    played.choose("negocier", t_ms=2000)
    inputs = inputs_of(played.events)
    assert [e["type"] for e in inputs] == ["free_text", "choice_made"]
    again = _session(DEMO)
    result = reapply(again, inputs)
    assert result.complete and again.current_node.id == played.current_node.id
    assert [e["type"] for e in again.events] == [e["type"] for e in played.events]


def test_replay_stops_at_the_first_input_that_no_longer_applies(tmp_path: Path) -> None:
    played = _session(DEMO)
    played.choose("presentation", t_ms=1000)
    played.choose("negocier", t_ms=2000)
    changed = tmp_path / "demo.yaml"
    changed.write_text(DEMO.read_text(encoding="utf-8").replace("id: negocier", "id: parler"),
                       encoding="utf-8")
    again = _session(changed)
    result = reapply(again, inputs_of(played.events))
    assert (result.applied, result.total) == (1, 2)
    assert "negocier" in result.stopped
    assert again.current_node.id == "decideur"
