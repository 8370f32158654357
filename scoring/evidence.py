"""A piece of evidence and the authored evidence recorded in the log.

Evidence always names the criterion in its *native* referential (authored evidence: the
referential of the log header; analysers: TP-00338); the scorer translates it to the
referential being scored against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NATIVE_REFERENTIAL = "TP-00338"
QUOTE_MAX = 200


@dataclass(frozen=True)
class Evidence:
    """One observation for a criterion.

    `weight` > 0 is favourable, < 0 unfavourable; `blocker` fails the criterion whatever
    else happened. `seqs` are the event numbers it relies on; `quote` the line said, if any.
    `source` is `auteur` (written in the scenario) or the analyser id.
    """

    criterion: str
    weight: int
    justification: str
    source: str
    seqs: tuple[int, ...] = ()
    quote: str | None = None
    blocker: bool = False
    native: str = NATIVE_REFERENTIAL
    session: str = ""
    origin: str = ""          # the criterion id in `native` (set when translated)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.session, self.seqs or (0,), self.source, self.criterion,
                self.weight, self.justification)


def quote(text: Any) -> str | None:
    """A line as quoted in a report (shortened when very long)."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def trainee_words(events: list[dict[str, Any]]) -> dict[int, str | None]:
    """What the trainee said for each `choice_made` (by seq), as it should be quoted.

    A free text answer is logged as `free_text` immediately followed by the choice it
    resolved to: the trainee's own words are quoted then, not the choice's canonical text.
    """
    out: dict[int, str | None] = {}
    previous: dict[str, Any] | None = None
    for ev in events:
        data = ev.get("data")
        if ev.get("type") == "choice_made" and isinstance(data, dict) and isinstance(
                ev.get("seq"), int):
            text = data.get("text")
            prev_data = previous.get("data") if previous else None
            if (previous is not None and previous.get("type") == "free_text"
                    and isinstance(prev_data, dict)
                    and prev_data.get("node") == data.get("node")):
                text = prev_data.get("text")
            out[ev["seq"]] = quote(text)
        if ev.get("type") != "understood":      # « compris comme… » between the two
            previous = ev
    return out


def authored_evidence(events: list[dict[str, Any]], native: str,
                      blocking: frozenset[tuple[str, str, str]] = frozenset()
                      ) -> list[Evidence]:
    """Evidence events recorded by the engine from the scenario's `preuves` and task fields.

    The quoted line is the input that triggered it: the closest earlier input of the same
    node (`choice_made` or `free_text` for a choice, `task_answered`, `offer_made`, or
    `negotiation_action` for what an accepted counter-offer breaks). `blocking` names the
    (node, choice, criterion) the scenario wrote `bloquant: true`: such a fault is a blocker.
    """
    out: list[Evidence] = []
    last_input: dict[str, tuple[int, str | None]] = {}
    words = trainee_words(events)
    for ev in events:
        etype = ev.get("type")
        data = ev.get("data") or {}
        seq = ev.get("seq")
        if not isinstance(seq, int) or not isinstance(data, dict):
            continue
        if etype in ("choice_made", "task_answered", "offer_made", "negotiation_action"):
            last_input[str(data.get("node"))] = (seq, words.get(seq))
        if etype != "evidence":
            continue
        crit = data.get("criterion")
        weight = data.get("weight")
        if not isinstance(crit, str) or isinstance(weight, bool) or not isinstance(
                weight, int | float):
            continue
        seqs = [seq]
        said: str | None = None
        trigger = last_input.get(str(data.get("node")))
        if trigger is not None:
            seqs.insert(0, trigger[0])
            said = trigger[1]
        justification = data.get("justification")
        blocker = int(weight) < 0 and (str(data.get("node")), str(data.get("choice")),
                                       crit) in blocking
        out.append(Evidence(
            criterion=crit.lstrip("-"), weight=int(weight),
            justification=justification if isinstance(justification, str) and justification
            else "Preuve prévue par le scénario.",
            source="auteur", seqs=tuple(seqs), quote=said, blocker=blocker, native=native))
    return out
