"""The session runtime: a scenario played as a sequence of logged, replayable events.

Public API: docs/CONTRACTS.md §5. No Textual import anywhere in this package. `Session` is
imported on first use, so that a light module of the engine (`answers`, `text`) can be
imported without loading the state machine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.errors import EngineError, ScenarioRuntimeError

if TYPE_CHECKING:
    from simulator.engine.session import Session

__all__ = ["EngineError", "ScenarioRuntimeError", "Session"]


def __getattr__(name: str) -> object:
    if name == "Session":
        from simulator.engine.session import Session

        return Session
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
