"""C2.3: the need is reformulated.

Favourable when a `reformulation` act is present. Unfavourable only when there was a
discovery (questions) and the trainee moved on to arguing, pricing or concluding without
ever reformulating, in a scenario that targets C2 (or whose targets are unknown): a short
prospecting call aims at an appointment, not at a validated need.
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import QUESTION_ACTS, Context, seq
from scoring.analysers.feed import Feed, Folder, run_folder
from scoring.evidence import Evidence

CRITERIA = ("C2.3",)
MOVING_ON = frozenset({"argumentation", "annonce_prix", "conclusion"})


class Reformulation(Folder):
    """The last question asked, until a reformulation or a move to arguing decides."""

    acts = True

    def __init__(self) -> None:
        self.question: int | None = None
        self.out: list[Evidence] | None = None

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Feed) -> None:
        if self.out is not None or not client:
            return
        if act == "reformulation":
            self.out = [Evidence(CRITERIA[0], 1, "Le besoin est reformulé.", "reformulation",
                                 (seq(ev),), feed.said(ev))]
        elif act in QUESTION_ACTS:
            self.question = seq(ev)
        elif act in MOVING_ON and self.question is not None and (
                not feed.targeted or "C2" in feed.targeted):
            self.out = [Evidence(CRITERIA[0], -1,
                                 "Passage à l'argumentation sans reformuler le besoin.",
                                 "reformulation", (self.question, seq(ev)), feed.said(ev))]

    def finish(self, feed: Feed) -> list[Evidence]:
        return self.out or []


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Reformulation(), ctx.header, ctx.events, ctx.scenario)
