"""C3.3: a concession to the client with no counterpart.

A concession is an offer that improves the client's side compared with the trainee's
previous offer in the same negotiation. It has a counterpart when the same offer also moves
another issue in the seller's favour, declares a counterpart it asks for (`contreparties`,
scenario.model.COUNTERPARTS, also from a typed offer draft), or when the trainee used a
`demande_contrepartie` act since the previous offer (« si vous…, alors je… »).
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, number, seq
from scoring.analysers.feed import Feed, Folder, run_folder
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


class Concession(Folder):
    """The last offer of each negotiation, the counterpart requests that may still fall
    between two offers of one of them, and the evidence so far."""

    types = frozenset({"offer_made"})
    acts = True

    def __init__(self) -> None:
        self.last_by_node: dict[str, tuple[int, dict[str, Any]]] = {}
        self.asked: list[tuple[int, str | None]] = []      # demande_contrepartie (seq, words)
        self.offers: list[int] = []
        self.concessions = 0
        self.out: list[Evidence] = []

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Feed) -> None:
        # Only a request after some negotiation's last offer can count for its next one.
        if act == "demande_contrepartie" and self.last_by_node and (
                not self.asked or self.asked[-1][0] != seq(ev)):
            self.asked.append((seq(ev), feed.said(ev)))

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        self.offers.append(seq(ev))
        node = str(data(ev).get("node"))
        offer = data(ev).get("offer")
        if not isinstance(offer, dict):
            return
        previous = self.last_by_node.get(node)
        acts = [a for a in self.asked if previous is not None and previous[0] < a[0] < seq(ev)]
        self.last_by_node[node] = (seq(ev), offer)
        oldest = min(s for s, _ in self.last_by_node.values())
        self.asked = [a for a in self.asked if a[0] > oldest]
        if previous is None:
            return
        prev_seq, prev = previous
        to_client, to_seller = _moves(prev, offer)
        if not to_client:
            return
        to_seller += _declared(prev, offer)
        self.concessions += 1
        given = _describe(prev, offer, to_client)
        asked = data(ev).get("contreparties")       # counterparts of a typed offer draft
        if to_seller:
            self.out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Concession ({given}) échangée contre {_describe(prev, offer, to_seller)}.",
                "concession", (prev_seq, seq(ev))))
        elif isinstance(asked, list) and any(isinstance(a, str) for a in asked):
            self.out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Concession ({given}) conditionnée à une contrepartie "
                f"({', '.join(str(a).replace('_', ' ') for a in asked)}).",
                "concession", (prev_seq, seq(ev)), quote(data(ev).get("texte"))))
        elif acts:
            self.out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Concession ({given}) accompagnée d'une demande de contrepartie.",
                "concession", (prev_seq, *(a[0] for a in acts), seq(ev)), acts[-1][1]))
        else:
            self.out.append(Evidence(
                CRITERIA[0], WEIGHT_WITHOUT,
                f"Concession sans contrepartie : {given}, rien obtenu en échange.",
                "concession", (prev_seq, seq(ev))))

    def finish(self, feed: Feed) -> list[Evidence]:
        out = list(self.out)
        if self.concessions == 0 and len(self.offers) > 1:
            out.append(Evidence(
                CRITERIA[0], WEIGHT_WITH,
                f"Aucune concession accordée sur {len(self.offers)} offres : position tenue.",
                "concession", tuple(self.offers)))
        return out


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Concession(), ctx.header, ctx.events, ctx.scenario)
