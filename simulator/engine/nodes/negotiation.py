"""Negotiation nodes (`type: negociation`): the trainee's offers, the client's answers, the deal.

Everything the negotiation does at run time is here: its state, the opening position, offer
validation and the seller's side facts (margin, floor price, discount delegation), the
client's decision (the pure model is engine/negotiation.py), its words, accepting the
client's position, breaking off, and the client's reaction to aggressive choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.engine import negotiation as nego
from simulator.engine.env import SessionEnv
from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.evaluate import holds
from simulator.engine.machine import AGREEMENT, BREAK
from simulator.engine.nodes import dialogue
from simulator.engine.text import show
from simulator.engine.values import as_float, clean
from simulator.engine.views import NegotiationView
from simulator.scenario.model import OFFER_ISSUES

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Choice, Node

KIND = "negociation"
ACCEPTS = frozenset({"offer_made", "negotiation_action", "choice_made", "free_text"})
EMITS = frozenset({"client_line", "offer_received", "offer_made", "negotiation_action",
                   "evidence", "feedback_shown"}) | dialogue.EMITS
MAX_OFFER_VALUE = 1e12     # beyond, a typo: and products of such numbers lose precision
# Direction in which each issue moves in the client's favour.
CLIENT_BETTER: dict[str, int] = {"prix_unitaire": -1, "remise": 1, "delai_paiement": 1,
                                 "livraison": -1, "services": 1, "quantite": -1}


@dataclass
class NegotiationState:
    """Mutable state of the negotiation on the current node."""

    node: str
    model: nego.ClientModel
    product: dict[str, Any]
    quantity: int
    patience: int
    round: int = 0
    client_offer: dict[str, float] | None = None
    last_offer: dict[str, float] | None = None
    agreement: dict[str, float] | None = None


# -- entering ------------------------------------------------------------------------------
def enter(session: Session, node: Node, line: str) -> None:
    """Say the line, open the negotiation (the client's opening position), list choices."""
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
    neg = NegotiationState(node=node.id, model=model, product=product,
                           quantity=int(node.quantity), patience=patience)
    session._neg = neg
    neg.client_offer = _client_offer(session, neg, model.target(0))
    session._emit("offer_received", {
        "node": node.id, "round": 0, "offer": neg.client_offer, "utility": 1.0,
        "aspiration": 1.0, "decision": "counter", "insult": False, "patience": neg.patience})


def require(session: Session) -> NegotiationState:
    """The running negotiation; EngineError when the current node has none."""
    if session.current_node.kind != KIND or session._neg is None:
        raise EngineError("aucune négociation en cours")
    return session._neg


# -- inputs --------------------------------------------------------------------------------
def offer(session: Session, given: dict[str, Any], t_ms: int | None) -> None:
    """The trainee's offer; the client accepts, counters or breaks off."""
    neg = require(session)
    full = _complete_offer(session, neg, given)
    session._stamp(t_ms)
    neg.round += 1
    facts = _offer_facts(session, neg, full)
    data = {"node": neg.node, "round": neg.round, "offer": full, **facts,
            **concessions(neg.last_offer, full)}
    session._emit("offer_made", data)
    if session._timer_check():
        return
    neg.last_offer = full
    _offer_evidence(session, facts)
    values = _client_values(neg, full)
    response, neg.patience = nego.respond(neg.model, values, neg.round, neg.patience)
    if response.decision == "accept":
        client_view = full
    elif response.decision == "counter":
        assert response.counter is not None
        client_view = _client_offer(session, neg, response.counter)
        neg.client_offer = client_view
    else:
        client_view = neg.client_offer or full
    session._emit("offer_received", {
        "node": neg.node, "round": neg.round, "offer": client_view,
        "utility": round(response.utility, 4), "aspiration": round(response.aspiration, 4),
        "decision": response.decision, "insult": response.insult, "patience": neg.patience})
    _client_says(session, neg, response.decision, client_view, response.insult)
    if response.decision == "accept":
        _agree(session, neg, full)
    elif response.decision == "break":
        session._go(_exit(session, False), BREAK)


def accept(session: Session, t_ms: int | None) -> None:
    """Accept the client's last position (opening or counter-offer)."""
    neg = require(session)
    if neg.client_offer is None:
        raise EngineError("le client n'a encore fait aucune proposition")
    session._stamp(t_ms)
    facts = _offer_facts(session, neg, neg.client_offer)
    session._emit("negotiation_action", {"node": neg.node, "action": "accept",
                                         "round": neg.round, "offer": neg.client_offer,
                                         **facts})
    if session._timer_check():
        return
    _offer_evidence(session, facts)
    _agree(session, neg, neg.client_offer)


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
    """A choice between offers: an aggressive one costs the client's patience (the talk
    may end on it); one without `suite` keeps the negotiation going. True when handled."""
    neg = session._neg
    if "agressif" in choice.acts and neg is not None:
        neg.patience -= 1
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
    _client_says(session, neg, "break", neg.client_offer or {}, True)
    session._go(_exit(session, False), BREAK)


# -- the seller's side ---------------------------------------------------------------------
def standard_terms(session: Session, neg: NegotiationState) -> dict[str, float]:
    """The seller's catalogue terms: list price, no discount, standard payment and delivery."""
    seller = session._world.seller()
    return {
        "prix_unitaire": float(neg.product.get("prix_liste", 0) or 0),
        "remise": 0.0,
        "quantite": float(neg.quantity),
        "delai_paiement": float(seller.get("delai_paiement_standard", 30) or 30),
        "livraison": float(neg.product.get("delai_livraison", 0) or 0),
        "services": 0.0,
    }


def _complete_offer(session: Session, neg: NegotiationState,
                    given: dict[str, Any]) -> dict[str, float]:
    """The offer on every issue (unchanged ones from the last offer); EngineError if bad."""
    if not isinstance(given, dict) or not given:
        raise EngineError("une offre précise au moins un élément (remise, délai…)")
    base = dict(neg.last_offer or standard_terms(session, neg))
    for key, value in given.items():
        if key not in OFFER_ISSUES:
            raise EngineError(f"élément d'offre inconnu « {key} » (éléments : "
                              f"{', '.join(OFFER_ISSUES)})")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EngineError(f"« {key} » doit être un nombre")
        number = as_float(value)
        if number is None or number > MAX_OFFER_VALUE:
            raise EngineError(f"« {key} » : nombre non fini ou démesuré, refusé")
        if number < 0 or (key == "remise" and number > 100):
            raise EngineError(f"valeur impossible pour « {key} » : {show(value)}")
        base[key] = number
    if base["quantite"] <= 0:
        raise EngineError("la quantité doit être positive")
    return {k: clean(base[k]) for k in OFFER_ISSUES}


def _offer_facts(session: Session, neg: NegotiationState,
                 terms: dict[str, float]) -> dict[str, Any]:
    product = neg.product
    list_price = float(product.get("prix_liste", 0) or 0)
    m = nego.margin(list_price, float(product.get("cout_unitaire", 0) or 0),
                    float(product.get("prix_plancher", 0) or 0),
                    terms["prix_unitaire"], terms["remise"], terms["quantite"])
    limit = float(session._world.seller().get("remise_max", 0) or 0)
    node = session.current_node
    manager_ok = (node.manager_agreement is not None
                  and holds(node.manager_agreement, SessionEnv(session)))
    exceeded = m["remise_effective"] > limit + 1e-9 and not manager_ok
    below = m["ecart_plancher"] < -1e-9
    return {"margin": m, "authority_exceeded": exceeded, "below_floor": below,
            "remise_max": limit, "manager_agreement": manager_ok}


def _offer_evidence(session: Session, facts: dict[str, Any]) -> None:
    node = session._current
    m = facts["margin"]
    texts = []
    if facts["authority_exceeded"]:
        texts.append(f"Remise de {show(m['remise_effective'])} % au-delà de la délégation "
                     f"({show(facts['remise_max'])} %) sans l'accord du responsable.")
    if facts["below_floor"]:
        texts.append(f"Prix net de {show(m['prix_net'])} € sous le prix plancher "
                     f"(écart {show(m['ecart_plancher'])} €).")
    for text in texts:
        session._emit("evidence", {"criterion": "C3.4", "weight": -1, "justification": text,
                                   "source": "offer", "node": node, "choice": None})
        if session.mode == "entrainement":
            session._feedback_line(node, text)


def concessions(previous: dict[str, float] | None,
                terms: dict[str, float]) -> dict[str, list[str]]:
    """Issues moved in the client's favour (concessions) or the seller's (counterparts)."""
    if previous is None:
        return {"concessions": [], "counterparts": []}
    given, obtained = [], []
    for issue, sign in CLIENT_BETTER.items():
        delta = (terms[issue] - previous[issue]) * sign
        if delta > 1e-9:
            given.append(issue)
        elif delta < -1e-9:
            obtained.append(issue)
    return {"concessions": given, "counterparts": obtained}


# -- the client's side ---------------------------------------------------------------------
def _client_values(neg: NegotiationState, terms: dict[str, float]) -> dict[str, float]:
    list_price = float(neg.product.get("prix_liste", 0) or 0)
    net = terms["prix_unitaire"] * (1 - terms["remise"] / 100)
    effective = (1 - net / list_price) * 100 if list_price else terms["remise"]
    return {"remise": effective, "delai_paiement": terms["delai_paiement"],
            "livraison": terms["livraison"], "services": terms["services"],
            "quantite": terms["quantite"]}


def _client_offer(session: Session, neg: NegotiationState,
                  target: dict[str, float]) -> dict[str, float]:
    base = standard_terms(session, neg)
    for issue, value in target.items():
        base[issue] = value
    return {k: clean(base[k]) for k in OFFER_ISSUES}


def _client_says(session: Session, neg: NegotiationState, decision: str,
                 terms: dict[str, float], insult: bool) -> None:
    if decision == "accept":
        text = "C'est d'accord, nous avons un accord."
    elif decision == "break":
        text = "Nous n'arriverons pas à nous entendre : je préfère en rester là."
    else:
        from simulator.engine.transcript import describe_offer

        lead = "Vous plaisantez ? " if insult else "Ce n'est pas suffisant. "
        text = f"{lead}Ma proposition : {describe_offer(terms, neg.model.weights)}."
    session._emit("client_line", {"node": neg.node, "speaker": session.current_node.speaker,
                                  "text": text})


# -- ending --------------------------------------------------------------------------------
def _agree(session: Session, neg: NegotiationState, terms: dict[str, float]) -> None:
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
        agreement=neg.agreement)
