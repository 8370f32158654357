"""Hand scoring only audited sessions: an `Audit` becomes the `LoadedLog` scoring reads.

The sidecar register check (an evaluation file cut or deleted) is done here too, since the
evaluation is read for scoring.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scoring.frozen import freeze, thaw
from scoring.sources import LoadedLog, LogRefused, facts_from_scenario
from simulator.trust.audit import Audit, Observer, audit_log
from simulator.trust.cache import VerificationCache
from simulator.trust.frozenaudit import freeze_audit, thaw_audit
from simulator.trust.registry_check import check_registry
from simulator.trust.scorecache import ScoreCache, session_key

SIDECAR_LIMIT = ("limite : sans registre du centre ni registre des évaluations, la "
                 "suppression des dernières décisions de l'évaluateur (ou de tout le fichier "
                 "d'évaluation) n'est pas détectable")


def evaluation_flag(path: str, session_id: str, key: bytes | None) -> tuple[str | None, bool]:
    """(flag, register known): the evaluation file compared with the register."""
    from simulator.log import read_sidecar, sidecar_file
    from simulator.log.anchors import check_against_anchor, read_anchor

    exists = os.path.exists(sidecar_file(path))
    anchor = read_anchor(session_id)
    events = list(read_sidecar(path, key).events) if exists else []
    return check_against_anchor(session_id, exists, events, anchor), anchor is not None


def loaded_from_audit(audit: Audit, key: bytes | None) -> LoadedLog:
    """The scoring input of an audited log; LogRefused when nothing may be decided."""
    if audit.refused is not None or audit.header is None:
        kind = "journal altéré, refusé" if audit.altered else "journal refusé"
        raise LogRefused(f"{audit.path} : {kind} : {audit.refused}.")
    loaded = LoadedLog(audit.path, audit.header, audit.events, audit.verified, audit.signed,
                       audit.signature_checked)
    loaded.audited = True
    loaded.reexecuted = audit.reexecuted
    loaded.facts = facts_from_scenario(audit.scenario) if audit.scenario is not None else None
    loaded.provenance = audit.provenance.kind if audit.provenance else ""
    loaded.signature = audit.signature_label
    loaded.resumes = [r.describe() for r in audit.resumes]
    loaded.limits = list(audit.limits)
    for flag in audit.flags:
        loaded.warnings.append(f"{flag.message}.")
        if flag.blocking:
            loaded.problems.append(f"{flag.message}.")
    session = str(audit.header.get("session_id") or Path(audit.path).name)
    cut, known = evaluation_flag(audit.path, session, key)
    if cut is not None:
        loaded.warnings.append(f"{cut}.")
        loaded.problems.append(f"{cut}.")
    elif not known:
        loaded.limits.append(SIDECAR_LIMIT)
    return loaded


class StreamingAuditor:
    """The auditor `scoring.score_logs` calls for every log (re-execution, labels).

    With `observe` (what `scoring.scorer.score_file` passes, since `streams` is true) the
    events are handed to scoring's fold during the audit's first pass and not kept; the
    fold is used only if the audit accepts the log.

    `cached` / `remember` are the session result cache (`simulator.trust.scorecache`): a
    log whose bytes (and sidecar, world, scenario, code) were scored before is restored
    from it; the centre-records check and the evaluation register are run live on every
    log, hit or miss, by the same code (`_finish`).
    """

    streams = True

    def __init__(self, cache: VerificationCache | None = None,
                 scores: ScoreCache | None = None) -> None:
        self.cache = cache if cache is not None else VerificationCache()
        self.scores = scores if scores is not None else ScoreCache()
        self._keys: dict[str, str] = {}          # path -> key computed before reading it
        self._audits: dict[str, dict[str, Any]] = {}

    def __call__(self, path: str, key: bytes | None,
                 observe: Observer | None = None) -> LoadedLog:
        audit = audit_log(path, key, cache=self.cache, keep_events=observe is None,
                          observe=observe, registry=False)
        if audit.refused is None and audit.header is not None:
            if path in self._keys:
                self._audits[path] = freeze_audit(audit)
            check_registry(audit)
        return loaded_from_audit(audit, key)

    def cached(self, path: str, key: bytes | None, referential: Any) -> Any:
        """(LoadedLog, FrozenFold) of a log scored before with these very bytes, or None."""
        self._keys.pop(path, None)
        if not self.scores.enabled:
            return None
        digest = session_key(path, key, str(referential.id))
        if digest is None:
            return None
        value = self.scores.get(digest)
        if value is not None:
            try:
                audit = thaw_audit(path, value.get("audit"))
                fold = thaw(value.get("fold"), referential)
            except (ValueError, TypeError, KeyError, AttributeError):
                audit = None
            if audit is not None:
                check_registry(audit)
                loaded = loaded_from_audit(audit, key)
                loaded.fingerprint = fold.fingerprint.hexdigest()
                loaded.cache_key = digest
                return loaded, fold
        self._keys[path] = digest
        return None

    def remember(self, path: str, key: bytes | None, referential: Any, fold: Any
                 ) -> str | None:
        """Store an accepted log's result, if its bytes did not change while it was read;
        its key once stored (None otherwise)."""
        digest = self._keys.pop(path, None)
        audit = self._audits.pop(path, None)
        if digest is None or audit is None:
            return None
        if session_key(path, key, str(referential.id)) != digest:
            return None
        if not self.scores.put(digest, {"audit": audit, "fold": freeze(fold, path)}):
            return None
        return digest


def make_auditor(cache: VerificationCache | None = None
                 ) -> Callable[[str, bytes | None], LoadedLog]:
    """The auditor `scoring.score_logs` calls for every log (re-execution, labels)."""
    return StreamingAuditor(cache)
