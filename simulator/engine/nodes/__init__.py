"""One module per node kind: how the kind is entered, which inputs it accepts, what it emits.

The session (engine/session.py) is the conductor: it owns the machine, the variables, the
clock and timer, the log, and hands each input to the module of the current node's kind.
A node module works on the session it is given through the conductor's helpers
(`_emit`, `_render`, `_go`, `_resolve_next`, `_apply_effects`, `_feedback_line`, …).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from simulator.engine.nodes import dialogue, end, negotiation, task

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Choice, Node


class NodeKind(Protocol):
    """What a node module provides (each module of this package is one)."""

    KIND: str                    # the scenario's `type:` of the node
    ACCEPTS: frozenset[str]      # input event types the kind takes (see events.INPUT_TYPES)
    EMITS: frozenset[str]        # event types its entry and inputs can record

    def enter(self, session: Session, node: Node, line: str) -> None:
        """Record what entering the node shows (its `line` is already rendered)."""

    def after_choice(self, session: Session, node: Node, choice: Choice) -> bool:
        """After a choice's effects: True when the kind handled what follows (else the
        choice's `suite` is followed)."""


KINDS: dict[str, NodeKind] = {m.KIND: m for m in (dialogue, negotiation, task, end)}

# Why an input is refused on a node kind that does not accept it.
REFUSALS: dict[str, str] = {
    "choice_made": "aucun choix n'est proposé ici",
    "free_text": "aucun choix n'est proposé ici",
    "offer_made": "aucune négociation en cours",
    "negotiation_action": "aucune négociation en cours",
    "task_answered": "aucune tâche en cours : rien à répondre ici",
}


def kind_of(node: Node) -> NodeKind:
    """The module of a node's kind (KeyError for a kind the loader would have refused)."""
    return KINDS[node.kind]
