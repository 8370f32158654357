"""Streaming read of a log: the header first (world not parsed), then one event at a time.

For cohort scoring and listings: nothing of a log is kept once its events have been folded,
so memory stays flat in the number of logs. Same checks and French issues as `read_log`;
only `events` is left empty (`event_count` counts them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from simulator.log.canon import LOG_FORMAT
from simulator.log.reader import _read_bytes, _Scanner, _undo_editor
from simulator.log.result import ReadResult


class LogStream:
    """One pass over a session log (see `open_log`)."""

    def __init__(self, path: str | Path, key: bytes | None = None, *,
                 strict: bool = False) -> None:
        self.result = ReadResult(path=Path(path))
        self._records: Iterator[dict[str, Any]] = iter(())
        self._first: dict[str, Any] | None = None
        self._started = False
        raw = _read_bytes(self.result, LOG_FORMAT)
        if raw is None:
            return
        scanner = _Scanner(self.result, key, LOG_FORMAT, strict, lazy_world=True)
        self._records = scanner.records(_undo_editor(self.result, raw))
        # run the generator up to the first event so that the header is checked now
        self._first = next(self._records, None)

    @property
    def header(self) -> dict[str, Any] | None:
        """The checked header without its world (None when the file is not a log)."""
        return self.result.header

    def world(self) -> dict[str, Any] | None:
        """The world snapshot, parsed or loaded now (see `ReadResult.world`)."""
        return self.result.world()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """The events of the good prefix, in order; a second pass yields nothing."""
        if self._started:
            return
        self._started = True
        if self._first is not None:
            first, self._first = self._first, None
            yield first
        yield from self._records

    def read_all(self) -> ReadResult:
        """Consume what is left (events dropped) and return the final result."""
        for _ in self:
            pass
        return self.result

    def close(self) -> None:
        """Drop the file's content (the result stays readable)."""
        self._records = iter(())
        self._first = None
        self._started = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_log(path: str | Path, key: bytes | None = None, *,
             strict: bool = False) -> LogStream:
    """Open a log for one streaming pass; never raises on its content.

    `stream.header` is checked at once (hash, signature, format); iterate `stream` for the
    events; `stream.result` is final (verified, complete, truncated, issues…) once the
    iteration has ended. An event is yielded only once its own line is verified, but a
    later line may still be faulty: check `stream.result` at the end before trusting the
    session as a whole.
    """
    return LogStream(path, key, strict=strict)

