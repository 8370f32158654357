"""A fault of the scenario during an input ends the session cleanly instead of crashing it.

Once an input is recorded, its consequences are being written: an error of the scenario
there (a limit exceeded by `n = n * n` in a loop, a type error in an effect, an unknown
name) would leave a log that cannot be resumed, replayed or scored, and a crash in the
front end. The session records `session_ended` with the French reason instead; the fault is
deterministic, so a replay reaches the same end and a resume is refused as finished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.engine.errors import LimitExceeded, ScenarioRuntimeError

if TYPE_CHECKING:
    from simulator.engine.session import Session


def guarded(session: Session, handler: Callable[..., None], *args: Any) -> None:
    """Run an input's handler; a scenario fault after something was recorded ends the
    session (a fault before anything is recorded stays a refusal)."""
    before = len(session._events)
    try:
        handler(*args)
    except ScenarioRuntimeError as exc:
        if len(session._events) == before or session.ended:
            raise
        halt(session, exc)


def halt(session: Session, fault: ScenarioRuntimeError) -> None:
    """End the session on `fault` (`session_ended` with the reason, outcome `abandon`)."""
    session.fault = fault
    session.ended = True
    session.outcome = "abandon"
    where = f" (ligne {fault.pos.line}, colonne {fault.pos.col})" if fault.pos else ""
    session._emit("session_ended", {
        "node": session._current, "outcome": "abandon",
        "text": f"Séance arrêtée : erreur du scénario{where} : {fault.message}",
        "error": "limite" if isinstance(fault, LimitExceeded) else "scenario"})
