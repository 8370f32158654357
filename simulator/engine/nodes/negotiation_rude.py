"""An aggressive sentence typed during a negotiation (buyer model 3).

The act model (and the `agressif` act's patterns) reads the trainee's typed reply; when it
is aggressive, the buyer answers in words instead of the sentence being matched to a reply:
one point of patience the first time, the end of the talk at the second affront (offers
and sentences count together) or when patience runs out. A sentence that states terms is
an offer draft, judged when the offer is sent (engine/buyer_affront.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import buyer_affront, buyer_lines
from simulator.engine.machine import BREAK
from simulator.engine.rng import rng_for

if TYPE_CHECKING:
    from simulator.engine.session import Session


def rude_reply(session: Session, text: str) -> bool:
    """Answer an aggressive typed sentence on a negotiation node; False when it is not one
    (or the log was recorded with an older buyer model)."""
    from simulator.engine.nodes.negotiation import _exit

    neg = session._neg
    if (session.buyer_model < buyer_affront.MODEL or neg is None or neg.buyer is None
            or session.current_node.kind != "negociation"
            or not buyer_affront.rude(text, buyer_affront.tone_model(session.models))):
        return False
    buyer = neg.buyer
    buyer.affronts += 1
    buyer.patience -= 1
    neg.patience = buyer.patience
    ending = buyer.affronts >= buyer_affront.AFFRONTS_TO_BREAK or buyer.patience <= 0
    rng = rng_for(session.seed, f"repliques:{neg.node}:ton:{buyer.affronts}")
    line = buyer_lines.affront_line(rng, (), (), True, {}, "", ending=ending)
    if ending:
        session._emit("offer_received", {
            "node": neg.node, "round": neg.round, "offer": neg.client_offer or {},
            "utility": 0.0, "aspiration": 0.0, "decision": "break", "insult": True,
            "patience": neg.patience,
            "affront": {"absurd": [], "insulting": [], "rude": True}})
    session._emit("client_line", {"node": neg.node, "speaker": session.current_node.speaker,
                                  "text": line})
    if ending:
        session._go(_exit(session, False), BREAK)
    return True
