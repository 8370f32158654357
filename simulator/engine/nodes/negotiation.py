"""Negotiation nodes (`type: negociation`): the trainee's offers, the buyer's answers, the deal.

Everything the negotiation does at run time starts here: its state, the opening position,
the buyer's decision and words, accepting the buyer's position, breaking off, and the
buyer's reaction to choices made between offers. The terms and the seller's side (margin,
floor price, delegation) are in nodes/negotiation_terms.py; the buyer's reasoning is pure
math in engine/buyer.py (model 2) and engine/negotiation.py (concession curve, model 1).

Model 1 (logs recorded before buyer model 2, no `models.buyer` in their header) keeps its
original behaviour and wording so that those logs replay identically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.engine import buyer as buyer_model
from simulator.engine import buyer_affront, buyer_lines, objections
from simulator.engine import negotiation as nego
from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.machine import AGREEMENT, BREAK
from simulator.engine.nodes import dialogue
from simulator.engine.nodes import negotiation_objections as raised
from simulator.engine.nodes import negotiation_terms as terms_of
from simulator.engine.nodes.negotiation_terms import (
    COUNTERPARTS_KEY,
    MAX_OFFER_VALUE,
    counterparts_of,
)
from simulator.engine.rng import rng_for
from simulator.engine.views import NegotiationView

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Choice, Node

__all__ = [
    "MAX_OFFER_VALUE",
    "NegotiationState",
    "accept",
    "after_choice",
    "answer_objection",
    "break_off",
    "enter",
    "limits",
    "objection_pending",
    "offer",
    "require",
    "view",
]

KIND = "negociation"
ACCEPTS = frozenset({"offer_made", "negotiation_action", "choice_made", "free_text"})
EMITS = frozenset({"client_line", "offer_received", "offer_made", "negotiation_action",
                   "evidence", "feedback_shown", "objection_raised"}) | dialogue.EMITS
# Acts of a choice that count as arguing between two offers (no stale repetition then).
ARGUING_ACTS = frozenset({"argument", "preuve", "contrepartie", "traitement_objection",
                          "reformulation", "question_ouverte"})


@dataclass
class NegotiationState:
    """Mutable state of the negotiation on the current node."""

    node: str
    model: nego.ClientModel
    product: dict[str, Any]
    quantity: int
    patience: int
    round: int = 0
    client_offer: dict[str, Any] | None = None
    last_offer: dict[str, Any] | None = None
    agreement: dict[str, Any] | None = None
    buyer: buyer_model.BuyerState | None = None          # model 2 only
    persona: buyer_model.BuyerPersona | None = None      # model 2 only


# -- entering ------------------------------------------------------------------------------
def enter(session: Session, node: Node, line: str) -> None:
    """Say the line, open the negotiation (the buyer's opening position), list choices."""
    if line:
        session._emit("client_line", {"node": node.id, "speaker": node.speaker, "text": line})
    _start(session, node)
    if node.choices:
        dialogue.show_choices(session, node)


def _start(session: Session, node: Node) -> None:
    tactics = node.client
    if tactics is None:
        raise ScenarioRuntimeError("nœud de négociation sans « client »", node.pos)
    product = session._world.product(node.product)
    if product is None:
        raise ScenarioRuntimeError(f"produit inconnu « {node.product} » dans le dossier",
                                   node.pos)
    model = nego.ClientModel.build(tactics.opening, tactics.reservation, tactics.weights,
                                   tactics.tactic, tactics.e, tactics.max_rounds)
    patience = session.scenario.persona.patience if session.scenario.persona else 3
    persona = None
    if session.buyer_model >= 2:
        persona = buyer_model.pick_persona(session.seed, node.id)
        model = buyer_model.persona_model(model, persona)
        patience = max(1, patience + persona.patience_delta)
    neg = NegotiationState(node=node.id, model=model, product=product,
                           quantity=int(node.quantity), patience=patience, persona=persona)
    if persona is not None:
        neg.buyer = buyer_model.BuyerState(patience=patience)
    session._neg = neg
    neg.client_offer = terms_of.client_offer(session, neg, model.target(0))
    data: dict[str, Any] = {
        "node": node.id, "round": 0, "offer": neg.client_offer, "utility": 1.0,
        "aspiration": 1.0, "decision": "counter", "insult": False, "patience": neg.patience}
    if persona is not None:
        data["persona"] = persona.id
    session._emit("offer_received", data)


def require(session: Session) -> NegotiationState:
    """The running negotiation; EngineError when the current node has none."""
    if session.current_node.kind != KIND or session._neg is None:
        raise EngineError("aucune négociation en cours")
    return session._neg


# -- inputs --------------------------------------------------------------------------------
def offer(session: Session, given: dict[str, Any], t_ms: int | None,
          counterparts: list[str] | None = None, text: str | None = None) -> None:
    """The trainee's offer; the buyer accepts, counters or breaks off. `counterparts` and
    `text` come from a typed offer draft the trainee confirmed (engine/freetext.py)."""
    if counterparts is not None:
        given = {**given, COUNTERPARTS_KEY: [str(c) for c in counterparts]}
    neg = require(session)
    full = terms_of.complete_offer(session, neg, given)
    session._stamp(t_ms)
    neg.round += 1
    facts = terms_of.offer_facts(session, neg, full)
    previous = neg.last_offer
    data = {"node": neg.node, "round": neg.round, "offer": full, **facts,
            **terms_of.concessions(previous, full, declared=neg.buyer is not None)}
    if counterparts is not None or text is not None:     # a typed draft, confirmed
        data["contreparties"] = [str(c) for c in counterparts or []]
        data["texte"] = str(text or "")
    session._emit("offer_made", data)
    if session._timer_check():
        return
    neg.last_offer = full
    terms_of.offer_evidence(session, facts)
    if neg.buyer is not None:
        _answer_v2(session, neg, full, previous, facts, text)
        return
    values = terms_of.client_values(neg, full)
    response, neg.patience = nego.respond(neg.model, values, neg.round, neg.patience)
    client_view = _client_position(session, neg, response.decision, response.counter, full)
    session._emit("offer_received", {
        "node": neg.node, "round": neg.round, "offer": client_view,
        "utility": round(response.utility, 4), "aspiration": round(response.aspiration, 4),
        "decision": response.decision, "insult": response.insult, "patience": neg.patience})
    _client_says_v1(session, neg, response.decision, client_view, response.insult)
    if response.decision == "accept":
        _agree(session, neg, full, facts)
    elif response.decision == "break":
        session._go(_exit(session, False), BREAK)


def _client_position(session: Session, neg: NegotiationState, decision: str,
                     counter: dict[str, float] | None, full: dict[str, Any]) -> dict[str, Any]:
    """The buyer's position after its answer: the offer it accepts, its counter-offer (now
    its standing position), or its last position when it breaks off."""
    if decision == "accept":
        return full
    if decision == "counter":
        assert counter is not None
        neg.client_offer = terms_of.client_offer(session, neg, counter)
        return neg.client_offer
    return neg.client_offer or full


def _answer_v2(session: Session, neg: NegotiationState, full: dict[str, Any],
               previous: dict[str, Any] | None, facts: dict[str, Any],
               text: str | None = None) -> None:
    """Buyer model 2: per-issue counter, counterparts, patience, words naming what moved."""
    assert neg.buyer is not None and neg.persona is not None
    if neg.buyer.pending is not None:
        raised.ignored(session, neg)
    values = terms_of.client_values(neg, full)
    counterparts = counterparts_of(full)
    net = float(facts["margin"]["prix_net"])
    absurd = buyer_model.is_absurd(net, float(neg.product.get("prix_plancher", 0) or 0),
                                   float(facts["margin"]["remise_effective"]))
    affront = None
    if session.buyer_model >= buyer_affront.MODEL:      # judged against the persona
        affront = buyer_affront.assess(neg.model, values, net,
                                       float(neg.product.get("cout_unitaire", 0) or 0), text,
                                       buyer_affront.tone_model(session.models))
    response = buyer_model.respond(neg.model, neg.persona, neg.buyer, values, counterparts,
                                   neg.round, absurd, affront)
    neg.patience = response.patience
    client_view = _client_position(session, neg, response.decision, response.counter, full)
    session._emit("offer_received", {
        "node": neg.node, "round": neg.round, "offer": client_view,
        "utility": round(response.utility, 4), "aspiration": round(response.aspiration, 4),
        "decision": response.decision, "insult": response.insult, "patience": neg.patience,
        "absurd": response.absurd, "stale": response.stale, "ultimatum": response.ultimatum,
        "countered": list(response.countered), "satisfied": list(response.satisfied),
        "refused_counterparts": list(response.drop_counterparts),
        **({"affront": affront_facts(affront)} if affront is not None else {})})
    rng = rng_for(session.seed, f"repliques:{neg.node}:{neg.round}")
    lead = None
    if affront is not None and (response.absurd or response.insult):
        lead = buyer_lines.affront_line(rng, affront.absurd, affront.insulting, affront.rude,
                                        values, _price_text(net),
                                        ending=response.decision == "break")
    if lead is not None and response.decision == "break":
        text = lead
    elif response.decision == "accept":
        text = buyer_lines.accept_line(rng, counterparts)
    elif response.decision == "break":
        text = buyer_lines.break_line(rng, insult=response.insult, absurd=response.absurd,
                                      stale=response.stale)
    else:
        text = _counter_words(rng, neg, response, values, previous, counterparts, net, lead)
    session._emit("client_line", {"node": neg.node, "speaker": session.current_node.speaker,
                                  "text": text})
    if response.decision == "counter":
        raised.maybe_object(session, neg)
    if response.decision == "accept":
        _agree(session, neg, full, facts)
    elif response.decision == "break":
        session._go(_exit(session, False), BREAK)


def _counter_words(rng: Any, neg: NegotiationState, response: buyer_model.BuyerResponse,
                   values: dict[str, float], previous: dict[str, Any] | None,
                   counterparts: tuple[str, ...], net: float, lead: str | None) -> str:
    assert response.counter is not None and neg.persona is not None
    before = terms_of.client_values(neg, previous) if previous is not None else None
    improved = []
    if before is not None:
        for issue in neg.model.weights:
            if (neg.model.issue_utility(issue, values[issue])
                    > neg.model.issue_utility(issue, before[issue]) + 1e-9):
                improved.append((issue, values[issue]))
    new = [c for c in counterparts if c not in counterparts_of(previous)]
    welcomed = tuple(c for c in new if neg.persona.counterparts.get(c, 0.0) > 0)
    refused = tuple(c for c in response.drop_counterparts if c in new)
    countered = [(i, response.counter[i]) for i in response.countered]
    return buyer_lines.counter_line(
        rng, improved, countered, list(response.satisfied), refused, welcomed,
        insult=response.insult, absurd=response.absurd, stale=response.stale,
        ultimatum=response.ultimatum, price_text=_price_text(net), lead=lead)


def _price_text(net: float) -> str:
    return f"{buyer_lines.show(round(net, 2))}\u00a0€ l'unité"


def affront_facts(affront: buyer_affront.Affront) -> dict[str, Any]:
    """What made an offer absurd or insulting (`offer_received.data.affront`, model 3)."""
    return {"absurd": list(affront.absurd), "insulting": list(affront.insulting),
            "rude": affront.rude}


# -- objections (buyer model 2, nodes/negotiation_objections.py) ----------------------------
def objection_pending(session: Session) -> bool:
    """An objection of the buyer waits for the trainee's answer on the current node."""
    neg = session._neg
    return (session.current_node.kind == KIND and neg is not None and neg.buyer is not None
            and neg.buyer.pending is not None)


def answer_objection(session: Session, text: str, t_ms: int | None) -> None:
    """A typed answer to the pending objection, graded by the CRAC method."""
    neg = require(session)
    raised.answer_text(session, neg, text, t_ms, lambda: _break_on_aggression(session, neg))


def limits(session: Session, given: dict[str, Any] | None) -> dict[str, Any]:
    """The seller's-side facts of an offer (the buyer's current position when None) without
    recording anything: margin, `below_floor`, `authority_exceeded` (delegation and the
    manager's agreement considered). Front ends ask it before a deal outside the limits."""
    neg = require(session)
    if given is None:
        if neg.client_offer is None:
            raise EngineError("le client n'a encore fait aucune proposition")
        full = dict(neg.client_offer)
    else:
        full = terms_of.complete_offer(session, neg, given)
    return {"offer": full, **terms_of.offer_facts(session, neg, full)}


def accept(session: Session, t_ms: int | None) -> None:
    """Accept the buyer's last position (opening or counter-offer)."""
    neg = require(session)
    if neg.client_offer is None:
        raise EngineError("le client n'a encore fait aucune proposition")
    session._stamp(t_ms)
    facts = terms_of.offer_facts(session, neg, neg.client_offer)
    session._emit("negotiation_action", {"node": neg.node, "action": "accept",
                                         "round": neg.round, "offer": neg.client_offer,
                                         **facts})
    if session._timer_check():
        return
    terms_of.offer_evidence(session, facts)
    _agree(session, neg, neg.client_offer, facts)


def break_off(session: Session, t_ms: int | None) -> None:
    """Break the negotiation off."""
    neg = require(session)
    session._stamp(t_ms)
    session._emit("negotiation_action", {"node": neg.node, "action": "break",
                                         "round": neg.round})
    if session._timer_check():
        return
    session._go(_exit(session, False), BREAK)


def after_choice(session: Session, node: Node, choice: Choice) -> bool:
    """A choice between offers: an aggressive one costs the buyer's patience (the talk may
    end on it), an argument keeps the next offer from counting as a mere repetition; one
    without `suite` keeps the negotiation going. True when handled."""
    neg = session._neg
    if neg is not None and neg.buyer is not None and ARGUING_ACTS & set(choice.acts):
        neg.buyer.argued = True
    if (neg is not None and neg.buyer is not None and neg.buyer.pending is not None
            and objections.ANSWER_ACTS & set(choice.acts)):
        raised.answered(session, neg, objections.crac_of_acts(choice.acts),
                        lambda: _break_on_aggression(session, neg))
        if session.ended or session.current_node.kind != KIND:
            return True
    if "agressif" in choice.acts and neg is not None:
        neg.patience -= 1
        if neg.buyer is not None:
            neg.buyer.patience = neg.patience
        if neg.patience <= 0:
            _break_on_aggression(session, neg)
            return True
    if choice.next is None:
        dialogue.show_choices(session, node)
        return True
    return False


def _break_on_aggression(session: Session, neg: NegotiationState) -> None:
    session._emit("offer_received", {
        "node": neg.node, "round": neg.round, "offer": neg.client_offer or {},
        "utility": 0.0, "aspiration": 0.0, "decision": "break", "insult": True,
        "patience": neg.patience})
    if neg.buyer is not None:
        text = buyer_lines.break_line(rng_for(session.seed, f"repliques:{neg.node}:rupture"),
                                      insult=True, absurd=False, stale=False)
        session._emit("client_line", {"node": neg.node,
                                      "speaker": session.current_node.speaker, "text": text})
    else:
        _client_says_v1(session, neg, "break", neg.client_offer or {}, True)
    session._go(_exit(session, False), BREAK)


def _client_says_v1(session: Session, neg: NegotiationState, decision: str,
                    terms: dict[str, Any], insult: bool) -> None:
    """Buyer model 1's words (frozen: old logs compare them)."""
    if decision == "accept":
        text = "C'est d'accord, nous avons un accord."
    elif decision == "break":
        text = "Nous n'arriverons pas à nous entendre : je préfère en rester là."
    else:
        lead = "Vous plaisantez ? " if insult else "Ce n'est pas suffisant. "
        text = f"{lead}Ma proposition : {nego.describe_offer_v1(terms, neg.model.weights)}."
    session._emit("client_line", {"node": neg.node, "speaker": session.current_node.speaker,
                                  "text": text})


# -- ending --------------------------------------------------------------------------------
def _agree(session: Session, neg: NegotiationState, terms: dict[str, Any],
           facts: dict[str, Any]) -> None:
    if facts["below_floor"] or facts["authority_exceeded"]:
        session._deals_out_of_limits.add(neg.node)
    else:
        session._deals_out_of_limits.discard(neg.node)
    neg.agreement = dict(terms)
    session._agreement = dict(terms)
    session._go(_exit(session, True), AGREEMENT)


def _exit(session: Session, agreed: bool) -> str:
    node = session.current_node
    target = node.on_agreement if agreed else node.on_break
    if target is None:
        which = "accord" if agreed else "rupture"
        raise ScenarioRuntimeError(f"négociation sans suite « {which} »", node.pos)
    return target


def view(session: Session) -> NegotiationView | None:
    """The negotiation as the front end shows it (None off a negotiation node)."""
    neg = session._neg
    if neg is None or session.current_node.kind != KIND:
        return None
    p = neg.product
    return NegotiationView(
        product=p, quantity=neg.quantity, round=neg.round, max_rounds=neg.model.max_rounds,
        list_price=float(p.get("prix_liste", 0) or 0),
        floor_price=float(p.get("prix_plancher", 0) or 0),
        unit_cost=float(p.get("cout_unitaire", 0) or 0),
        max_discount=float(session._world.seller().get("remise_max", 0) or 0),
        client_offer=neg.client_offer, last_offer=neg.last_offer, patience=neg.patience,
        agreement=neg.agreement, persona=neg.persona.label if neg.persona else None)
