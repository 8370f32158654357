"""Live registration of a session in the centre records, through `Session.subscribe`.

    recorder = SessionRecorder(log_path=path)      # opens the records of the data dir
    recorder.attach(session)                       # before session.start(), or after resume

The session row is created at attach time and kept current on every event (last seq and
hash, status, resumes), so a log cut short later can be told from the record. When the
session ends, the log is scored and the trainee's livret decided again; the xAPI
statements are queued. The records never stop a session: on a fault (locked or damaged
file, full disk) the recorder warns once in French and stays silent; the log, written
first, remains the source of truth for `ntc livret rebuild`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from scoring import DEFAULT_REFERENTIAL
from simulator.centre import xapi
from simulator.centre.errors import REBUILD_HINT, CentreError
from simulator.centre.records import ENDED, INTERRUPTED, RUNNING, CentreRecords, SessionInfo


class Observable(Protocol):
    """What the recorder needs of a session (docs/CONTRACTS.md §5)."""

    @property
    def events(self) -> list[dict[str, Any]]: ...

    def header(self) -> dict[str, Any]: ...

    def subscribe(self, callback: Callable[[dict[str, Any]], None]) -> None: ...


def _warn(message: str) -> None:
    print(f"ntc : attention : {message}", file=sys.stderr)


class SessionRecorder:
    """Follows one session and keeps its row of the centre records current."""

    def __init__(self, records: CentreRecords | None = None, *, log_path: str | Path | None,
                 key: bytes | None = None, referential_id: str = DEFAULT_REFERENTIAL,
                 homepage: str | None = None,
                 on_error: Callable[[str], None] = _warn) -> None:
        self.log_path = Path(log_path) if log_path else None
        self.key = key
        self.referential_id = referential_id
        self.homepage = homepage
        self.on_error = on_error
        self.warning: str | None = None      # the fault that stopped the recording, if any
        self.info: SessionInfo | None = None
        self._header: dict[str, Any] = {}
        self._resumes = 0
        self._ended = False
        self._owned = records is None
        self.records: CentreRecords | None = records
        if records is None:
            try:
                self.records = CentreRecords()
            except CentreError as exc:
                self._fail(exc)

    @property
    def active(self) -> bool:
        return self.records is not None and self.warning is None

    def attach(self, session: Observable) -> None:
        """Register the session now and follow its events."""
        self._header = session.header()
        self.info = SessionInfo.from_header(self._header, self.log_path)
        events = session.events
        self._resumes = sum(1 for e in events if e.get("type") == "session_resumed")
        last = events[-1] if events else None
        ended = any(e.get("type") == "session_ended" for e in events)
        self._ended = ended
        if self.records is not None and self.warning is None:
            try:
                self._check_rewind(events)
                self.records.register(self.info, last_seq=int(last["seq"]) if last else 0,
                                      last_hash=str(last.get("hash", "")) if last else "",
                                      status=ENDED if ended else RUNNING,
                                      resumes=self._resumes)
                started = [e for e in events if e.get("type") == "session_started"]
                if started:     # attached after start(): queue what the start produced
                    self.records.queue(self.info.id, xapi.session_statements(
                        self._header, started, None, self.referential_id, self._homepage()))
            except CentreError as exc:
                self._fail(exc)
        session.subscribe(self)

    def _check_rewind(self, events: list[dict[str, Any]]) -> None:
        """On a resume, compare the log with what the records saw; mark a cut or a rewrite.

        The rows are then kept current from the resumed log, so the mark (and the resume
        count, never lowered) is what lets the jury's check see a cut followed by a resume.
        """
        assert self.records is not None and self.info is not None
        prior = self.records.session(self.info.id)
        if prior is None:
            return
        self._resumes = max(self._resumes, prior.resumes)
        if prior.last_seq <= 0:
            return
        if self.log_path is not None and self.log_path.is_file() \
                and not all("hash" in e for e in events):    # a resumed session's events
            from simulator.log import read_log

            events = list(read_log(self.log_path, self.key).events)
        hashes = {e.get("seq"): e.get("hash") for e in events}
        if prior.last_seq in hashes and (not prior.last_hash
                                         or hashes[prior.last_seq] in (prior.last_hash, None)):
            return                      # same event there (or no hash to compare with)
        kept = list(events)
        while kept and kept[-1].get("type") == "session_resumed":   # this very resume
            kept.pop()
        last = int(kept[-1]["seq"]) if kept else 0
        self.records.mark_rewound(self.info.id, min(last + 1, prior.last_seq))

    def __call__(self, event: dict[str, Any]) -> None:
        """Subscriber: one small UPDATE per event; scoring at the end."""
        if self.records is None or self.info is None or self.warning is not None:
            return
        kind = event.get("type")
        try:
            if kind == "session_resumed":
                self._resumes += 1
                self._ended = False
            if kind == "session_ended":
                self._finish(event)
                return
            self.records.progress(self.info.id, int(event["seq"]), str(event.get("hash", "")),
                                  RUNNING, self._resumes)
            if kind == "session_started":
                self.records.queue(self.info.id, xapi.session_statements(
                    self._header, [event], None, self.referential_id, self._homepage()))
        except CentreError as exc:
            self._fail(exc)

    def _homepage(self) -> str:
        if self.homepage is None:
            from simulator.centre.lrs import load_config

            try:
                self.homepage = load_config().homepage
            except CentreError:
                self.homepage = xapi.DEFAULT_HOMEPAGE
        return self.homepage

    def _finish(self, event: dict[str, Any]) -> None:
        assert self.records is not None and self.info is not None
        self._ended = True
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        outcome = data.get("outcome") if isinstance(data, dict) else None
        self.records.progress(self.info.id, int(event["seq"]), str(event.get("hash", "")),
                              ENDED, self._resumes, ended_at=str(event.get("time") or ""),
                              outcome=str(outcome) if isinstance(outcome, str) else None)
        if self.log_path is None or not self.log_path.is_file():
            return
        from simulator.centre.ingest import LogRejected, ingest_log

        try:
            ingest_log(self.records, self.log_path, key=self.key,
                       referential_id=self.referential_id, homepage=self._homepage(),
                       live=True)
        except LogRejected as exc:
            self._fail(CentreError(str(exc)))
        except CentreError:
            raise
        except Exception as exc:      # scoring a log never stops the session that wrote it
            self._fail(CentreError(f"évaluation de la séance pour le registre impossible "
                                   f"({type(exc).__name__} : {exc})"))
        finally:
            self.close()

    def _fail(self, exc: CentreError) -> None:
        if self.warning is None:
            hint = "" if "livret rebuild" in str(exc) else f" ; {REBUILD_HINT}"
            self.warning = f"{exc} — la séance continue sans le registre du centre{hint}"
            self.on_error(self.warning)

    def close(self) -> None:
        """Stop following; a session left unfinished is recorded as `interrupted`."""
        if self.records is not None and self.info is not None and self.warning is None \
                and not self._ended:
            try:
                self.records.set_status(self.info.id, INTERRUPTED)
            except CentreError as exc:
                self._fail(exc)
        if self._owned and self.records is not None:
            self.records.close()
            self.records = None
