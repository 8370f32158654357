"""C2.1: the mix of open and closed questions.

Favourable when both open and closed (or alternative) questions are used; unfavourable when
only closed questions are asked. Open questions alone say nothing yet (no evidence).
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, seq
from scoring.analysers.feed import Feed, Folder, run_folder
from scoring.evidence import Evidence
from simulator.french.grammar import plural

CRITERIA = ("C2.1",)
CLOSED = frozenset({"question_fermee", "question_alternative"})


class Questions(Folder):
    """Counts open and closed questions and the replies that asked them (cited)."""

    acts = True

    def __init__(self) -> None:
        self.open = 0
        self.closed = 0
        self.cited: set[int] = set()

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Feed) -> None:
        if not client:
            return
        if act == "question_ouverte":
            self.open += 1
        elif act in CLOSED:
            self.closed += 1
        else:
            return
        self.cited.add(seq(ev))

    def finish(self, feed: Feed) -> list[Evidence]:
        if not self.open and not self.closed:
            return []
        cited = tuple(sorted(self.cited))
        counts = (f"{plural(self.open, 'ouverte', 'ouvertes')}, "
                  f"{plural(self.closed, 'fermée', 'fermées')}")
        if not self.open:
            return [Evidence(CRITERIA[0], -1, f"Uniquement des questions fermées ({counts}).",
                             "questions", cited)]
        if self.closed:
            return [Evidence(CRITERIA[0], 1, f"Questions variées : {counts}.", "questions",
                             cited)]
        return []


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Questions(), ctx.header, ctx.events, ctx.scenario)
