"""C3.4 (blocker): a discount beyond the seller's authority without the manager's agreement.

The engine marks such offers with `authority_exceeded`, on the trainee's own offers and on
the client's counter-offers they accept (accepting is agreeing to that price). The agreement
is taken as given when the event itself says so (`manager_agreement`/`accord_manager` true
in its data) or when the trainee asked for it (`demande_accord_manager` act) earlier in the
session.
"""

from __future__ import annotations

from scoring.analysers.base import Context, data, fmt, is_acceptance, mapping, number, seq
from scoring.evidence import Evidence

CRITERIA = ("C3.4",)


def analyse(ctx: Context) -> list[Evidence]:
    offers = ctx.commitments()
    if not offers:
        return []
    asked = sorted(seq(ev) for ev, act in ctx.acts() if act == "demande_accord_manager")
    out: list[Evidence] = []
    for ev in offers:
        payload = data(ev)
        if payload.get("authority_exceeded") is not True:
            continue
        remise = number(mapping(payload.get("offer")).get("remise"))
        what = f"remise de {fmt(remise)} %" if remise is not None else "remise"
        if is_acceptance(ev):
            what = f"contre-proposition du client acceptée avec une {what}"
        agreed = payload.get("manager_agreement") is True or payload.get("accord_manager") is True
        before = [s for s in asked if s < seq(ev)]
        if agreed or before:
            out.append(Evidence(
                CRITERIA[0], 1,
                f"{what[0].upper()}{what[1:]} au-delà de la délégation, avec l'accord du "
                f"responsable.",
                "delegation", (*before[-1:], seq(ev))))
        else:
            out.append(Evidence(
                CRITERIA[0], -2,
                f"Faute bloquante : {what} au-delà de la délégation sans l'accord du "
                f"responsable.",
                "delegation", (seq(ev),), blocker=True))
    return out
