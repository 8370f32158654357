"""A cohort scored trainee by trainee: memory holds one trainee's sessions, not the cohort.

A centre scores thousands of logs at once. The files are first grouped by trainee from the
start of their header line alone (the canonical header names `trainee` before the world
snapshot, so the world is not parsed), then each trainee's logs are read, audited and
scored, folded into the trainee's result, handed to the writer and dropped. Problems are
collected as they come (they are few) and sorted in input order at the end.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from scoring.copies import Seen
from scoring.pending import PendingSession, chunk_key
from scoring.referential import DEFAULT_REFERENTIAL, load_referential
from scoring.results import Problem, ReferentialInfo, Report, TraineeResult
from scoring.scorer import Auditor, ScoringError, combine, expand_paths, score_file
from scoring.sources import ScenarioCache

PREFIX_BYTES = 64 * 1024
FIRST_BYTES = 4 * 1024
NO_NAME = "(sans nom)"
_KEY = b'"trainee":'


def guess_trainee(path: str) -> str:
    """The trainee named by a log's header, read from the start of its first line.

    Only orders the work: the name scored is always the audited header's.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):     # a FIFO would block: the reader
            return NO_NAME                              # refuses it later
        with open(path, "rb") as handle:
            head = handle.read(FIRST_BYTES)        # a by-hash header: well under 4 KiB
            if b"\n" not in head:
                head += handle.read(PREFIX_BYTES - FIRST_BYTES)
    except (OSError, ValueError):
        return NO_NAME
    first = head.split(b"\n", 1)[0]
    at = first.find(_KEY)
    if at < 0:
        return NO_NAME
    try:
        text = first[at + len(_KEY):].decode("utf-8", "replace")
        value, _ = json.JSONDecoder().raw_decode(text.lstrip())
    except ValueError:
        return NO_NAME
    return value if isinstance(value, str) and value else NO_NAME


class ReportStore(Protocol):
    """Where rendered trainee reports are kept (`simulator.trust.scorecache.ReportCache`)."""

    def raw(self, key: str) -> bytes | None: ...

    def keep(self, key: str, text: str) -> None: ...


class Cohort:
    """Logs to score, grouped by trainee; `trainees()` yields each trainee's result."""

    def __init__(self, paths: Iterable[str | Path], referential_id: str,
                 key: bytes | None = None, *, cache: ScenarioCache | None = None,
                 auditor: Auditor | None = None, reports: ReportStore | None = None) -> None:
        self.files = expand_paths(paths)
        if not self.files:
            raise ScoringError("aucun journal de session à évaluer (liste de fichiers vide).")
        try:
            self.referential = load_referential(referential_id)
        except Exception as exc:  # ReferentialError: French message already
            raise ScoringError(str(exc)) from None
        ref = self.referential
        self.info = ReferentialInfo(ref.id, ref.title, ref.version, ref.warning)
        self.key = key
        self.cache = cache or ScenarioCache()
        self.auditor = auditor
        self.reports = reports
        self.problems: list[Problem] = []
        self.sessions_scored = 0

    def __len__(self) -> int:
        return len(self.files)

    def groups(self) -> list[tuple[str, list[str]]]:
        """(guessed trainee, files in input order), sorted by name."""
        by_name: dict[str, list[str]] = {}
        for path in self.files:
            by_name.setdefault(guess_trainee(path), []).append(path)
        return sorted(by_name.items())

    def _pending(self) -> Iterator[tuple[str, list[PendingSession]]]:
        """(trainee, counted sessions in report order), in name order, as they are scored."""
        seen = Seen()        # labels and traces of the sessions counted so far
        for _, files in self.groups():
            group: list[PendingSession] = []
            for path in files:
                score_file(path, self.key, self.referential, self.cache,
                           self.auditor, seen, self.problems, group)
            self.sessions_scored += len(group)
            by_trainee: dict[str, list[PendingSession]] = {}
            for pending in group:
                by_trainee.setdefault(pending.trainee, []).append(pending)
            for name, sessions in sorted(by_trainee.items()):
                yield name, sorted(sessions, key=PendingSession.order)

    def trainees(self) -> Iterator[TraineeResult]:
        """Each trainee's combined result, in name order, computed as it is asked for."""
        for name, sessions in self._pending():
            yield combine(name, [s.result() for s in sessions], self.referential)
        self._sort_problems()

    def rendered(self, form: str, render: Callable[[TraineeResult], str]
                 ) -> Iterator[str | bytes]:
        """Each trainee's report as `render` writes it, in name order.

        With a report cache (`reports`), the text rendered before for exactly the same
        inputs (`scoring.pending.chunk_key`; `form` names the format and its options) is
        reused, as the UTF-8 bytes of that text; every log is still checked live as
        `trainees()` does."""
        reports = self.reports
        for name, sessions in self._pending():
            key = (chunk_key(form, self.referential.id, name, sessions)
                   if reports is not None else None)
            kept = reports.raw(key) if reports is not None and key is not None else None
            if kept is not None:
                yield kept
                continue
            text = render(combine(name, [s.result() for s in sessions], self.referential))
            if reports is not None and key is not None:
                reports.keep(key, text)
            yield text
        self._sort_problems()

    def _sort_problems(self) -> None:
        order = {path: i for i, path in enumerate(self.files)}
        self.problems.sort(key=lambda p: order.get(p.path, len(order)))

    @property
    def status(self) -> int:
        return 1 if self.problems else 0


def score_logs(paths: Iterable[str | Path], referential_id: str = DEFAULT_REFERENTIAL,
               key: bytes | None = None, *, cache: ScenarioCache | None = None,
               auditor: Auditor | None = None) -> Report:
    """Score session logs; group per trainee; refused/flagged logs listed as problems.

    `auditor(path, key)` (given by the commands, see `simulator.trust`) re-executes each
    session and returns the `LoadedLog` to score, or raises `LogRefused`; without it the
    log is only read and checked (library use, tests of the analysers). The whole report
    is kept in memory: `Cohort` streams it trainee by trainee.
    """
    cohort = Cohort(paths, referential_id, key, cache=cache, auditor=auditor)
    trainees = tuple(cohort.trainees())
    return Report(cohort.info, trainees, tuple(cohort.problems))
