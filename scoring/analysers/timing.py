"""Time overrun: the session lasted longer than the scenario's `duree`, or its timer expired.

Only unfavourable evidence (being on time proves nothing by itself). It goes to the
organisation criterion of the competence the scenario targets: C1.2 for a call, C3.5 for a
negotiation, C6.3 for a plan, C7.4 for a report; nothing if the scenario targets none of them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scoring.analysers.base import Context, data, number, seq
from scoring.analysers.feed import Feed, Folder, run_folder
from scoring.evidence import Evidence

CRITERIA = ("C1.2", "C3.5", "C6.3", "C7.4")


def _minutes(ms: float) -> str:
    total = round(ms / 1000)
    return f"{total // 60} min {total % 60:02d} s"


def _target(feed: Feed) -> str | None:
    if not feed.targeted:
        return CRITERIA[0]
    for cid in CRITERIA:
        if cid.split(".")[0] in feed.targeted:
            return cid
    return None


class Timing(Folder):
    """The first expired timer, else the latest event (for the scenario's `duree`)."""

    types = frozenset({"timer"})

    def __init__(self) -> None:
        self.expired: Evidence | None = None

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        if self.expired is not None:
            return
        payload = data(ev)
        if payload.get("expired") is True:
            limit = number(payload.get("limit_ms"))
            spent = number(payload.get("elapsed_ms"))
            detail = (f" ({_minutes(spent)} pour {_minutes(limit)} prévues)"
                      if limit is not None and spent is not None else "")
            self.expired = Evidence("", -1, f"Temps imparti dépassé{detail}.", "temps",
                                    (seq(ev),))

    def finish(self, feed: Feed) -> list[Evidence]:
        criterion = _target(feed)
        if criterion is None or feed.latest is None:
            return []
        if self.expired is not None:
            return [dataclasses.replace(self.expired, criterion=criterion)]
        if feed.scenario is None or not feed.scenario.duration_min:
            return []
        limit_ms = feed.scenario.duration_min * 60_000
        elapsed, last = feed.latest
        if elapsed > limit_ms:
            return [Evidence(criterion, -1,
                             f"Durée dépassée : {_minutes(elapsed)} pour "
                             f"{feed.scenario.duration_min} min prévues.",
                             "temps", (last,))]
        return []


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Timing(), ctx.header, ctx.events, ctx.scenario)
