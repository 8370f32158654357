"""Audit a session log before anything is decided from it (`ntc score`, `replay --verify`,
the TUI debrief and replay).

In order: the reader's checks (hash chain, signatures), the range of every number, then the
session is re-executed by the engine from the header and the recorded inputs (through
`simulator.engine.replay`, the same functions as `--verify`) and every derived event must
match; a divergence refuses the log naming the first divergent event. Only then are the
recorded events — now proven to be exactly what the engine derives — handed to scoring.
The audit also says what a jury must know: resumes (where, when, who allowed them in
examen), the scenario's provenance, the signature status, a missing ending.

`score` and `--verify` both decide their exit status from `Audit.status`, so they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.trust.cache import Replayed, VerificationCache, cache_key
from simulator.trust.lookup import (
    cached_scenario,
    check_world,
    resolve,
    with_world,
    world_getter,
)
from simulator.trust.provenance import LOCAL, SHIPPED, Provenance, provenance
from simulator.trust.ranges import event_problem, header_problem
from simulator.trust.registry_check import check_registry
from simulator.trust.resumes import LIMIT, Resume, authorizations, find_resumes

UNSIGNED = "non signé : l'intégrité n'est pas garantie"
NO_KEY = ("signature non vérifiée : fournissez la clé avec NTC_LOG_KEY ou NTC_LOG_KEY_FILE "
          "(signé, mais sans la clé du centre l'intégrité n'est pas garantie)")
SIGNED_OK = "signé, signature vérifiée"
EXAM_UNSIGNED = ("séance d'examen non signée : sans la clé du centre, le journal a pu être "
                 "réécrit")
EXAM_RESUME = ("reprise d'une séance d'examen sans autorisation de l'évaluateur "
               "(ntc run --resume … --evaluateur NOM)")


@dataclass(frozen=True)
class Flag:
    """Something a jury must read. `blocking` makes the exit status 1 (flagged)."""

    message: str
    blocking: bool


@dataclass
class Audit:
    path: str
    header: dict[str, Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)   # empty unless kept
    event_count: int = 0                # events of the good prefix (kept or not)
    last_seq: int = 0
    ended: bool = False                 # the log records `session_ended`
    refused: str | None = None          # French reason: nothing may be decided from it
    altered: bool = False               # refused by the reader (chain, ranges), not the replay
    chain_ok: bool = False
    signed: bool = False
    signature_checked: bool = False
    reexecuted: bool = False            # the engine re-derived every event (or the cache says
    cached: bool = False                # this very content was re-executed before)
    complete: bool = False
    node: str = ""                      # where the replay stopped
    provenance: Provenance | None = None
    resumes: list[Resume] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    reader_warnings: list[str] = field(default_factory=list)
    scenario: Any = None                # the scenario model the session was re-executed with
    # `session_resumed` events, each after the last `node_entered` before it (find_resumes)
    resume_marks: list[dict[str, Any]] = field(default_factory=list)
    registry_mismatch: bool = False     # the centre records saw events this log lacks
    # The last event's hash and the number of resumes, for the centre-records check when
    # the events are not kept (a cached session is compared live from them: scorecache)
    last_hash: str = ""
    resumed: int = 0

    @property
    def status(self) -> int:
        """0 trusted, 1 refused or flagged (same rule for `score` and `--verify`)."""
        return 1 if self.refused or any(f.blocking for f in self.flags) else 0

    @property
    def verified(self) -> bool:
        """Chain intact, signature checked when signed, and re-executed identically."""
        return (self.refused is None and self.chain_ok and self.reexecuted
                and not self.registry_mismatch and (self.signature_checked or not self.signed))

    def message(self) -> str:
        """The one-line verdict of `replay --verify` (refusal, or what was verified)."""
        if self.refused is not None:
            return (f"journal altéré ou illisible : {self.refused}" if self.altered
                    else self.refused)
        count = self.event_count
        events = f"{count} événement" + ("s" if count > 1 else "")
        how = "rejeu identique" + (" (déjà rejoué : même contenu)" if self.cached else "")
        if self.status:
            reasons = " ; ".join(f.message for f in self.flags if f.blocking)
            return f"non validé : chaîne d'empreintes et {how} sur {events}, mais {reasons}"
        return f"journal vérifié : {events}, {how}"

    @property
    def signature_label(self) -> str:
        if not self.signed:
            return UNSIGNED
        return SIGNED_OK if self.signature_checked else NO_KEY

    @property
    def mode(self) -> str:
        return str((self.header or {}).get("mode", ""))

    def flag(self, message: str, blocking: bool = True) -> None:
        if all(f.message != message for f in self.flags):
            self.flags.append(Flag(message, blocking))


Observer = Callable[[dict[str, Any], Any, Callable[[], "dict[str, Any] | None"]],
                    Callable[[dict[str, Any]], None]]


def audit_log(path: str | Path, key: bytes | None, *,
              cache: VerificationCache | None = None, scenario: Any = None,
              keep_events: bool = True, observe: Observer | None = None,
              registry: bool = True) -> Audit:
    """Read, range-check, re-execute and label one log; never raises on its content.

    The log is streamed (`simulator.log.open_log`). With `keep_events` (the TUI) its
    events are kept in `Audit.events` and the replay runs on them; without (`replay
    --verify`, `ntc score`) nothing is kept: a second streaming pass feeds the
    re-execution, so memory is bounded by the world snapshot, not by the number of events.

    `observe(header, scenario, world)` (scoring) is called once the header is checked, with
    the scenario the replay will use (None when it cannot be found) and a function giving
    the world on demand; it returns a sink that gets every event of the first pass. What it
    computes may be used only if the audit then accepts the log (`Audit.refused` is None):
    the events it saw are those the replay re-derived (same final hash).

    `registry=False` leaves out the centre-records check (`check_registry`, not a function
    of the log's bytes): the caller runs it (the session result cache does, on every run).
    """
    from simulator.log import open_log
    from simulator.log.reader import attach_world

    audit = Audit(str(path))
    resolved: tuple[Any, str | None] | None = None
    with open_log(path, key) as stream:
        sink = None
        if stream.header is not None and observe is not None:
            resolved = resolve(stream.header, scenario)
            sink = observe(stream.header, resolved[0], world_getter(stream))
        bad = _scan(audit, stream, keep_events, sink) if stream.header is not None else None
        result = stream.result
    # As `read_log` does: a missing or altered world is an alteration. Scoring (`observe`)
    # does not parse it: only a replay (cache miss) or an analyser needs it; a by-hash
    # world is still checked against the header's hash.
    lazy = observe is not None
    if result.header is not None and not lazy:
        attach_world(result)
    elif result.header is not None:
        check_world(result)
    audit.signed, audit.signature_checked = result.signed, result.signature_checked
    audit.reader_warnings = list(result.warnings)
    if result.header is None:
        audit.refused = result.errors[0] if result.errors else "en-tête absent"
        return audit
    audit.header = result.header
    if result.errors and not result.truncated:
        audit.refused, audit.altered = result.errors[0], True
        return audit
    if bad is not None:
        audit.refused, audit.altered = bad, True
        return audit
    audit.chain_ok = True
    _reexecute(audit, result.last_hash, _size(path), cache, scenario, key, keep_events,
               resolved, result if lazy else None)
    if audit.refused:
        return audit
    _label(audit, result.truncated, result.errors, key, registry)
    return audit


def _scan(audit: Audit, stream: Any, keep: bool,
          sink: Callable[[dict[str, Any]], None] | None = None) -> str | None:
    """First pass: count, range-check and note what the labels need; the first range
    fault is returned (header first). `sink` gets every event (scoring folds them)."""
    bad = header_problem(stream.header)
    node: dict[str, Any] | None = None
    for event in stream:
        audit.event_count += 1
        audit.last_seq = int(event["seq"])
        kind = event["type"]
        if bad is None:
            bad = event_problem(event)
            if sink is not None and bad is None:     # range-checked before any computing
                sink(event)
        if kind == "session_ended":
            audit.ended = True
        elif kind == "node_entered":
            node = event
        elif kind == "session_resumed":       # with the node it happened at
            audit.resume_marks.extend([node, event] if node is not None else [event])
        if keep:
            audit.events.append(event)
        audit.last_hash = str(event.get("hash", ""))
        audit.resumed += kind == "session_resumed"
    return bad


def _checked(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The second pass's events, range-checked again (the file is read anew)."""
    for event in events:
        problem = event_problem(event)
        if problem is not None:
            raise _Changed(problem)
        yield event


class _Changed(Exception):
    """The file changed between the two passes of a streamed verification."""


def _size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return -1


def _reexecute(audit: Audit, last_hash: str, size: int, cache: VerificationCache | None,
               given: Any, log_key: bytes | None = None, kept: bool = True,
               resolved: tuple[Any, str | None] | None = None, lazy: Any = None) -> None:
    """Replay the session with the engine (or find this exact content in the cache).

    `lazy`: the reader's result whose inline world is still unparsed (scoring); it is
    parsed only when the session must be re-executed.
    """
    # The light part of the engine first: a cache hit (a warm `ntc score`) never loads the
    # state machine.
    from simulator.engine.errors import EngineError
    from simulator.engine.rerun import ReplayError, check_header, scenario_for

    assert audit.header is not None
    try:
        if lazy is None or (resolved is not None and resolved[1] is not None):
            if not with_world(audit, lazy):
                return
            check_header(audit.header)
        if resolved is None:
            scenario = scenario_for(audit.header, given or cached_scenario(audit.header))
        elif resolved[1] is not None:
            raise ReplayError(resolved[1])
        else:
            scenario = resolved[0]
    except ReplayError as exc:
        audit.refused = str(exc)
        return
    audit.scenario = scenario
    key = cache_key(last_hash, size, str(scenario.sha256))
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        audit.reexecuted = audit.cached = True
        audit.complete, audit.node = hit.ended, hit.node
        return
    if not with_world(audit, lazy):
        return
    from simulator.engine.replay import replay_events, session_from_header

    try:
        if lazy is not None:
            check_header(audit.header)
        session = session_from_header(audit.header, scenario)
        if kept:
            divergence = replay_events(session, audit.events)
        else:
            divergence = _replay_streamed(audit, session, last_hash, log_key)
    except (ReplayError, _Changed) as exc:
        audit.refused = str(exc)
        return
    except EngineError as exc:
        audit.refused = f"erreur pendant le rejeu : {exc}"
        return
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError,
            RecursionError, MemoryError) as exc:
        audit.refused = ("rejeu impossible : contenu du journal incohérent "
                         f"({type(exc).__name__} : {str(exc)[:200]})")
        return
    if divergence is not None:
        audit.refused = (f"divergence à l'événement n° {divergence.seq} : "
                         f"{divergence.message}")
        return
    audit.reexecuted = True
    audit.complete = bool(session.ended)
    audit.node = str(session.current_node.id)
    if cache is not None:
        cache.put(key, Replayed(audit.complete, audit.node))


def _replay_streamed(audit: Audit, session: Any, last_hash: str, key: bytes | None) -> Any:
    """Re-execute while reading the log again; the file must be the one just checked."""
    from simulator.engine.replay import replay_events
    from simulator.log import open_log

    assert audit.header is not None
    changed = ("journal altéré ou illisible : le fichier a changé pendant la vérification "
               "(relancez-la)")
    with open_log(audit.path, key) as stream:
        if stream.header is None or stream.header.get("hash") != audit.header.get("hash"):
            raise _Changed(changed)
        divergence = replay_events(session, _checked(stream), forget=True)
        if divergence is None:
            result = stream.read_all()
            if (result.errors and not result.truncated) or result.last_hash != last_hash:
                raise _Changed(changed)
    return divergence


def _label(audit: Audit, truncated: bool, errors: list[str], key: bytes | None,
           registry: bool = True) -> None:
    """What the jury must read next to the decisions."""
    assert audit.header is not None
    exam = audit.mode == "examen"
    ended = audit.ended
    if truncated:
        detail = errors[0] if errors else "dernière ligne incomplète"
        audit.flag(f"session incomplète : dernière ligne coupée, évaluée sur sa partie intacte "
                   f"({detail})")
    elif audit.complete and not ended:
        last = audit.last_seq
        audit.flag(f"session incomplète : le rejeu atteint la fin de la séance mais le journal "
                   f"s'arrête avant (événement n° {last + 1} et suivants absents : arrêt brutal "
                   "ou derniers événements supprimés ; « ntc run --resume » complète un journal "
                   "coupé par un arrêt brutal)")
    elif not ended:
        last = audit.last_seq
        audit.flag(f"session incomplète : séance interrompue au nœud « {audit.node} » après "
                   f"l'événement n° {last}, avant la fin de la séance : elle peut être reprise",
                   False)
    audit.provenance = provenance(audit.header)
    if audit.provenance.kind != SHIPPED:
        audit.flag(audit.provenance.message, audit.provenance.blocking)
    if not audit.signed:
        audit.flag(EXAM_UNSIGNED if exam else UNSIGNED, exam)
    elif not audit.signature_checked:
        audit.flag(NO_KEY, True)
    allowed = _authorizations(audit.path, key, audit.signed)
    audit.resumes = find_resumes(audit.resume_marks, allowed)
    for resume in audit.resumes:
        audit.flag(resume.describe(), False)
        if exam and not resume.authorized_by:
            audit.flag(f"{EXAM_RESUME} : {resume.describe()}")
    if audit.resumes:
        audit.limits.append(LIMIT)
    if audit.provenance.kind == LOCAL:
        audit.limits.append("les décisions portent sur un scénario local, pas sur un "
                            "scénario livré")
    if registry:
        check_registry(audit)


def _authorizations(path: str, key: bytes | None, log_signed: bool) -> dict[int, str]:
    """Resume authorisations of a verified evaluation file; for a signed log only from a
    signed one whose signature was checked (anybody can write an unsigned file)."""
    from simulator.log import read_sidecar, sidecar_path
    from simulator.log.keys import key_id

    if not sidecar_path(path).exists():
        return {}
    result = read_sidecar(path, key)
    if result.header is None or not result.verified:
        return {}
    if log_signed and not (result.signed and result.signature_checked):
        return {}
    return authorizations(list(result.events), key_id(key) if key is not None else None)
