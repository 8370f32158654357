"""Hand scoring only audited sessions: an `Audit` becomes the `LoadedLog` scoring reads.

The sidecar register check (an evaluation file cut or deleted) is done here too, since the
evaluation is read for scoring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoring.sources import LoadedLog, LogRefused, facts_from_scenario
from simulator.trust.audit import Audit, Observer, audit_log
from simulator.trust.cache import VerificationCache

SIDECAR_LIMIT = ("limite : sans registre du centre ni registre des évaluations, la "
                 "suppression des dernières décisions de l'évaluateur (ou de tout le fichier "
                 "d'évaluation) n'est pas détectable")


def evaluation_flag(path: str, session_id: str, key: bytes | None) -> tuple[str | None, bool]:
    """(flag, register known): the evaluation file compared with the register."""
    from simulator.log import read_sidecar, sidecar_path
    from simulator.log.anchors import check_against_anchor, read_anchor

    exists = sidecar_path(path).exists()
    known = read_anchor(session_id) is not None
    events = list(read_sidecar(path, key).events) if exists else []
    return check_against_anchor(session_id, exists, events), known


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
    """

    streams = True

    def __init__(self, cache: VerificationCache | None = None) -> None:
        self.cache = cache if cache is not None else VerificationCache()

    def __call__(self, path: str, key: bytes | None,
                 observe: Observer | None = None) -> LoadedLog:
        audit = audit_log(path, key, cache=self.cache, keep_events=observe is None,
                          observe=observe)
        return loaded_from_audit(audit, key)


def make_auditor(cache: VerificationCache | None = None
                 ) -> Callable[[str, bytes | None], LoadedLog]:
    """The auditor `scoring.score_logs` calls for every log (re-execution, labels)."""
    return StreamingAuditor(cache)
