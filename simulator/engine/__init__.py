"""The session runtime: a scenario played as a sequence of logged, replayable events.

Public API: docs/CONTRACTS.md §5. No Textual import anywhere in this package.
"""

from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.session import Session

__all__ = ["EngineError", "ScenarioRuntimeError", "Session"]
