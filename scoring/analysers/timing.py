"""Time overrun: the session lasted longer than the scenario's `duree`, or its timer expired.

Only unfavourable evidence (being on time proves nothing by itself). It goes to the
organisation criterion of the competence the scenario targets: C1.2 for a call, C3.5 for a
negotiation, C6.3 for a plan, C7.4 for a report; nothing if the scenario targets none of them.
"""

from __future__ import annotations

from scoring.analysers.base import Context, data, number, seq
from scoring.evidence import Evidence

CRITERIA = ("C1.2", "C3.5", "C6.3", "C7.4")


def _minutes(ms: float) -> str:
    total = round(ms / 1000)
    return f"{total // 60} min {total % 60:02d} s"


def _target(ctx: Context) -> str | None:
    if not ctx.targeted:
        return CRITERIA[0]
    for cid in CRITERIA:
        if cid.split(".")[0] in ctx.targeted:
            return cid
    return None


def analyse(ctx: Context) -> list[Evidence]:
    criterion = _target(ctx)
    if criterion is None or not ctx.events:
        return []
    for ev in ctx.of("timer"):
        payload = data(ev)
        if payload.get("expired") is True:
            limit = number(payload.get("limit_ms"))
            spent = number(payload.get("elapsed_ms"))
            detail = (f" ({_minutes(spent)} pour {_minutes(limit)} prévues)"
                      if limit is not None and spent is not None else "")
            return [Evidence(criterion, -1, f"Temps imparti dépassé{detail}.", "temps",
                             (seq(ev),))]
    if ctx.scenario is None or not ctx.scenario.duration_min:
        return []
    limit_ms = ctx.scenario.duration_min * 60_000
    last = max(ctx.events, key=lambda e: number(e.get("t_ms")) or 0.0)
    elapsed = number(last.get("t_ms")) or 0.0
    if elapsed > limit_ms:
        return [Evidence(criterion, -1,
                         f"Durée dépassée : {_minutes(elapsed)} pour "
                         f"{ctx.scenario.duration_min} min prévues.",
                         "temps", (seq(last),))]
    return []
