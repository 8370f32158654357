"""Evidence the engine recorded from the scenario's `preuves` and task fields, streamed.

The quoted line is the input that triggered it: the closest earlier input of the same node
(`choice_made` or `free_text` for a choice, `task_answered`, `offer_made`, or
`negotiation_action` for what an accepted counter-offer breaks). `blocking` names the
(node, choice, criterion) the scenario wrote `bloquant: true`: such a fault is a blocker.
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.feed import Feed, Folder
from scoring.evidence import Evidence

INPUTS = frozenset({"choice_made", "task_answered", "offer_made", "negotiation_action"})


class Authored(Folder):
    """The last input of each node (seq, words) and the evidence events so far."""

    types = INPUTS | {"evidence"}

    def __init__(self, native: str,
                 blocking: frozenset[tuple[str, str, str]] = frozenset()) -> None:
        self.native = native
        self.blocking = blocking
        self.last_input: dict[str, tuple[int, str | None]] = {}
        self.out: list[Evidence] = []

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        etype = ev.get("type")
        data = ev.get("data") or {}
        number = ev.get("seq")
        if not isinstance(number, int) or not isinstance(data, dict):
            return
        if etype != "evidence":
            self.last_input[str(data.get("node"))] = (
                number, feed.word if etype == "choice_made" else None)
            return
        crit = data.get("criterion")
        weight = data.get("weight")
        if not isinstance(crit, str) or isinstance(weight, bool) or not isinstance(
                weight, int | float):
            return
        seqs = [number]
        said: str | None = None
        trigger = self.last_input.get(str(data.get("node")))
        if trigger is not None:
            seqs.insert(0, trigger[0])
            said = trigger[1]
        justification = data.get("justification")
        blocker = int(weight) < 0 and (str(data.get("node")), str(data.get("choice")),
                                       crit) in self.blocking
        self.out.append(Evidence(
            criterion=crit.lstrip("-"), weight=int(weight),
            justification=justification if isinstance(justification, str) and justification
            else "Preuve prévue par le scénario.",
            source="auteur", seqs=tuple(seqs), quote=said, blocker=blocker,
            native=self.native))

    def finish(self, feed: Feed) -> list[Evidence]:
        return self.out
