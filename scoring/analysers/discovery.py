"""C2.1: arguments before any discovery question.

Arguing (`argumentation` act, `argument` in older scenarios) before a single open or closed
question means the trainee pitched before understanding the need. If the first argument
comes after a question, that is good.
"""

from __future__ import annotations

from scoring.analysers.base import Context, seq
from scoring.evidence import Evidence

CRITERIA = ("C2.1",)
DISCOVERY = frozenset({"question_ouverte", "question_fermee"})


def analyse(ctx: Context) -> list[Evidence]:
    first_question = None
    for ev, act in ctx.acts(client_only=True):
        if act in DISCOVERY and first_question is None:
            first_question = ev
        if act != "argumentation":
            continue
        said = ctx.said(ev)
        if first_question is None:
            return [Evidence(CRITERIA[0], -1,
                             "Argumentation avant toute question de découverte.",
                             "decouverte", (seq(ev),), said)]
        return [Evidence(CRITERIA[0], 1,
                         "Découverte menée avant d'argumenter.",
                         "decouverte", (seq(first_question), seq(ev)),
                         ctx.said(first_question))]
    return []
