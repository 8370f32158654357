"""C3.3: a concession to the client with no counterpart.

A concession is an offer that improves the client's side compared with the trainee's
previous offer in the same negotiation. It has a counterpart when the same offer also moves
another issue in the seller's favour, declares a counterpart it asks for (`contreparties`,
scenario.model.COUNTERPARTS, also from a typed offer draft), or when the trainee used a
`demande_contrepartie` act since the previous offer (« si vous…, alors je… »).
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, mapping, number, seq
from scoring.evidence import Evidence, quote
from simulator.scenario.model import COUNTERPARTS

CRITERIA = ("C3.3",)
# +1: a higher value is better for the client; -1: a lower value is better for the client.
CLIENT_DIRECTION: dict[str, int] = {
    "remise": 1, "delai_paiement": 1, "services": 1,
    "prix_unitaire": -1, "livraison": -1, "quantite": -1,
}
LABELS: dict[str, str] = {
    "remise": "remise", "delai_paiement": "délai de paiement", "services": "services",
    "prix_unitaire": "prix unitaire", "livraison": "délai de livraison",
    "quantite": "quantité",
}
WEIGHT_WITHOUT = -2
WEIGHT_WITH = 1


def _moves(prev: dict[str, Any], cur: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Issues moved towards the client, and towards the seller."""
    to_client: list[str] = []
    to_seller: list[str] = []
    for issue, direction in CLIENT_DIRECTION.items():
        a, b = number(prev.get(issue)), number(cur.get(issue))
        if a is None or b is None or a == b:
            continue
        (to_client if (b - a) * direction > 0 else to_seller).append(issue)
    return to_client, to_seller


def _declared(prev: dict[str, Any], cur: dict[str, Any]) -> list[str]:
    """Counterparts the offer newly asks for (`contreparties`, « si vous signez
    aujourd'hui… »), as `contrepartie:<id>`."""
    old, new = prev.get("contreparties"), cur.get("contreparties")
    before: list[Any] = old if isinstance(old, list) else []
    now: list[Any] = new if isinstance(new, list) else []
    return [f"contrepartie:{c}" for c in now if isinstance(c, str) and c not in before]


def _describe(prev: dict[str, Any], cur: dict[str, Any], issues: list[str]) -> str:
    parts = []
    for i in issues:
        if i.startswith("contrepartie:"):
            parts.append(COUNTERPARTS.get(i.split(":", 1)[1], i.split(":", 1)[1]))
        else:
            parts.append(f"{LABELS[i]} {fmt(number(prev[i]) or 0)} → "
                         f"{fmt(number(cur[i]) or 0)}")
    return ", ".join(parts)


def analyse(ctx: Context) -> list[Evidence]:
    offers = ctx.of("offer_made")
    if not offers:
        return []
    said = {seq(ev): ctx.said(ev) for ev, act in ctx.acts()
            if act == "demande_contrepartie"}
    counterpart_seqs = sorted(said)
    out: list[Evidence] = []
    last_by_node: dict[str, dict[str, Any]] = {}
    concessions = 0
    for ev in offers:
        node = str(data(ev).get("node"))
        offer = data(ev).get("offer")
        if not isinstance(offer, dict):
            continue
        prev_ev = last_by_node.get(node)
        last_by_node[node] = ev
        if prev_ev is None:
            continue
        prev = mapping(data(prev_ev).get("offer"))
        to_client, to_seller = _moves(prev, offer)
        if not to_client:
            continue
        to_seller += _declared(prev, offer)
        concessions += 1
        given = _describe(prev, offer, to_client)
        acts = [s for s in counterpart_seqs if seq(prev_ev) < s < seq(ev)]
        asked = data(ev).get("contreparties")       # counterparts of a typed offer draft
        if to_seller:
            out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Concession ({given}) échangée contre {_describe(prev, offer, to_seller)}.",
                "concession", (seq(prev_ev), seq(ev))))
        elif isinstance(asked, list) and any(isinstance(a, str) for a in asked):
            out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Concession ({given}) conditionnée à une contrepartie "
                f"({', '.join(str(a).replace('_', ' ') for a in asked)}).",
                "concession", (seq(prev_ev), seq(ev)), quote(data(ev).get("texte"))))
        elif acts:
            out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Concession ({given}) accompagnée d'une demande de contrepartie.",
                "concession", (seq(prev_ev), *acts, seq(ev)), said[acts[-1]]))
        else:
            out.append(Evidence(
                CRITERIA[0], WEIGHT_WITHOUT,
                f"Concession sans contrepartie : {given}, rien obtenu en échange.",
                "concession", (seq(prev_ev), seq(ev))))
    if concessions == 0 and len(offers) > 1:
        out.append(Evidence(
            CRITERIA[0], WEIGHT_WITH,
            f"Aucune concession accordée sur {len(offers)} offres : position tenue.",
            "concession", tuple(seq(e) for e in offers)))
    return out
