"""One session scored as its log is read: `SessionFold.feed(event)` for every event, then
`result(...)`. Every analyser folds the event at once (`scoring.analysers.feed`); what is
kept is the evidence and a few counters, never the events: memory per log is bounded by
its world snapshot (read only by the analysers that need it) and flat in its length.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.copies import TraceBuilder
from scoring.decision import build_scoring
from scoring.evidence import NATIVE_REFERENTIAL, Evidence
from scoring.facts import ScenarioFacts
from scoring.referential import Referential
from scoring.results import Note, Override, SessionResult

SCOPE_ONE = "dans cette session"
INPUT_TYPES = frozenset({"choice_made", "free_text", "offer_made", "negotiation_action",
                         "task_answered", "session_resumed", "session_abandoned"})


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)


def last_overrides(overrides: Sequence[Override]) -> dict[str, Override]:
    out: dict[str, Override] = {}
    for ov in overrides:           # in order: the latest one wins
        out[ov.criterion] = ov
    return out


def session_name(header: dict[str, Any], path: str) -> str:
    """The session's id as reports show it (the file name when the header has none)."""
    return str(header.get("session_id") or Path(path).name or "session")


class Fingerprint:
    """`scorer.fingerprint(header, events)` computed as the events go by: the same bytes
    are hashed (the JSON list of the header's facts and of the inputs), none are kept."""

    def __init__(self, header: dict[str, Any]) -> None:
        raw = header.get("scenario")
        scen: dict[str, Any] = raw if isinstance(raw, dict) else {}
        head = _dump([scen.get("sha256"), header.get("seed"), header.get("trainee"),
                      header.get("mode"), header.get("started_at")])
        self._hash = hashlib.sha256(head[:-1].encode() + b", [")
        self._first = True

    def feed(self, ev: dict[str, Any]) -> None:
        text = _dump([ev.get("type"), ev.get("data")])
        self._hash.update(text.encode() if self._first else b", " + text.encode())
        self._first = False

    def hexdigest(self) -> str:
        done = self._hash.copy()
        done.update(b"]]")
        return done.hexdigest()


class SessionFold:
    """The streaming scorer of one session (see the module docstring)."""

    def __init__(self, header: dict[str, Any], scenario: ScenarioFacts | None,
                 referential: Referential,
                 world: Callable[[], dict[str, Any] | None] | None = None) -> None:
        self.header = header
        self.scenario = scenario
        self.referential = referential
        ref = header.get("referential")
        ref_id = ref.get("id") if isinstance(ref, dict) else None
        native = ref_id if isinstance(ref_id, str) and ref_id else NATIVE_REFERENTIAL
        blocking = scenario.blocking_evidence if scenario is not None else frozenset()
        # The analysers, imported for a live fold only (a cached result folds no event).
        from scoring.analysers import FOLDERS
        from scoring.analysers.authored import Authored
        from scoring.analysers.feed import Feed, Folder

        folders: list[Folder | Authored] = [Authored(native, blocking)]
        folders.extend(FOLDERS[name]() for name in sorted(FOLDERS))
        self._feed = Feed(header, scenario, folders, world)
        self.fingerprint = Fingerprint(header)
        self.trace = TraceBuilder(header, INPUT_TYPES)
        self.count = 0
        self.last_t: int | None = None
        self.outcome: str | None = None

    def feed(self, ev: dict[str, Any]) -> None:
        """Fold one event, in log order."""
        self.count += 1
        t_ms = ev.get("t_ms")
        if isinstance(t_ms, int) and (self.last_t is None or t_ms > self.last_t):
            self.last_t = t_ms
        kind = ev.get("type")
        if kind in INPUT_TYPES:
            self.fingerprint.feed(ev)
            self.trace.feed(ev)
        elif kind == "session_ended":
            payload = ev.get("data")
            outcome = payload.get("outcome") if isinstance(payload, dict) else None
            self.outcome = outcome if isinstance(outcome, str) else None
        self._feed.feed(ev)

    def evidence(self, session: str) -> tuple[list[Evidence], list[str]]:
        """All evidence, translated to the referential; plus the unmapped criteria."""
        out: list[Evidence] = []
        unmapped: set[str] = set()
        translated: dict[tuple[str, str], tuple[str, ...]] = {}
        for ev in self._feed.finish():
            targets = translated.get((ev.criterion, ev.native))
            if targets is None:
                targets = translated[ev.criterion, ev.native] = self.referential.translate(
                    ev.criterion, ev.native)
            if not targets:
                unmapped.add(ev.criterion)
            for target in targets:
                out.append(Evidence(target, ev.weight, ev.justification, ev.source, ev.seqs,
                                    ev.quote, ev.blocker, ev.native, session, ev.criterion))
        return sorted(out, key=Evidence.sort_key), sorted(unmapped)

    def result(self, *, path: str = "", warnings: Sequence[str] = (),
               overrides: Sequence[Override] = (), notes: Sequence[Note] = (),
               verified: bool = True, signature_checked: bool = False) -> SessionResult:
        """The session's result, once every event has been fed."""
        session = session_name(self.header, path)
        evidence, unmapped = self.evidence(session)
        return session_result(self.header, self.referential, evidence, unmapped,
                              FoldTotals(self.outcome, self.last_t, self.count), path=path,
                              warnings=warnings, overrides=overrides, notes=notes,
                              verified=verified, signature_checked=signature_checked)


@dataclass(frozen=True)
class FoldTotals:
    """What a fold counted besides evidence: outcome, last time, number of events."""

    outcome: str | None
    last_t: int | None
    count: int


def session_result(header: dict[str, Any], referential: Referential,
                   evidence: Sequence[Evidence], unmapped: Sequence[str], totals: FoldTotals,
                   *, path: str = "", warnings: Sequence[str] = (),
                   overrides: Sequence[Override] = (), notes: Sequence[Note] = (),
                   verified: bool = True, signature_checked: bool = False) -> SessionResult:
    """A session's result from its folded evidence (a live fold or a cached one: the same
    function, so a cached session reads exactly as a freshly scored one)."""
    session = session_name(header, path)
    scoring = build_scoring(referential, list(evidence), last_overrides(overrides),
                            list(notes), SCOPE_ONE)
    raw_scen = header.get("scenario")
    scen: dict[str, Any] = raw_scen if isinstance(raw_scen, dict) else {}
    seed = header.get("seed")
    return SessionResult(
        session=session, path=path, trainee=str(header.get("trainee") or "(sans nom)"),
        scenario_id=str(scen.get("id", "")), scenario_version=str(scen.get("version", "")),
        scenario_title=str(scen.get("titre", scen.get("title", ""))),
        mode=str(header.get("mode", "")), seed=seed if isinstance(seed, int) else None,
        started_at=str(header.get("started_at", "")),
        outcome=totals.outcome, duration_ms=totals.last_t or 0, events=totals.count,
        verified=verified, signed=header.get("signed") is True,
        warnings=tuple(warnings), scoring=scoring,
        notes=tuple(n for n in notes if n.criterion is None), unmapped=tuple(unmapped),
        signature_checked=signature_checked)
