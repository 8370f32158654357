"""Play as you write: replay a session's inputs on a reloaded scenario, as far as they go.

After a save, the trainer's inputs so far (choices, free text, offers, task answers) are fed
to a fresh session of the new version, in order, until one no longer applies (a choice
removed or now unavailable, a node changed): the session continues from there, like Inky.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.engine.errors import EngineError
from simulator.engine.replay import feed
from simulator.engine.session import INPUT_TYPES


@dataclass(frozen=True)
class Reapplied:
    applied: int
    total: int
    stopped: str = ""          # why the next input did not apply (French), "" when all did

    @property
    def complete(self) -> bool:
        return self.applied == self.total


def inputs_of(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The trainee's inputs, once each (a `say` records free_text, then its choice_made)."""
    out: list[dict[str, Any]] = []
    after_free_text = False
    for event in events:
        kind = event.get("type")
        if kind not in INPUT_TYPES:
            continue
        if kind == "choice_made" and after_free_text:
            after_free_text = False
            continue              # the choice the free text resolved to
        out.append(event)
        after_free_text = kind == "free_text"
    return out


def reapply(session: Any, inputs: list[dict[str, Any]]) -> Reapplied:
    """Feed `inputs` to a started `session` until one is refused; nothing is lost."""
    for number, event in enumerate(inputs):
        if session.ended:
            return Reapplied(number, len(inputs), "la séance est terminée avant cette entrée")
        try:
            feed(session, event)
        except EngineError as exc:        # includes ScenarioRuntimeError
            return Reapplied(number, len(inputs), str(exc))
    return Reapplied(len(inputs), len(inputs))
