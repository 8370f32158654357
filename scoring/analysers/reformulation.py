"""C2.3: the need is reformulated.

Favourable when a `reformulation` act is present. Unfavourable only when there was a
discovery (questions) and the trainee moved on to arguing, pricing or concluding without
ever reformulating, in a scenario that targets C2 (or whose targets are unknown): a short
prospecting call aims at an appointment, not at a validated need.
"""

from __future__ import annotations

from scoring.analysers.base import QUESTION_ACTS, Context, seq
from scoring.evidence import Evidence

CRITERIA = ("C2.3",)
MOVING_ON = frozenset({"argumentation", "annonce_prix", "conclusion"})


def analyse(ctx: Context) -> list[Evidence]:
    questions: list[int] = []
    for ev, act in ctx.acts(client_only=True):
        if act == "reformulation":
            return [Evidence(CRITERIA[0], 1, "Le besoin est reformulé.", "reformulation",
                             (seq(ev),), ctx.said(ev))]
        if act in QUESTION_ACTS:
            questions.append(seq(ev))
        elif act in MOVING_ON and questions and (not ctx.targeted or "C2" in ctx.targeted):
            return [Evidence(CRITERIA[0], -1,
                             "Passage à l'argumentation sans reformuler le besoin.",
                             "reformulation", (questions[-1], seq(ev)),
                             ctx.said(ev))]
    return []
