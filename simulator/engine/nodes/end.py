"""End nodes (`type: fin`): the closing line, then the session ends with the node's outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Choice, Node

KIND = "fin"
ACCEPTS: frozenset[str] = frozenset()         # nothing: the session is over
EMITS = frozenset({"client_line", "session_ended"})


def enter(session: Session, node: Node, line: str) -> None:
    """Say the closing line, mark the session ended (outcome `abandon` when none)."""
    if line:
        session._emit("client_line", {"node": node.id, "speaker": node.speaker, "text": line})
    session.ended = True
    session.outcome = node.outcome or "abandon"
    session._emit("session_ended", {"node": node.id, "outcome": session.outcome,
                                    "text": line})


def after_choice(session: Session, node: Node, choice: Choice) -> bool:
    """Never called: this kind lists no choices."""
    del session, node, choice
    return False
