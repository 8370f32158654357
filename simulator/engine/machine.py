"""The session's state machine: `simulator.scenario.compile_machine` over a plain model.

States are node ids and every move the engine makes goes through a named trigger (choice,
task validation, negotiation agreement/break, timer expiry), so the Machine rejects a move
the scenario graph does not allow. Built with `auto_transitions=False` (see compile.py).
"""

from __future__ import annotations

from collections.abc import Callable

from transitions import Machine, MachineError

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
           "move", "task_trigger"]


class SessionModel:
    """Plain model object: `state` is the current node id (set by the Machine)."""

    state: str
    trigger: Callable[..., bool]   # bound by the Machine


def build_machine(scenario: Scenario, model: SessionModel) -> Machine:
    """One Machine for one session."""
    return compile_machine(scenario, model)


def move(machine: Machine, model: SessionModel, trigger: str) -> None:
    """Take `trigger` from the model's state, as `model.trigger(trigger)` would.

    The Machine still decides which moves exist (a move the scenario graph does not allow
    raises `MachineError`), but its per-trigger machinery (event data, callback lists,
    condition checks and half a dozen `logger.debug` calls) is skipped: the engine attaches
    no callbacks or conditions, and replay and scoring take thousands of moves.
    """
    event = machine.events.get(trigger)
    moves = event.transitions.get(model.state) if event is not None else None
    if not moves:
        raise MachineError(f"Can't trigger event {trigger} from state {model.state}!")
    dest = moves[0].dest
    if dest is not None:           # None: an internal transition (never compiled here)
        machine.set_state(dest, model)
