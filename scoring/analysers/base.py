"""What every analyser gets: the session's events indexed once, and scenario facts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scoring.evidence import Evidence, quote, trainee_words
from scoring.facts import ScenarioFacts
from simulator.scenario.model import canonical_act

FREE_TEXT_MIN_SCORE = 0.35


def analysed_acts(payload: dict[str, Any]) -> list[str] | None:
    """Acts of a typed reply as recorded in its `analysis` (None when not analysed)."""
    analysis = payload.get("analysis")
    if not isinstance(analysis, dict) or not isinstance(analysis.get("actes"), list):
        return None
    out: list[str] = []
    for item in analysis["actes"]:
        if not isinstance(item, dict):
            continue
        act, score = item.get("acte"), item.get("score")
        if isinstance(act, str) and isinstance(score, int | float) and \
                not isinstance(score, bool) and score >= FREE_TEXT_MIN_SCORE:
            out.append(act)
    return out


QUESTION_ACTS = frozenset({"question_ouverte", "question_fermee", "question_alternative"})
CLIENT_SPEAKERS = frozenset({"client", "barrage"})


class Targeting:
    """Which criterion a piece of evidence goes to, given the competences the scenario
    targets: shared by the batch `Context` and the streaming `Feed`."""

    scenario: ScenarioFacts | None

    @property
    def targeted(self) -> tuple[str, ...]:
        """Competences the scenario targets (empty when unknown)."""
        return self.scenario.competences if self.scenario else ()

    def pick(self, candidates: tuple[str, ...]) -> str:
        """First candidate criterion whose competence the scenario targets, else the first."""
        for cid in candidates:
            if cid.split(".")[0] in self.targeted:
                return cid
        return candidates[0]


@dataclass
class Context(Targeting):
    """A session's header and good events, with lookups shared by all analysers."""

    header: dict[str, Any]
    events: list[dict[str, Any]]
    scenario: ScenarioFacts | None = None
    _by_type: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _speakers: dict[str, str] | None = None
    _words: dict[int, str | None] | None = None

    def __post_init__(self) -> None:
        for ev in self.events:
            self._by_type.setdefault(str(ev.get("type")), []).append(ev)

    def of(self, *types: str) -> list[dict[str, Any]]:
        """Events of these types, in log order."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        wanted = set(types)
        return [ev for ev in self.events if ev.get("type") in wanted]

    def said(self, ev: dict[str, Any]) -> str | None:
        """The trainee's words for a `choice_made` (their free text when they typed it)."""
        if ev.get("type") == "free_text":
            return quote(data(ev).get("text"))
        if self._words is None:
            self._words = trainee_words(self.events)
        return self._words.get(seq(ev))

    def speakers(self) -> dict[str, str]:
        """Who speaks in each node, from the client lines (first one per node)."""
        if self._speakers is None:
            self._speakers = {}
            for ev in self.of("client_line"):
                payload = data(ev)
                self._speakers.setdefault(str(payload.get("node")), str(payload.get("speaker")))
        return self._speakers

    def acts(self, *, client_only: bool = False) -> Iterator[tuple[dict[str, Any], str]]:
        """`(event, act)` for every speech act of the trainee, in order.

        A reply picked from the menu gives the choice's authored acts (`choice_made`). A
        typed reply gives the acts the model found in the trainee's own words (`free_text`
        with its recorded `analysis`, scores ≥ FREE_TEXT_MIN_SCORE), and the `choice_made`
        it resolved to is then not counted again. `client_only` keeps the replies to the
        client or the gatekeeper (and to nodes whose speaker is unknown): presenting a study
        to the manager or the jury is no discovery.
        """
        speakers = self.speakers() if client_only else {}
        analysed_node: str | None = None
        for ev in self.of("choice_made", "free_text"):
            payload = data(ev)
            node = str(payload.get("node"))
            if ev.get("type") == "free_text":
                found = analysed_acts(payload)
                analysed_node = node if found is not None else None
                acts: list[Any] = found or []
            else:
                if analysed_node == node:
                    analysed_node = None
                    continue
                raw = payload.get("acts")
                acts = raw if isinstance(raw, list) else []
            if speakers.get(node, "client") not in CLIENT_SPEAKERS:
                continue
            for act in acts:
                if isinstance(act, str):
                    yield ev, canonical_act(act)     # `argument` in older logs, etc.

    def commitments(self) -> list[dict[str, Any]]:
        """Prices the trainee agreed to, in log order: their own offers (`offer_made`) and
        the client's counter-offers they accepted (`negotiation_action` accept, which carries
        the same offer, margin and authority facts)."""
        return [ev for ev in self.of("offer_made", "negotiation_action")
                if ev.get("type") == "offer_made" or is_acceptance(ev)]

    def authored_task_nodes(self) -> set[str]:
        """Task nodes whose answers already produced authored evidence (not counted twice)."""
        return {str(data(ev).get("node")) for ev in self.of("evidence")
                if data(ev).get("source") == "task"}


def data(ev: dict[str, Any]) -> dict[str, Any]:
    """The `data` payload of an event (empty if malformed)."""
    payload = ev.get("data")
    return payload if isinstance(payload, dict) else {}


def is_acceptance(ev: dict[str, Any]) -> bool:
    """A `negotiation_action` accepting the client's counter-offer."""
    return ev.get("type") == "negotiation_action" and data(ev).get("action") == "accept"


def mapping(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (payloads are never trusted)."""
    return value if isinstance(value, dict) else {}


def seq(ev: dict[str, Any]) -> int:
    value = ev.get("seq")
    return value if isinstance(value, int) else 0


def number(value: Any) -> float | None:
    """A JSON number as float (booleans and others are None)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def fmt(value: float) -> str:
    """A number written the French way (decimal comma, no useless decimals)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


Analyser = Callable[[Context], list[Evidence]]
