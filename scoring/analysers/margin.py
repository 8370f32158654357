"""C3.4: offers below the floor price (margin under the minimum).

Every offer below the floor is unfavourable; if none is, the negotiation kept the margin
(one favourable piece citing the offers, within the authority limits too).
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, number, seq
from scoring.evidence import Evidence

CRITERIA = ("C3.4",)


def _margin_text(margin: Any) -> str:
    if not isinstance(margin, dict):
        return ""
    rate = number(margin.get("taux") if "taux" in margin else margin.get("taux_marge"))
    return f" (taux de marge {fmt(rate)} %)" if rate is not None else ""


def analyse(ctx: Context) -> list[Evidence]:
    offers = ctx.of("offer_made")
    if not offers:
        return []
    out: list[Evidence] = []
    for ev in offers:
        payload = data(ev)
        if payload.get("below_floor") is True:
            out.append(Evidence(
                CRITERIA[0], -2,
                f"Offre sous le prix plancher{_margin_text(payload.get('margin'))}.",
                "marge", (seq(ev),)))
    if not out and not any(data(ev).get("authority_exceeded") is True for ev in offers):
        out.append(Evidence(
            CRITERIA[0], 1,
            f"Marge préservée : {len(offers)} offre(s), aucune sous le plancher ni au-delà "
            f"de la délégation.",
            "marge", tuple(seq(ev) for ev in offers)))
    return out
