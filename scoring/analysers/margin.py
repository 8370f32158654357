"""C3.4: prices agreed below the floor price (margin under the minimum).

Every offer below the floor is unfavourable; a deal below it (a counter-offer accepted by
the trainee, or an offer the client accepted) is a blocking fault. If none is, the
negotiation kept the margin (one favourable piece citing them, within the authority limits
too).
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, is_acceptance, number, seq
from scoring.evidence import Evidence
from simulator.french.grammar import plural

CRITERIA = ("C3.4",)


def _margin_text(margin: Any) -> str:
    if not isinstance(margin, dict):
        return ""
    rate = number(margin.get("taux") if "taux" in margin else margin.get("taux_marge"))
    return f" (taux de marge {fmt(rate)} %)" if rate is not None else ""


def _agreed_offers(ctx: Context) -> set[int]:
    """Seqs of the trainee's offers the client accepted (`offer_received` accept of the
    same node and round): the deal was made at that price."""
    made: dict[tuple[str, Any], int] = {}
    agreed: set[int] = set()
    for ev in ctx.of("offer_made", "offer_received"):
        payload = data(ev)
        key = (str(payload.get("node")), payload.get("round"))
        if ev.get("type") == "offer_made":
            made[key] = seq(ev)
        elif payload.get("decision") == "accept" and key in made:
            agreed.add(made[key])
    return agreed


def analyse(ctx: Context) -> list[Evidence]:
    positions = ctx.commitments()
    if not positions:
        return []
    agreed = _agreed_offers(ctx)
    out: list[Evidence] = []
    for ev in positions:
        payload = data(ev)
        if payload.get("below_floor") is True:
            deal = is_acceptance(ev) or seq(ev) in agreed
            if is_acceptance(ev):
                what = "Contre-proposition du client acceptée sous le prix plancher"
            elif deal:
                what = "Accord conclu sur une offre sous le prix plancher"
            else:
                what = "Offre sous le prix plancher"
            if deal:    # a deal below the floor: blocking, whatever else was done well
                out.append(Evidence(
                    CRITERIA[0], -2, f"Faute bloquante : {what[0].lower()}{what[1:]}"
                    f"{_margin_text(payload.get('margin'))}.", "marge", (seq(ev),),
                    blocker=True))
                continue
            out.append(Evidence(
                CRITERIA[0], -2, f"{what}{_margin_text(payload.get('margin'))}.",
                "marge", (seq(ev),)))
    if not out and not any(data(ev).get("authority_exceeded") is True for ev in positions):
        accepted = sum(1 for ev in positions if is_acceptance(ev))
        parts = ([plural(len(positions) - accepted, "offre", "offres")]
                 if len(positions) > accepted else [])
        if accepted:
            parts.append(plural(accepted, "contre-proposition acceptée",
                                "contre-propositions acceptées"))
        counted = " et ".join(parts)
        out.append(Evidence(
            CRITERIA[0], 1,
            f"Marge préservée : {counted}, aucune sous le plancher ni au-delà de la "
            f"délégation.",
            "marge", tuple(seq(ev) for ev in positions)))
    return out
