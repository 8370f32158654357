"""The session's state machine: `simulator.scenario.compile_machine` over a plain model.

States are node ids and every move the engine makes goes through a named trigger (choice,
task validation, negotiation agreement/break, timer expiry), so the Machine rejects a move
the scenario graph does not allow. Built with `auto_transitions=False` (see compile.py).
"""

from __future__ import annotations

from collections.abc import Callable

from transitions import Machine

from simulator.scenario.compile import (
    AGREEMENT,
    BREAK,
    EXPIRY,
    choice_trigger,
    compile_machine,
    task_trigger,
)
from simulator.scenario.model import Scenario

__all__ = ["AGREEMENT", "BREAK", "EXPIRY", "SessionModel", "build_machine", "choice_trigger",
           "task_trigger"]


class SessionModel:
    """Plain model object: `state` is the current node id (set by the Machine)."""

    state: str
    trigger: Callable[..., bool]   # bound by the Machine


def build_machine(scenario: Scenario, model: SessionModel) -> Machine:
    """One Machine for one session."""
    return compile_machine(scenario, model)
