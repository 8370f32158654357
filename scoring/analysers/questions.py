"""C2.1: the mix of open and closed questions.

Favourable when both open and closed (or alternative) questions are used; unfavourable when
only closed questions are asked. Open questions alone say nothing yet (no evidence).
"""

from __future__ import annotations

from scoring.analysers.base import Context, seq
from scoring.evidence import Evidence
from simulator.french.grammar import plural

CRITERIA = ("C2.1",)
CLOSED = frozenset({"question_fermee", "question_alternative"})


def analyse(ctx: Context) -> list[Evidence]:
    open_seqs: list[int] = []
    closed_seqs: list[int] = []
    for ev, act in ctx.acts(client_only=True):
        if act == "question_ouverte":
            open_seqs.append(seq(ev))
        elif act in CLOSED:
            closed_seqs.append(seq(ev))
    if not open_seqs and not closed_seqs:
        return []
    cited = tuple(sorted(set(open_seqs + closed_seqs)))
    counts = (f"{plural(len(open_seqs), 'ouverte', 'ouvertes')}, "
              f"{plural(len(closed_seqs), 'fermée', 'fermées')}")
    if not open_seqs:
        return [Evidence(CRITERIA[0], -1,
                         f"Uniquement des questions fermées ({counts}).",
                         "questions", cited)]
    if closed_seqs:
        return [Evidence(CRITERIA[0], 1, f"Questions variées : {counts}.", "questions",
                         cited)]
    return []
