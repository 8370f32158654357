"""The buyer's objections during a negotiation (part of the negotiation node, buyer model 2):
when one is raised (seeded), how the trainee's answer is recorded and graded (CRAC), and
what an unanswered one costs. The vocabulary and the grading are in engine/objections.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.engine import buyer_lines, objections
from simulator.engine.rng import rng_for

if TYPE_CHECKING:
    from simulator.engine.nodes.negotiation import NegotiationState
    from simulator.engine.session import Session


def maybe_object(session: Session, neg: NegotiationState) -> None:
    """Raise the persona's seeded objection at its seeded round (once per negotiation)."""
    assert neg.buyer is not None and neg.persona is not None
    rng = rng_for(session.seed, f"objection:{neg.node}")
    at_round = rng.choice((1, 2))
    if neg.buyer.raised or neg.round != at_round or not neg.persona.objections:
        return
    objection = objections.OBJECTIONS[rng.choice(neg.persona.objections)]
    text = rng.choice(objection.lines)
    neg.buyer.raised.append(objection.id)
    neg.buyer.pending = objection.id
    session._emit("client_line", {"node": neg.node, "speaker": session.current_node.speaker,
                                  "text": text})
    session._emit("objection_raised", {"node": neg.node, "objection": objection.id,
                                       "text": text})


def answer_text(session: Session, neg: NegotiationState, text: str, t_ms: int | None,
                leave: Callable[[], None]) -> None:
    """A typed answer to the pending objection, graded by the CRAC method."""
    assert neg.buyer is not None and neg.buyer.pending is not None
    objection = objections.OBJECTIONS[neg.buyer.pending]
    session._stamp(t_ms)
    session._emit("free_text", {"node": neg.node, "text": str(text), "choice": None,
                                "objection": objection.id})
    if session._timer_check():
        return
    answered(session, neg, objections.crac_of_text(str(text), objection), leave)


def answered(session: Session, neg: NegotiationState, steps: dict[str, bool],
             leave: Callable[[], None]) -> None:
    """Evidence and the buyer's reaction; a poor answer costs patience (`leave` at 0)."""
    assert neg.buyer is not None and neg.buyer.pending is not None
    objection = objections.OBJECTIONS[neg.buyer.pending]
    neg.buyer.pending = None
    weight, justification, reaction = objections.verdict(objection, steps)
    _evidence(session, neg, weight, justification)
    session._emit("client_line", {"node": neg.node, "speaker": session.current_node.speaker,
                                  "text": buyer_lines.typographic(reaction)})
    if weight > 0:
        neg.buyer.argued = True
    elif sum(steps.values()) <= 1:
        neg.patience -= 1
        neg.buyer.patience = neg.patience
        if neg.patience <= 0:
            leave()


def ignored(session: Session, neg: NegotiationState) -> None:
    """A new offer instead of an answer: the objection counts as not handled."""
    assert neg.buyer is not None and neg.buyer.pending is not None
    objection = objections.OBJECTIONS[neg.buyer.pending]
    neg.buyer.pending = None
    _evidence(session, neg, -1, f"Objection « {objection.label} » laissée sans réponse\u00a0: "
              "une nouvelle offre est faite à la place.")


def _evidence(session: Session, neg: NegotiationState, weight: int,
              justification: str) -> None:
    session._emit("evidence", {"criterion": "C3.2", "weight": weight,
                               "justification": justification, "source": "objection",
                               "node": neg.node, "choice": None})
    if session.mode == "entrainement":
        session._feedback_line(neg.node, justification)
