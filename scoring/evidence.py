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
    """Evidence events recorded by the engine from the scenario's `preuves` and task fields
    (the batch form of `Authored`, which `ntc score` folds as the log is read)."""
    folder = Authored(native, blocking)
    words = trainee_words(events)
    current = _Words()
    for ev in events:
        number = ev.get("seq")
        current.word = words.get(number) if isinstance(number, int) else None
        if ev.get("type") in folder.types:
            folder.event(ev, current)
    return folder.finish(current)


class _Words:
    """What `Authored` reads of a feed: the trainee's words for the current choice."""

    word: str | None = None


# -- authored evidence, streamed --------------------------------------------------------------

INPUTS = frozenset({"choice_made", "task_answered", "offer_made", "negotiation_action"})


class Authored:
    """The last input of each node (seq, words) and the evidence events so far.

    A streaming folder (`scoring.analysers.feed.Folder` protocol, duck-typed here so that
    this module needs nothing from the analysers)."""

    types = INPUTS | {"evidence"}
    acts = False

    def __init__(self, native: str,
                 blocking: frozenset[tuple[str, str, str]] = frozenset()) -> None:
        self.native = native
        self.blocking = blocking
        self.last_input: dict[str, tuple[int, str | None]] = {}
        self.out: list[Evidence] = []

    def event(self, ev: dict[str, Any], feed: Any) -> None:
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

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Any) -> None:
        """Speech acts are not used."""

    def finish(self, feed: Any) -> list[Evidence]:
        return self.out
