"""C2.1: arguments before any discovery question.

Arguing (`argumentation` act, `argument` in older scenarios) before a single open or closed
question means the trainee pitched before understanding the need. If the first argument
comes after a question, that is good.
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, seq
from scoring.analysers.feed import Feed, Folder, run_folder
from scoring.evidence import Evidence

CRITERIA = ("C2.1",)
DISCOVERY = frozenset({"question_ouverte", "question_fermee"})


class Discovery(Folder):
    """The first question (with its words) until the first argument decides."""

    acts = True

    def __init__(self) -> None:
        self.first: tuple[int, str | None] | None = None
        self.out: list[Evidence] | None = None

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Feed) -> None:
        if self.out is not None or not client:
            return
        if act in DISCOVERY and self.first is None:
            self.first = (seq(ev), feed.said(ev))
        if act != "argumentation":
            return
        if self.first is None:
            self.out = [Evidence(CRITERIA[0], -1,
                                 "Argumentation avant toute question de découverte.",
                                 "decouverte", (seq(ev),), feed.said(ev))]
        else:
            self.out = [Evidence(CRITERIA[0], 1, "Découverte menée avant d'argumenter.",
                                 "decouverte", (self.first[0], seq(ev)), self.first[1])]

    def finish(self, feed: Feed) -> list[Evidence]:
        return self.out or []


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Discovery(), ctx.header, ctx.events, ctx.scenario)
