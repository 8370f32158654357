"""C3.4 (blocker): a discount beyond the seller's authority without the manager's agreement.

The engine marks such offers with `authority_exceeded`, on the trainee's own offers and on
the client's counter-offers they accept (accepting is agreeing to that price). The agreement
is taken as given when the event itself says so (`manager_agreement`/`accord_manager` true
in its data) or when the trainee asked for it (`demande_accord_manager` act) earlier in the
session.
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, is_acceptance, mapping, number, seq
from scoring.analysers.feed import Feed, Folder, run_folder
from scoring.evidence import Evidence

CRITERIA = ("C3.4",)


class Authority(Folder):
    """Keeps the last request for the manager's agreement and the evidence so far."""

    types = frozenset({"offer_made", "negotiation_action"})
    acts = True

    def __init__(self) -> None:
        self.asked: int | None = None
        self.out: list[Evidence] = []

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Feed) -> None:
        if act == "demande_accord_manager":
            self.asked = seq(ev)

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        if ev.get("type") != "offer_made" and not is_acceptance(ev):
            return
        payload = data(ev)
        if payload.get("authority_exceeded") is not True:
            return
        remise = number(mapping(payload.get("offer")).get("remise"))
        what = f"remise de {fmt(remise)} %" if remise is not None else "remise"
        if is_acceptance(ev):
            what = f"contre-proposition du client acceptée avec une {what}"
        agreed = payload.get("manager_agreement") is True or payload.get("accord_manager") is True
        before = (self.asked,) if self.asked is not None and self.asked < seq(ev) else ()
        if agreed or before:
            self.out.append(Evidence(
                CRITERIA[0], 1,
                f"{what[0].upper()}{what[1:]} au-delà de la délégation, avec l'accord du "
                f"responsable.",
                "delegation", (*before, seq(ev))))
        else:
            self.out.append(Evidence(
                CRITERIA[0], -2,
                f"Faute bloquante : {what} au-delà de la délégation sans l'accord du "
                f"responsable.",
                "delegation", (seq(ev),), blocker=True))

    def finish(self, feed: Feed) -> list[Evidence]:
        return self.out


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Authority(), ctx.header, ctx.events, ctx.scenario)
