"""Scoring: evidence of a session → decisions; several logs → a report per trainee.

A pure function of (logs, scenario files, referential): no wall clock, outputs sorted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from scoring.copies import COPY_HOW, Trace, find_copy
from scoring.decision import build_scoring
from scoring.evidence import Evidence
from scoring.facts import ScenarioFacts
from scoring.fold import INPUT_TYPES, SessionFold, last_overrides, session_name
from scoring.pending import PendingSession
from scoring.referential import Referential
from scoring.results import (
    Note,
    Override,
    Problem,
    SessionResult,
    TraineeResult,
)
from scoring.sources import LoadedLog, LogRefused, ScenarioCache, load_evaluation, load_log

SCOPE_ONE = "dans cette session"
SCOPE_ALL = "dans ces sessions"


class ScoringError(Exception):
    """Nothing can be scored (no file, unknown referential): French message."""


def _as_facts(scenario: Any) -> ScenarioFacts | None:
    if scenario is None or isinstance(scenario, ScenarioFacts):
        return scenario
    from scoring.sources import facts_from_scenario

    return facts_from_scenario(scenario)


def collect_evidence(header: dict[str, Any], events: list[dict[str, Any]],
                     scenario: ScenarioFacts | None, referential: Referential,
                     session: str) -> tuple[list[Evidence], list[str]]:
    """All evidence of a session, translated to `referential`; plus unmapped criteria."""
    fold = SessionFold(header, scenario, referential)
    for ev in events:
        fold.feed(ev)
    return fold.evidence(session)


_last_overrides = last_overrides


def score_session(header: dict[str, Any], events: Iterable[dict[str, Any]], scenario: Any,
                  referential: Referential, *, path: str = "", warnings: Sequence[str] = (),
                  overrides: Sequence[Override] = (), notes: Sequence[Note] = (),
                  verified: bool = True, signature_checked: bool = False) -> SessionResult:
    """Score one session. `scenario` is a Scenario, ScenarioFacts or None (unknown).

    `events` may be any iterable (a log being read): they are folded one by one.
    """
    fold = SessionFold(header, _as_facts(scenario), referential)
    for ev in events:
        fold.feed(ev)
    return fold.result(path=path, warnings=warnings, overrides=overrides, notes=notes,
                       verified=verified, signature_checked=signature_checked)


EXAM = "examen"
TRAINING = "entrainement"
Auditor = Callable[[str, "bytes | None"], LoadedLog]


def _combination(sessions: Sequence[SessionResult], referential: Referential) -> Any:
    evidence: list[Evidence] = []
    overrides: list[Override] = []
    notes: list[Note] = []
    for s in sessions:             # one walk: each list keeps the sessions' criteria order
        for p in s.scoring.ccps:
            for comp in p.competences:
                for r in comp.criteria:
                    if r.evidence:
                        evidence.extend(r.evidence)
                    if r.override is not None:
                        overrides.append(r.override)
                    if r.notes:
                        notes.extend(r.notes)
    return build_scoring(referential, evidence, _last_overrides(overrides), notes,
                         SCOPE_ALL if len(sessions) > 1 else SCOPE_ONE)


def combine(trainee: str, sessions: Sequence[SessionResult],
            referential: Referential) -> TraineeResult:
    """Evidence of a trainee's sessions per criterion, each tagged with its session.

    Exam sessions decide on their own; training sessions never weigh in an exam decision
    and are shown as progress (`progress`) beside it.
    """
    exams = [s for s in sessions if s.mode == EXAM]
    training = [s for s in sessions if s.mode != EXAM]
    if exams:
        progress = _combination(training, referential) if training else None
        return TraineeResult(trainee, tuple(sessions), _combination(exams, referential),
                             EXAM, progress)
    return TraineeResult(trainee, tuple(sessions), _combination(training, referential),
                         TRAINING, None)


def fingerprint(header: dict[str, Any], events: Sequence[dict[str, Any]]) -> str:
    """What makes two logs copies of one session: scenario, seed, trainee, start, inputs.

    The start time is part of it: replaying a seed with the same random inputs later is
    another session; a copy whose session id was edited keeps its start and inputs.
    """
    scen = header.get("scenario") if isinstance(header.get("scenario"), dict) else {}
    assert isinstance(scen, dict)
    inputs = [[e.get("type"), e.get("data")] for e in events if e.get("type") in INPUT_TYPES]
    text = json.dumps([scen.get("sha256"), header.get("seed"), header.get("trainee"),
                       header.get("mode"), header.get("started_at"), inputs],
                      sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _identity(path: Path) -> object:
    """The file itself (device and inode: a symbolic or hard link names it too), or its
    resolved path when it cannot be examined (the reader reports it later)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return path.resolve()
    return (st.st_dev, st.st_ino)


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files given, directories replaced by their `*.jsonl` logs (sidecars excluded).

    A file named twice (directly and through its directory) is scored once.
    """
    out: list[str] = []
    seen: set[object] = set()
    for p in paths:
        path = Path(p)
        found = ([f for f in sorted(path.glob("*.jsonl")) if not f.name.endswith(".eval.jsonl")]
                 if path.is_dir() else [path])
        for f in found:
            key = _identity(f)
            if key not in seen:
                seen.add(key)
                out.append(str(f))
    return out


def _scenario_check(log: LoadedLog, cache: ScenarioCache) -> tuple[ScenarioFacts | None,
                                                                    list[str]]:
    scen = log.header.get("scenario")
    scen = scen if isinstance(scen, dict) else {}
    name = f"« {scen.get('id', '?')} » version {scen.get('version', '?')}"
    found = cache.find(scen)
    if found is None:
        return None, [f"scénario inconnu {name} (non installé) : évalué sur les seules données "
                      f"du journal, durée prévue non vérifiée."]
    facts, problem = cache.facts(found)
    if facts is None:
        return None, [f"{problem} : évalué sur les seules données du journal."]
    recorded = scen.get("sha256")
    if facts.sha256 and recorded and facts.sha256 != recorded:
        return None, [f"scénario {name} modifié depuis la session (empreinte "
                      f"{str(recorded)[:12]}… ≠ installée {facts.sha256[:12]}…) : évalué sur les "
                      f"seules données du journal."]
    return facts, []


def _applicable(overrides: list[Override], header: dict[str, Any],
                referential: Referential) -> tuple[list[Override], list[str]]:
    """Overrides that name a criterion of `referential`, for the referential of the log.

    An evaluator decided on the log's referential: the same id means another criterion in
    another referential, so its decisions are not carried over.
    """
    if not overrides:
        return [], []
    ref = header.get("referential")
    ref_id = ref.get("id") if isinstance(ref, dict) else None
    if isinstance(ref_id, str) and ref_id and ref_id != referential.id:
        return [], [f"décisions de l'évaluateur établies pour le référentiel {ref_id} : non "
                    f"appliquées avec {referential.id}."]
    known = [o for o in overrides if o.criterion in referential.criteria]
    unknown = sorted({o.criterion for o in overrides} - set(referential.criteria))
    problems = [f"décision de l'évaluateur ignorée : critère inconnu « {c} »." for c in unknown]
    return known, problems


def score_file(path: str, key: bytes | None, referential: Referential,
               cache: ScenarioCache, auditor: Auditor | None, seen: dict[str, tuple[str, str]],
               problems: list[Problem], group: list[PendingSession]) -> None:
    """Score one log into `group` (its trainee's sessions); refusals go to `problems`.

    The log is read once (twice when its re-execution is not in the verification cache)
    and its events are folded as they are read (`SessionFold`): none is kept. The fold's
    result is used only when the auditor accepted the log.
    """
    folds: list[SessionFold] = []
    scen_problems: list[str] = []

    def observe(header: dict[str, Any], scenario: Any,
                world: Callable[[], dict[str, Any] | None]) -> Callable[[dict[str, Any]], None]:
        if scenario is None and auditor is None:       # read only: the installed scenario
            facts, found = _scenario_check(LoadedLog(path, header, [], False, False, False),
                                           cache)
            scen_problems.extend(found)
        else:
            facts = cache.facts_of(scenario)
        folds.append(SessionFold(header, facts, referential, world))
        return folds[-1].feed

    lookup = getattr(auditor, "cached", None)
    hit = lookup(path, key, referential) if lookup is not None else None
    if hit is not None:                # same bytes and code as a session scored before
        log, frozen = hit
        _counted(path, key, referential, log, frozen, seen, problems, group)
        return
    try:
        if auditor is None:
            log = load_log(path, key, observe=observe)
        elif getattr(auditor, "streams", False):
            log = auditor(path, key, observe=observe)   # type: ignore[call-arg]
        else:                                          # an auditor that keeps the events
            log = auditor(path, key)
    except LogRefused as exc:
        problems.append(Problem(path, str(exc), True))
        return
    if not folds:                                      # the events were kept: fold them now
        if log.audited:
            facts = log.facts
        else:
            facts, scen_problems = _scenario_check(log, cache)
        folds.append(SessionFold(log.header, facts, referential))
        for event in log.events:
            folds[-1].feed(event)
    fold = folds[-1]
    if not log.fingerprint:
        log.fingerprint = fold.fingerprint.hexdigest()
    remember = getattr(auditor, "remember", None)
    if remember is not None and log.audited:
        log.cache_key = remember(path, key, referential, fold) or ""
    _counted(path, key, referential, log, fold, seen, problems, group, scen_problems)


def _counted(path: str, key: bytes | None, referential: Referential, log: LoadedLog,
             fold: Any, seen: dict[str, tuple[str, str]],
             problems: list[Problem], group: list[PendingSession],
             scen_problems: Sequence[str] = ()) -> None:
    """A folded session (live or from the session result cache) checked against the
    cohort (copies), its evaluator's decisions applied, into `group`."""
    session = session_name(log.header, path)
    twin = _duplicate(seen, session, log, path, fold.trace.result())
    if twin is not None:
        first_path = twin[1]
        by_trace = len(twin) > 2
        how = f" ({COPY_HOW})" if by_trace else ""
        message = (f"{path} : séance en double « {session} » : même séance que "
                   f"{first_path}{how}, comptée une seule fois (ce fichier est ignoré).")
        problems.append(Problem(path, message, True))
        how = f", {COPY_HOW}" if by_trace else ""
        _warn(group, first_path, f"copie ignorée : {path} (même séance{how}, comptée une "
                                 f"seule fois)")
        return
    overrides, notes, eval_problems = load_evaluation(path, key, session)
    overrides, dropped = _applicable(overrides, log.header, referential)
    eval_problems.extend(dropped)
    flagged = [*log.problems, *scen_problems, *eval_problems]
    problems.extend(Problem(path, f"{path} : {msg}", False) for msg in flagged)
    warnings = [*log.warnings, *scen_problems, *eval_problems]
    group.append(PendingSession(fold, log, path, sorted(set(warnings), key=warnings.index),
                                list(overrides), list(notes)))


def _duplicate(seen: dict[str, tuple[str, str]], session: str, log: LoadedLog,
               path: str, item: Trace) -> tuple[str, ...] | None:
    """The first file of the same session (same id, or same inputs), else None."""
    trainee = str(log.header.get("trainee") or "(sans nom)")
    marks = [f"id:{session}", f"fp:{log.fingerprint or fingerprint(log.header, log.events)}"]
    for mark in marks:
        if mark in seen:
            return seen[mark]
    copy_of = find_copy(seen, trainee, item, path)
    if copy_of is not None:
        return copy_of
    for mark in marks:
        seen[mark] = (trainee, path)
    return None


def _warn(sessions: list[PendingSession], path: str, message: str) -> None:
    for pending in sessions:
        if pending.path == path:
            pending.warnings.append(message)
