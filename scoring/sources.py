"""Reading what scoring needs: the log (via simulator.log), its sidecar and scenario facts.

Scoring trusts only verified logs. A crash-cut log is scored on its good part with the
warning « session incomplète »; any other fault (altered line, foreign file) refuses the log
with the reader's French message, which names the line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.facts import ScenarioFacts
from scoring.results import DECISIONS, Note, Override
from simulator.log import open_log, read_sidecar, sidecar_file, sidecar_path
from simulator.log.reader import attach_world

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class LogRefused(Exception):
    """The log cannot be scored; French message for the user."""


@dataclass
class LoadedLog:
    path: str
    header: dict[str, Any]
    events: list[dict[str, Any]]
    verified: bool
    signed: bool
    signature_checked: bool
    warnings: list[str] = field(default_factory=list)   # shown with the session
    problems: list[str] = field(default_factory=list)   # also make the exit status 1
    # Set by an auditor (the CLI's re-execution, see `simulator.trust`): scoring never
    # imports the engine, it is handed what the engine re-derived.
    facts: ScenarioFacts | None = None
    audited: bool = False
    reexecuted: bool = False
    provenance: str = ""
    signature: str = ""
    resumes: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    fingerprint: str = ""        # content of the session (inputs), to count it once
    cache_key: str = ""          # its key in the session result cache, once stored there


Observer = Callable[[dict[str, Any], Any, Callable[[], "dict[str, Any] | None"]],
                    Callable[[dict[str, Any]], None]]


def load_log(path: str, key: bytes | None, observe: Observer | None = None) -> LoadedLog:
    """Read and verify a session log; raise LogRefused when it must not be scored.

    Streamed (`open_log`): the file is read line by line. Without `observe` its events are
    kept in `LoadedLog.events`; with it (`scorer.score_file`), `observe(header, None,
    world)` returns a sink that folds each event as it is read and nothing is kept.
    """
    with open_log(path, key) as stream:
        if observe is not None and stream.header is not None:
            sink = observe(stream.header, None, _world_of(stream))
            events: list[dict[str, Any]] = []
            for event in stream:
                sink(event)
        else:
            events = list(stream)
        result = stream.result
    if result.header is not None and observe is not None:
        # Folded as read: the world is parsed only if an analyser asks for it; a by-hash
        # one must still be present and intact (an inline one is in the hash chain).
        if result.world_sha256:
            _check_world(result)
    elif result.header is not None:
        attach_world(result)       # as `read_log` does: a missing world is an alteration
    if result.header is None:
        reason = result.errors[0] if result.errors else "en-tête absent"
        raise LogRefused(f"{path} : journal refusé : {reason}.")
    if not result.verified and not result.truncated:
        reason = result.errors[0] if result.errors else "vérification impossible"
        raise LogRefused(f"{path} : journal altéré, refusé : {reason}.")
    loaded = LoadedLog(path, result.header, events, result.verified,
                       result.signed, result.signature_checked)
    loaded.warnings.extend(result.warnings)
    if result.truncated:
        detail = result.errors[0] if result.errors else "dernière ligne incomplète"
        msg = f"session incomplète : évaluée sur sa partie intacte ({detail})."
        loaded.warnings.append(msg)
        loaded.problems.append(msg)
    elif not result.complete:
        msg = "session incomplète : le journal s'arrête avant la fin de la session."
        loaded.warnings.append(msg)
        loaded.problems.append(msg)
    return loaded


def _check_world(result: Any) -> None:
    from simulator.log import LogError
    from simulator.log.result import Issue
    from simulator.log.worlds import check_world

    try:
        check_world(result.world_dir or result.path.parent, result.world_sha256)
    except LogError as exc:
        result.issues.append(Issue(str(exc)))
        result.verified = result.signature_checked = False


def _world_of(stream: Any) -> Callable[[], dict[str, Any] | None]:
    """The world on demand; None when unreadable (the log is then refused anyway)."""
    from simulator.log.lazyworld import LazyWorld

    return LazyWorld(stream.result)


def load_evaluation(path: str, key: bytes | None, session: str
                    ) -> tuple[list[Override], list[Note], list[str]]:
    """Overrides and notes of the sidecar `<log>.eval.jsonl` (none if absent).

    An altered sidecar is ignored as a whole (message returned), never half-trusted.
    """
    if not os.path.exists(sidecar_file(path)):
        return [], [], []
    result = read_sidecar(path, key)
    if result.header is None or not result.verified:
        reason = result.errors[0] if result.errors else "fichier illisible"
        return [], [], [f"évaluation ignorée ({sidecar_path(path).name}) : {reason}."]
    overrides: list[Override] = []
    notes: list[Note] = []
    problems: list[str] = []
    for ev in result.events:
        data = ev.get("data") or {}
        who = str(data.get("evaluator") or "évaluateur")
        if ev.get("type") == "override":
            decision = data.get("decision")
            crit = data.get("criterion")
            if decision not in DECISIONS or not isinstance(crit, str):
                problems.append(f"décision de l'évaluateur ignorée (n° {ev['seq']}) : "
                                f"« {decision} » n'est pas une décision valide.")
                continue
            overrides.append(Override(crit, str(decision), str(data.get("justification", "")),
                                      who, ev["seq"], session))
        elif ev.get("type") == "note":
            crit = data.get("criterion")
            event_seq = data.get("event_seq")
            text = str(data.get("text", ""))
            if isinstance(event_seq, int) and event_seq:
                text = f"{text} (év. {event_seq})"
            notes.append(Note(text, who, ev["seq"],
                              crit if isinstance(crit, str) else None, session))
    return overrides, notes, problems


# -- scenarios ------------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h(?:\s*(\d+))?|(\d+)\s*min)\s*$")


def parse_duration(value: Any) -> int | None:
    """Minutes of a `duree` (« 15 min », « 1 h 30 », 90)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    m = _DURATION.match(value)
    if not m:
        return None
    if m.group(3):
        return int(m.group(3))
    return int(m.group(1)) * 60 + int(m.group(2) or 0)


class ScenarioCache:
    """Scenario facts per (file, header sha): a cohort of 1,000 logs loads each file once."""

    def __init__(self, directories: tuple[Path, ...] = (SHIPPED_DIR,)) -> None:
        self.directories = directories
        self._facts: dict[tuple[str, int, int], tuple[ScenarioFacts | None, str | None]] = {}
        self._index: dict[str, Path] | None = None
        self._models: dict[str, ScenarioFacts] = {}

    def find(self, scenario: dict[str, Any]) -> Path | None:
        """The file of the header's scenario: its recorded path when that file still
        exists, else the installed scenario of that id.

        Same order as `replay --verify` (`simulator.engine.replay.scenario_for`), so a
        trainer's own copy of a shipped scenario is scored against itself.
        """
        recorded = scenario.get("path")
        if isinstance(recorded, str) and recorded:
            candidate = Path(recorded)
            try:
                if candidate.is_file():
                    return candidate
            except (OSError, ValueError):   # embedded NUL, name too long…
                pass
        sid = scenario.get("id")
        if isinstance(sid, str) and sid and "/" not in sid and "\\" not in sid:
            for folder in self.directories:
                candidate = folder / f"{sid}.yaml"
                if candidate.is_file():
                    return candidate
        return None

    def facts_of(self, scenario: Any) -> ScenarioFacts | None:
        """The facts of a scenario model (the one a log was re-executed with), once per
        scenario content."""
        if scenario is None or isinstance(scenario, ScenarioFacts):
            return scenario
        key = str(getattr(scenario, "sha256", ""))
        found = self._models.get(key) if key else None
        if found is None:
            found = facts_from_scenario(scenario)
            if key:
                self._models[key] = found
        return found

    def facts(self, path: Path) -> tuple[ScenarioFacts | None, str | None]:
        """`(facts, problem)` for a scenario file, cached by path and file state."""
        try:
            stat = path.stat()
        except OSError:
            return None, f"scénario illisible : {path}"
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in self._facts:
            self._facts[key] = _load_facts(path)
        return self._facts[key]


def _load_facts(path: Path) -> tuple[ScenarioFacts | None, str | None]:
    try:
        from simulator.scenario.loader import load_file
    except ImportError:
        return _facts_from_yaml(path)
    try:
        loaded = load_file(path)
    except Exception as exc:  # loader under construction elsewhere: never a traceback
        return None, f"scénario illisible : {path} ({exc})"
    scenario = loaded[0] if isinstance(loaded, tuple) else loaded
    if scenario is None:
        return None, f"scénario illisible : {path}"
    return facts_from_scenario(scenario), None


def facts_from_scenario(scenario: Any) -> ScenarioFacts:
    """ScenarioFacts of a `simulator.scenario.model.Scenario` (duck-typed)."""
    timer = getattr(scenario, "timer", None)
    with_crit = frozenset(
        (node.id, fld.id)
        for node in getattr(scenario, "nodes", {}).values()
        for fld in getattr(node, "fields", ()) if getattr(fld, "criterion", None))
    blocking = frozenset(
        (node.id, choice.id, ev.criterion)
        for node in getattr(scenario, "nodes", {}).values()
        for choice in getattr(node, "choices", ())
        for ev in getattr(choice, "evidence", ()) if getattr(ev, "blocking", False))
    return ScenarioFacts(
        id=str(scenario.id), version=str(scenario.version), sha256=str(scenario.sha256),
        duration_min=getattr(scenario, "duration_min", None) or None,
        timer_limit_ms=getattr(timer, "limit_ms", None) if timer else None,
        competences=tuple(getattr(scenario, "competences", ())),
        fields_with_criterion=with_crit, blocking_evidence=blocking)


def _facts_from_yaml(path: Path) -> tuple[ScenarioFacts | None, str | None]:
    try:
        import yaml  # only for a scenario the simulator cannot load (rare): not at start

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None, f"scénario illisible : {path}"
    if not isinstance(data, dict):
        return None, f"scénario illisible : {path}"
    comps = data.get("competences")
    return ScenarioFacts(
        id=str(data.get("id", "")), version=str(data.get("version", "")), sha256="",
        duration_min=parse_duration(data.get("duree")),
        competences=tuple(str(c) for c in comps) if isinstance(comps, list) else ()), None
