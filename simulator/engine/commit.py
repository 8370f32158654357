"""One trainee input as one transaction: its events, one fsync, then the listeners.

Every event derived from an input is written and fsynced together (group commit, DESIGN.md
§5); listeners (the TUI, the centre records) hear of the events only once they are on disk,
so a recorder that re-reads the log at `session_ended` finds the whole session. A fault of
the scenario after the input was recorded ends the session cleanly instead of leaving a
half-written step: `session_ended` with the French reason, the log still valid, and a replay
or a resume reaches the same end (the fault is deterministic).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.engine.errors import LimitExceeded, ScenarioRuntimeError

if TYPE_CHECKING:
    from simulator.engine.events import Event
    from simulator.engine.session import Session


def run_input(session: Session, handler: Callable[..., None], *args: Any) -> None:
    """Run `handler(*args)` as one transaction of `session` (re-entrant calls join it)."""
    if session._pending is not None:
        _guarded(session, handler, *args)
        return
    pending: list[Event] = []
    session._pending = pending
    batch = getattr(session._log, "batch", None)
    try:
        with batch() if batch is not None else contextlib.nullcontext():
            _guarded(session, handler, *args)
    finally:
        session._pending = None
    for event in pending:
        for callback in list(session._listeners):
            callback(event)


def _guarded(session: Session, handler: Callable[..., None], *args: Any) -> None:
    """A fault before anything is recorded stays a refusal (nothing to end)."""
    before = len(session._events)
    try:
        handler(*args)
    except ScenarioRuntimeError as exc:
        if len(session._events) == before or session.ended:
            raise
        halt(session, exc)


def halt(session: Session, fault: ScenarioRuntimeError) -> None:
    """End the session on a scenario fault, saying why in French."""
    session.fault = fault
    session.ended = True
    session.outcome = "abandon"
    where = f" (ligne {fault.pos.line}, colonne {fault.pos.col})" if fault.pos else ""
    session._emit("session_ended", {
        "node": session._current, "outcome": "abandon",
        "text": f"Séance arrêtée : erreur du scénario{where} : {fault.message}",
        "error": "limite" if isinstance(fault, LimitExceeded) else "scenario"})
