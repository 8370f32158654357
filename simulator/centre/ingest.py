"""From a session log to the records: register, score, decide, queue statements.

One code path for the end of a live session, `ntc livret import` and `ntc livret rebuild`:
the log is read (hash chain checked), the session row brought up to date, a finished
session scored (evaluator overrides of its sidecar applied), the trainee's livret decided
again and the session's xAPI statements queued.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scoring import DEFAULT_REFERENTIAL, ScoringError, SessionResult, score_logs
from scoring.sources import ScenarioCache
from simulator.centre import xapi
from simulator.centre.errors import CentreError
from simulator.centre.livret import recompute
from simulator.centre.records import ENDED, INTERRUPTED, RUNNING, CentreRecords, SessionInfo
from simulator.log import read_log


@dataclass(frozen=True)
class Ingested:
    path: str
    session_id: str
    trainee: str
    status: str
    last_seq: int
    queued: int
    warnings: tuple[str, ...] = ()


class LogRejected(Exception):
    """The log cannot be registered (unreadable, altered, not an ntc log): French message."""


def ingest_log(records: CentreRecords, path: str | Path, *, key: bytes | None = None,
               referential_id: str = DEFAULT_REFERENTIAL, cache: ScenarioCache | None = None,
               homepage: str = xapi.DEFAULT_HOMEPAGE, live: bool = False) -> Ingested:
    """Register the session of `path` and everything derived from it.

    `live`: called by the recorder at the end of a session it followed (a session not yet
    ended stays `running`); otherwise an unfinished log is `interrupted`.
    """
    path = Path(path)
    result = read_log(path, key)
    if result.header is None or not (result.verified or result.truncated):
        reason = result.errors[0] if result.errors else "en-tête absent"
        raise LogRejected(f"{path} : journal refusé : {reason}")
    header, events = result.header, list(result.events)
    info = SessionInfo.from_header(header, path)
    if not info.id:
        raise LogRejected(f"{path} : journal refusé : en-tête sans identifiant de séance")
    ended = next((e for e in reversed(events) if e.get("type") == "session_ended"), None)
    status = ENDED if ended is not None else (RUNNING if live else INTERRUPTED)
    last = events[-1] if events else None
    last_seq = int(last["seq"]) if last else 0
    resumes = sum(1 for e in events if e.get("type") == "session_resumed")
    warnings: list[str] = []
    known = records.session(info.id)
    if known is not None and known.last_seq > last_seq:
        warnings.append(f"journal tronqué : il s'arrête à l'événement n° {last_seq}, le "
                        f"registre en avait reçu {known.last_seq}")
    last_hash = str(last.get("hash", "")) if last else ""
    if known is not None and known.last_seq > last_seq:     # keep what the session reached
        last_seq_kept, hash_kept = known.last_seq, known.last_hash
    else:
        last_seq_kept, hash_kept = last_seq, last_hash
    records.register(info, last_seq=last_seq, last_hash=last_hash, status=status,
                     resumes=resumes)
    data = ended.get("data") if ended else None
    outcome = data.get("outcome") if isinstance(data, dict) else None
    if known is not None:                                   # a resume cut away stays counted
        resumes = max(resumes, known.resumes)
    records.progress(info.id, last_seq_kept, hash_kept, status, resumes,
                     ended_at=str(ended.get("time")) if ended else None,
                     outcome=str(outcome) if isinstance(outcome, str) else None)
    session_result = None
    if ended is not None:
        session_result = _score(records, info, path, key, referential_id, cache)
    statements = xapi.session_statements(header, events, session_result, referential_id,
                                         homepage)
    queued = records.queue(info.id, statements)
    return Ingested(str(path), info.id, info.trainee, status, last_seq, queued,
                    tuple(warnings))


def _score(records: CentreRecords, info: SessionInfo, path: Path, key: bytes | None,
           referential_id: str, cache: ScenarioCache | None) -> SessionResult | None:
    try:
        report = score_logs([path], referential_id, key, cache=cache)
    except ScoringError as exc:
        raise CentreError(str(exc), "config") from None
    found = [s for t in report.trainees for s in t.sessions]
    if not found:
        return None
    result = found[0]
    scores = [(ccp.id, "ccp", ccp.decision) for ccp in result.scoring.ccps]
    scores += [(comp.id, "competence", comp.decision)
               for ccp in result.scoring.ccps for comp in ccp.competences]
    overrides = [(c.override.seq, c.override.criterion, c.override.decision,
                  c.override.justification, c.override.evaluator)
                 for c in result.scoring.criteria() if c.override is not None]
    records.store_scores(info.id, scores, overrides)
    found_trainee = records.find_trainee(info.trainee)
    if found_trainee is not None:
        recompute(records, found_trainee[0], referential_id)
    return result


def ingest_many(records: CentreRecords, paths: Iterable[str | Path], *,
                key: bytes | None = None, referential_id: str = DEFAULT_REFERENTIAL,
                homepage: str = xapi.DEFAULT_HOMEPAGE
                ) -> tuple[list[Ingested], list[str]]:
    """Ingest several logs sharing one scenario cache; (done, French problems)."""
    cache = ScenarioCache()
    done: list[Ingested] = []
    problems: list[str] = []
    for path in paths:
        try:
            done.append(ingest_log(records, path, key=key, referential_id=referential_id,
                                   cache=cache, homepage=homepage))
        except LogRejected as exc:
            problems.append(str(exc))
    return done, problems
