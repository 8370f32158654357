"""The trainee gives the session up: an input of the log like any other.

`session_abandoned {"node"}` (the input) then `session_ended {"node", "outcome": "abandon",
"text"}`, written through the normal commit path (one transaction, one fsync), so the hash
chain itself says the session was abandoned and a replay reaches the same end. Logs written
before this left a `<log>.abandon` marker file beside the log instead (still read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.errors import EngineError

if TYPE_CHECKING:
    from simulator.engine.session import Session

ABANDON_TEXT = "Séance abandonnée par le stagiaire."


def abandon(session: Session, t_ms: int | None) -> None:
    """Record the abandonment and end the session (outcome `abandon`); refused, with nothing
    recorded, when the session is not running."""
    if not session.started or session.ended:
        raise EngineError("la séance n'est pas en cours : rien à abandonner")
    session._stamp(t_ms)
    node = session._current
    session._emit("session_abandoned", {"node": node})
    session.ended = True
    session.outcome = "abandon"
    session._emit("session_ended", {"node": node, "outcome": "abandon", "text": ABANDON_TEXT})
