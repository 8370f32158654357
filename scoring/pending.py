"""A counted session whose result is built only when a report needs it.

Scoring a cohort checks every log live (audit or session result cache, centre records,
evaluation register, copies across the cohort) and then decides and renders each trainee.
On a warm cache the checks are cheap and the deciding and rendering are most of the work,
yet for the same inputs they give the same text. So a session is first kept as what its
result is made of (`PendingSession`), and a trainee's rendered report is looked up by the
digest of all of it (`chunk_key`): any changed input — a byte of a log, of its sidecar, world
or scenario, the code, a warning found live, the evaluator's decisions — is another key.
Only a session whose own content is in the session result cache (`cache_key`) can take part;
a trainee with any other session is decided and rendered as usual.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring.fold import session_name
from scoring.results import Note, Override, SessionResult
from scoring.sources import LoadedLog

CHUNK_FORMAT = "ntc-rendu/1"
NO_NAME = "(sans nom)"


@dataclass
class PendingSession:
    """What `fold.result(...)` and the audit's labels make a `SessionResult` of."""

    fold: Any                                  # a live SessionFold or a cached FrozenFold
    log: LoadedLog
    path: str
    warnings: list[str]
    overrides: list[Override] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def trainee(self) -> str:
        return str(self.log.header.get("trainee") or NO_NAME)

    def order(self) -> tuple[str, str, str]:
        """How a trainee's sessions are listed: start time, session id, file."""
        return (str(self.log.header.get("started_at", "")),
                session_name(self.log.header, self.path), self.path)

    def result(self) -> SessionResult:
        log = self.log
        made = self.fold.result(path=self.path, warnings=self.warnings,
                                overrides=self.overrides, notes=self.notes,
                                verified=log.verified,
                                signature_checked=log.signature_checked)
        return dataclasses.replace(
            made, reexecuted=log.reexecuted, provenance=log.provenance,
            signature=log.signature, resumes=tuple(log.resumes), limits=tuple(log.limits))

    def inputs(self) -> list[Any] | None:
        """Everything `result()` depends on beyond the cached content, as JSON-able data;
        None when the session's content is not in the session result cache."""
        log = self.log
        if not log.cache_key:
            return None
        return [log.cache_key, self.path, self.warnings,
                [dataclasses.astuple(o) for o in self.overrides],
                [dataclasses.astuple(n) for n in self.notes],
                log.verified, log.signature_checked, log.reexecuted, log.provenance,
                log.signature, log.resumes, log.limits]


def chunk_key(form: str, referential_id: str, trainee: str,
              sessions: Sequence[PendingSession]) -> str | None:
    """Digest of a trainee's rendered report in `form`, or None when it cannot be cached."""
    parts: list[Any] = [CHUNK_FORMAT, form, referential_id, trainee]
    for pending in sessions:
        inputs = pending.inputs()
        if inputs is None:
            return None
        parts.append(inputs)
    try:
        text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _plain(value: Any) -> Any:
    """Tuples inside decisions (dates, sequences) as lists; anything else is not keyed."""
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value, key=repr) if not isinstance(value, tuple) else list(value)
    raise TypeError(type(value).__name__)
