"""Streaming analysers: each folds the events as they are read (`event`/`act`), then
`finish` gives its evidence. Nothing of the session is kept but what the evidence will
cite, so scoring a log needs memory bounded by its world snapshot, not its event count.

`Feed` is what all folders of one session share: the header, the scenario facts, and what
is known so far (who speaks in each node, the trainee's words for the current reply, the
task nodes that produced authored evidence). It derives the trainee's speech acts once per
event and dispatches each event only to the folders that asked for its type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from scoring.analysers.base import (
    CLIENT_SPEAKERS,
    ScenarioFacts,
    Targeting,
    analysed_acts,
    data,
)
from scoring.evidence import Authored, Evidence, quote
from simulator.scenario.model import canonical_act

WorldGetter = Callable[[], "dict[str, Any] | None"]


class Folder:
    """One analyser's state over a session. `types`: the events given to `event`;
    `acts`: whether the trainee's speech acts are given to `act`."""

    types: frozenset[str] = frozenset()
    acts: bool = False

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        """One event of a type in `types`, in log order."""

    def act(self, ev: dict[str, Any], act: str, client: bool, feed: Feed) -> None:
        """One speech act of the trainee (`client`: said to the client or gatekeeper)."""

    def finish(self, feed: Feed) -> list[Evidence]:
        """The evidence, once every event has been fed."""
        return []


class Feed(Targeting):
    """The shared, streaming context of one session (see the module docstring)."""

    def __init__(self, header: dict[str, Any], scenario: ScenarioFacts | None,
                 folders: Iterable[Folder | Authored],
                 world: WorldGetter | None = None) -> None:
        self.header = header
        self.scenario = scenario
        self.folders = list(folders)
        self._world_getter = world
        self._world: dict[str, Any] | None = None
        self._world_read = False
        self.speakers: dict[str, str] = {}
        self.task_nodes: set[str] = set()      # nodes whose task answers gave authored evidence
        self.word: str | None = None           # the trainee's words for the current choice
        self._prev_free: tuple[Any, Any] | None = None   # (node, text) of a free_text just before
        self._analysed_node: str | None = None
        self.latest: tuple[float, int] | None = None   # (t_ms, seq) of the first latest event
        self._by_type: dict[str, list[Folder | Authored]] = {}
        self._all: list[Folder | Authored] = []
        self._acts = [f for f in self.folders if f.acts]
        for folder in self.folders:
            if folder.types is ALL:
                self._all.append(folder)
                continue
            for kind in folder.types:
                self._by_type.setdefault(kind, []).append(folder)

    # -- what the folders read ----------------------------------------------------------------

    def world(self) -> dict[str, Any]:
        """The world snapshot, parsed or loaded on first use only (lazy header)."""
        if not self._world_read:
            self._world_read = True
            if self._world_getter is not None:
                found = self._world_getter()
            else:
                found = self.header.get("world")
            self._world = found if isinstance(found, dict) else None
        return self._world or {}

    def world_mentions(self, key: str) -> bool:
        """False when the world certainly has no top-level `key`: the analyser that needs
        it can skip the world without parsing it (see `simulator.log.lazyworld`)."""
        if self._world_read:
            return key in (self._world or {})
        probe = getattr(self._world_getter, "mentions", None)
        return True if probe is None else bool(probe(key))

    def said(self, ev: dict[str, Any]) -> str | None:
        """The trainee's words for the current reply (their free text when they typed it)."""
        if ev.get("type") == "free_text":
            return quote(data(ev).get("text"))
        return self.word

    # -- feeding ----------------------------------------------------------------------------------

    def feed(self, ev: dict[str, Any]) -> None:
        """Fold one event (in log order) into every folder that wants it."""
        kind = ev.get("type")
        payload = ev.get("data")
        if not isinstance(payload, dict):
            payload = {}
        t_ms = ev.get("t_ms")
        at = t_ms if type(t_ms) is int or type(t_ms) is float else 0.0
        if self.latest is None or at > self.latest[0]:
            number = ev.get("seq")
            self.latest = (at, number if type(number) is int else 0)
        if kind == "client_line":
            self.speakers.setdefault(str(payload.get("node")), str(payload.get("speaker")))
        elif kind == "choice_made":
            prev = self._prev_free
            text = prev[1] if prev is not None and prev[0] == payload.get("node") \
                else payload.get("text")
            self.word = quote(text)
        elif kind == "evidence" and payload.get("source") == "task":
            self.task_nodes.add(str(payload.get("node")))
        for folder in self._all:
            folder.event(ev, self)
        wanting = self._by_type.get(kind) if isinstance(kind, str) else None
        if wanting:
            for folder in wanting:
                folder.event(ev, self)
        if self._acts and kind in ("choice_made", "free_text"):
            self._speech(ev, kind, payload)
        if kind != "understood":       # « compris comme… » between a free text and its choice
            self._prev_free = (payload.get("node"), payload.get("text")) \
                if kind == "free_text" else None

    def _speech(self, ev: dict[str, Any], kind: str, payload: dict[str, Any]) -> None:
        """The speech acts of a reply (see `Context.acts`), given to the folders in order.

        The speaker of a node is known from its first client line, which the engine logs
        when the node is entered, before any reply.
        """
        node = str(payload.get("node"))
        if kind == "free_text":
            found = analysed_acts(payload)
            self._analysed_node = node if found is not None else None
            acts: list[Any] = found or []
        else:
            if self._analysed_node == node:    # the choice a typed reply resolved to
                self._analysed_node = None
                return
            raw = payload.get("acts")
            acts = raw if isinstance(raw, list) else []
        if not acts:
            return
        client = self.speakers.get(node, "client") in CLIENT_SPEAKERS
        for act in acts:
            if isinstance(act, str):
                name = canonical_act(act)
                for folder in self._acts:
                    folder.act(ev, name, client, self)

    def finish(self) -> list[Evidence]:
        """Every folder's evidence, in folder order."""
        out: list[Evidence] = []
        for folder in self.folders:
            out.extend(folder.finish(self))
        return out


ALL: frozenset[str] = frozenset({"*"})     # `types` of a folder that sees every event


def run_folder(folder: Folder, header: dict[str, Any], events: Iterable[dict[str, Any]],
               scenario: ScenarioFacts | None) -> list[Evidence]:
    """One folder over a whole list of events (the batch API `analyse(ctx)`)."""
    feed = Feed(header, scenario, [folder])
    for ev in events:
        feed.feed(ev)
    return feed.finish()


class TaskFolder(Folder):
    """Evidence from task answers, kept per node: at the end, the nodes whose answers
    gave authored evidence (`Feed.task_nodes`, logged after the answer) are left to it."""

    types = frozenset({"task_answered"})

    def __init__(self) -> None:
        self.found: list[tuple[str, Evidence]] = []

    def event(self, ev: dict[str, Any], feed: Feed) -> None:
        node = str(data(ev).get("node"))
        for item in self.answer(ev, feed):
            self.found.append((node, item))

    def answer(self, ev: dict[str, Any], feed: Feed) -> list[Evidence]:
        """The evidence of one `task_answered`."""
        return []

    def finish(self, feed: Feed) -> list[Evidence]:
        return [item for node, item in self.found if node not in feed.task_nodes]
