"""C3.4: prices agreed below the floor price (margin under the minimum).

Every offer below the floor is unfavourable; a deal below it (a counter-offer accepted by
the trainee, or an offer the client accepted) is a blocking fault. If none is, the
negotiation kept the margin (one favourable piece citing them, within the authority limits
too).
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, is_acceptance, number, seq
from scoring.analysers.feed import Feed, Folder, run_folder
from scoring.evidence import Evidence
from simulator.french.grammar import plural

CRITERIA = ("C3.4",)


def _margin_text(margin: Any) -> str:
    if not isinstance(margin, dict):
        return ""
    rate = number(margin.get("taux") if "taux" in margin else margin.get("taux_marge"))
    return f" (taux de marge {fmt(rate)} %)" if rate is not None else ""


class Margin(Folder):
    """Offers below the floor (a deal or not, known once the client answers), and what the
    summary of a preserved margin needs."""

    types = frozenset({"offer_made", "offer_received", "negotiation_action"})

    def __init__(self) -> None:
        self.below: list[tuple[int, bool, str]] = []   # (seq, acceptance, margin text)
        self.made: dict[tuple[str, Any], int] = {}
        self.agreed: set[int] = set()
        self.positions: list[int] = []
        self.accepted = 0
        self.exceeded = False

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        payload = data(ev)
        kind = ev.get("type")
        if kind in ("offer_made", "offer_received"):
            key = (str(payload.get("node")), payload.get("round"))
            if kind == "offer_made":
                self.made[key] = seq(ev)
            elif payload.get("decision") == "accept" and key in self.made:
                self.agreed.add(self.made[key])
        acceptance = is_acceptance(ev)
        if kind != "offer_made" and not acceptance:
            return
        self.positions.append(seq(ev))
        self.accepted += acceptance
        self.exceeded = self.exceeded or payload.get("authority_exceeded") is True
        if payload.get("below_floor") is True:
            self.below.append((seq(ev), acceptance, _margin_text(payload.get("margin"))))

    def finish(self, feed: Feed) -> list[Evidence]:
        if not self.positions:
            return []
        out: list[Evidence] = []
        for number_, acceptance, margin in self.below:
            deal = acceptance or number_ in self.agreed
            if acceptance:
                what = "Contre-proposition du client acceptée sous le prix plancher"
            elif deal:
                what = "Accord conclu sur une offre sous le prix plancher"
            else:
                what = "Offre sous le prix plancher"
            if deal:    # a deal below the floor: blocking, whatever else was done well
                out.append(Evidence(
                    CRITERIA[0], -2, f"Faute bloquante : {what[0].lower()}{what[1:]}"
                    f"{margin}.", "marge", (number_,), blocker=True))
                continue
            out.append(Evidence(CRITERIA[0], -2, f"{what}{margin}.", "marge", (number_,)))
        if not out and not self.exceeded:
            offers = len(self.positions) - self.accepted
            parts = [plural(offers, "offre", "offres")] if offers else []
            if self.accepted:
                parts.append(plural(self.accepted, "contre-proposition acceptée",
                                    "contre-propositions acceptées"))
            counted = " et ".join(parts)
            out.append(Evidence(
                CRITERIA[0], 1,
                f"Marge préservée : {counted}, aucune sous le plancher ni au-delà de la "
                f"délégation.",
                "marge", tuple(self.positions)))
        return out


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Margin(), ctx.header, ctx.events, ctx.scenario)
