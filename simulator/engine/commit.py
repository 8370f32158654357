"""One trainee input as one transaction: its events, one fsync, then the listeners.

Every event derived from an input is written and fsynced together (group commit, DESIGN.md
§5); listeners (the TUI, the centre records) hear of the events only once they are on disk,
so a recorder that re-reads the log at `session_ended` finds the whole session. A fault of
the scenario after the input was recorded ends the session cleanly (engine/halt.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.engine.halt import guarded

if TYPE_CHECKING:
    from simulator.engine.events import Event
    from simulator.engine.session import Session


def run_input(session: Session, handler: Callable[..., None], *args: Any) -> None:
    """Run `handler(*args)` as one transaction of `session` (re-entrant calls join it)."""
    if session._pending is not None:
        guarded(session, handler, *args)
        return
    pending: list[Event] = []
    session._pending = pending
    batch = getattr(session._log, "batch", None)
    try:
        with batch() if batch is not None else contextlib.nullcontext():
            guarded(session, handler, *args)
    finally:
        session._pending = None
    for event in pending:
        for callback in list(session._listeners):
            callback(event)
