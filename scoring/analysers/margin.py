"""C3.4: prices agreed below the floor price (margin under the minimum).

Every offer below the floor is unfavourable, and so is accepting a client's counter-offer
below it; if none is, the negotiation kept the margin (one favourable piece citing them,
within the authority limits too).
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


def analyse(ctx: Context) -> list[Evidence]:
    positions = ctx.commitments()
    if not positions:
        return []
    out: list[Evidence] = []
    for ev in positions:
        payload = data(ev)
        if payload.get("below_floor") is True:
            what = ("Contre-proposition du client acceptée sous le prix plancher"
                    if is_acceptance(ev) else "Offre sous le prix plancher")
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
