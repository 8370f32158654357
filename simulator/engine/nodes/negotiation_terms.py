"""The terms of a negotiation offer and the seller's side of them (part of the negotiation
node, nodes/negotiation.py): validation, standard terms, margin, floor price, delegation,
and how the buyer reads an offer.

Buyer model 2 also counts what the seller's gestures cost: each service offered and every
day of delivery faster than the product's standard lead time enter the margin (seller
dossier data `cout_service_offert` and `cout_livraison_jour` when the dossier states them,
else the cheapest catalogue service (3 % of the unit cost without a catalogue) per service
and 0,2 % of the unit cost per unit and day).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.engine import negotiation as nego
from simulator.engine.env import SessionEnv
from simulator.engine.errors import EngineError
from simulator.engine.evaluate import holds
from simulator.engine.text import show
from simulator.engine.values import as_float, clean
from simulator.scenario.model import COUNTERPARTS, OFFER_ISSUES

if TYPE_CHECKING:
    from simulator.engine.nodes.negotiation import NegotiationState
    from simulator.engine.session import Session

MAX_OFFER_VALUE = 1e12     # beyond, a typo: and products of such numbers lose precision
COUNTERPARTS_KEY = "contreparties"
# Direction in which each issue moves in the client's favour.
CLIENT_BETTER: dict[str, int] = {"prix_unitaire": -1, "remise": 1, "delai_paiement": 1,
                                 "livraison": -1, "services": 1, "quantite": -1}
DELIVERY_DAY_SHARE = 0.002     # default cost of a day of faster delivery, per unit
SERVICE_COST_SHARE = 0.03      # default cost of a service offered, without a catalogue


def standard_terms(session: Session, neg: NegotiationState) -> dict[str, Any]:
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


def complete_offer(session: Session, neg: NegotiationState,
                   given: dict[str, Any]) -> dict[str, Any]:
    """The offer on every issue (unchanged ones from the last offer); EngineError if bad."""
    if not isinstance(given, dict) or not given:
        raise EngineError("une offre précise au moins un élément (remise, délai…)")
    base = dict(neg.last_offer or standard_terms(session, neg))
    counterparts = base.pop(COUNTERPARTS_KEY, [])
    for key, value in given.items():
        if key == COUNTERPARTS_KEY:
            counterparts = _counterparts(value)
            continue
        if key not in OFFER_ISSUES:
            raise EngineError(f"élément d'offre inconnu « {key} » (éléments : "
                              f"{', '.join(OFFER_ISSUES)}, {COUNTERPARTS_KEY})")
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
    out: dict[str, Any] = {k: clean(base[k]) for k in OFFER_ISSUES}
    if counterparts:
        out[COUNTERPARTS_KEY] = counterparts
    return out


def _counterparts(value: object) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise EngineError(f"« {COUNTERPARTS_KEY} » : une liste d'identifiants ("
                          f"{', '.join(COUNTERPARTS)})")
    unknown = [v for v in value if v not in COUNTERPARTS]
    if unknown:
        raise EngineError(f"contrepartie inconnue « {unknown[0]} » (contreparties : "
                          f"{', '.join(COUNTERPARTS)})")
    return sorted(set(value), key=list(COUNTERPARTS).index)


def counterparts_of(terms: dict[str, Any] | None) -> tuple[str, ...]:
    return tuple((terms or {}).get(COUNTERPARTS_KEY, ()))


def offer_facts(session: Session, neg: NegotiationState,
                terms: dict[str, Any]) -> dict[str, Any]:
    """Margin, floor distance and delegation of an offer (recorded with it)."""
    product = neg.product
    list_price = float(product.get("prix_liste", 0) or 0)
    m = nego.margin(list_price, float(product.get("cout_unitaire", 0) or 0),
                    float(product.get("prix_plancher", 0) or 0),
                    terms["prix_unitaire"], terms["remise"], terms["quantite"])
    if neg.buyer is not None:
        m = _with_gesture_costs(session, neg, m, terms)
    limit = float(session._world.seller().get("remise_max", 0) or 0)
    node = session.current_node
    manager_ok = (node.manager_agreement is not None
                  and holds(node.manager_agreement, SessionEnv(session)))
    exceeded = m["remise_effective"] > limit + 1e-9 and not manager_ok
    below = m["ecart_plancher"] < -1e-9
    return {"margin": m, "authority_exceeded": exceeded, "below_floor": below,
            "remise_max": limit, "manager_agreement": manager_ok}


def _with_gesture_costs(session: Session, neg: NegotiationState, m: dict[str, float],
                        terms: dict[str, Any]) -> dict[str, float]:
    """The margin less the cost of the services offered and of faster delivery."""
    seller = session._world.seller()
    unit_cost = float(neg.product.get("cout_unitaire", 0) or 0)
    service_cost = seller.get("cout_service_offert")
    if not isinstance(service_cost, int | float) or isinstance(service_cost, bool):
        catalogue = [float(s.get("cout", 0) or 0) for s in seller.get("services", []) or []
                     if isinstance(s, dict) and s.get("cout")]
        service_cost = min(catalogue) if catalogue else unit_cost * SERVICE_COST_SHARE
    day_cost = seller.get("cout_livraison_jour")
    if not isinstance(day_cost, int | float) or isinstance(day_cost, bool):
        day_cost = unit_cost * DELIVERY_DAY_SHARE
    standard = float(neg.product.get("delai_livraison", 0) or 0)
    faster = max(0.0, standard - float(terms["livraison"]))
    services = round(float(service_cost) * float(terms["services"]), 2)
    delivery = round(float(day_cost) * faster * float(terms["quantite"]), 2)
    cost = m["cout"] + services + delivery
    value = m["montant"] - cost
    return {**m, "cout_services": services, "cout_livraison": delivery,
            "cout": round(cost, 2), "marge": round(value, 2),
            "taux_marge": round(value / m["montant"] * 100.0, 2) if m["montant"] else 0.0}


def offer_evidence(session: Session, facts: dict[str, Any]) -> None:
    """C3.4 evidence (and coaching) for an offer beyond the delegation or below the floor."""
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


def concessions(previous: dict[str, Any] | None, terms: dict[str, Any],
                declared: bool = False) -> dict[str, list[str]]:
    """Issues moved in the client's favour (concessions) or the seller's (counterparts).

    With `declared` (buyer model 2), a counterpart the offer newly asks for (`contreparties`)
    is listed among the counterparts as `contrepartie:<id>`.
    """
    if previous is None:
        return {"concessions": [], "counterparts": []}
    given, obtained = [], []
    for issue, sign in CLIENT_BETTER.items():
        delta = (terms[issue] - previous[issue]) * sign
        if delta > 1e-9:
            given.append(issue)
        elif delta < -1e-9:
            obtained.append(issue)
    if declared:
        before = set(counterparts_of(previous))
        obtained += [f"contrepartie:{c}" for c in counterparts_of(terms) if c not in before]
    return {"concessions": given, "counterparts": obtained}


def client_values(neg: NegotiationState, terms: dict[str, Any]) -> dict[str, float]:
    """The offer as the buyer weighs it (the discount as an effective discount)."""
    list_price = float(neg.product.get("prix_liste", 0) or 0)
    net = terms["prix_unitaire"] * (1 - terms["remise"] / 100)
    effective = (1 - net / list_price) * 100 if list_price else terms["remise"]
    return {"remise": effective, "delai_paiement": terms["delai_paiement"],
            "livraison": terms["livraison"], "services": terms["services"],
            "quantite": terms["quantite"]}


def client_offer(session: Session, neg: NegotiationState,
                 target: dict[str, float]) -> dict[str, Any]:
    """The buyer's position on every issue (catalogue terms where it has no say)."""
    base = standard_terms(session, neg)
    for issue, value in target.items():
        base[issue] = value
    return {k: clean(base[k]) for k in OFFER_ISSUES}
