"""Streaming read of a log: the header first (world not parsed), then one event at a time.

For cohort scoring and listings: nothing of a log is kept once its events have been folded,
so memory stays flat in the number of logs; the file itself is read line by line, so memory
does not grow with the number of events either (`replay --verify`). Same checks and French
issues as `read_log`; only `events` is left empty (`event_count` counts them).
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

from simulator.log.bounded import NotReadable, megabytes, open_regular
from simulator.log.canon import LOG_FORMAT
from simulator.log.lines import with_last
from simulator.log.reader import (
    MAX_FILE_BYTES,
    _read_bytes,
    _Scanner,
    _undo_editor,
)
from simulator.log.result import Issue, ReadResult
from simulator.oserrors import os_reason

_VISIBLE = re.compile(rb"\S")


class LogStream:
    """One pass over a session log (see `open_log`)."""

    def __init__(self, path: str | Path, key: bytes | None = None, *,
                 strict: bool = False) -> None:
        self.result = ReadResult(path=Path(path))
        self._records: Iterator[dict[str, Any]] = iter(())
        self._first: dict[str, Any] | None = None
        self._started = False
        scanner = _Scanner(self.result, key, LOG_FORMAT, strict, lazy_world=True)
        handle = _open_plain(self.result.path)
        if handle is not None:       # read line by line: memory does not grow with the file
            self._records = scanner.scan_lines(with_last(_file_lines(handle, self.result)))
        else:                        # empty, unreadable or re-saved by an editor: read whole
            raw = _read_bytes(self.result, LOG_FORMAT)
            if raw is None:
                return
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
        """Drop the file's content and close it (the result stays readable)."""
        close = getattr(self._records, "close", None)
        if close is not None:
            close()
        self._records = iter(())
        self._first = None
        self._started = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _open_plain(path: Path) -> BinaryIO | None:
    """The log opened for a line-by-line read, or None when it must be read whole.

    Whole reads keep their exact messages for what is rare and refused anyway: an empty or
    blank file, a file re-saved by an editor (BOM, CRLF), one that cannot be opened.
    """
    try:
        handle = open_regular(path, MAX_FILE_BYTES, "un journal")
    except NotReadable:
        return None
    try:
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
            plain = (view[:3] != b"\xef\xbb\xbf" and view.find(b"\r\n") < 0
                     and _VISIBLE.search(view) is not None)
    except (OSError, ValueError):       # empty file (mmap of 0 bytes), no mmap here
        plain = False
    if not plain:
        handle.close()
        return None
    return handle


def _file_lines(handle: BinaryIO, result: ReadResult
                ) -> Iterator[tuple[str | None, bytes | None, bool]]:
    """`(text, bytes, terminated)` per line of an open log, read as needed; closes it."""
    total = 0
    try:
        for data in handle:
            total += len(data)
            if total > MAX_FILE_BYTES:         # the file grew while being read
                result.issues.append(Issue(f"{result.path} est trop volumineux (plus de "
                                           f"{megabytes(MAX_FILE_BYTES)}) pour être un journal"))
                return
            terminated = data.endswith(b"\n")
            if terminated:
                data = data[:-1]
            try:
                text: str | None = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            yield text, data, terminated
    except OSError as exc:
        result.issues.append(Issue(f"lecture de {result.path} impossible : {os_reason(exc)}"))
    finally:
        handle.close()


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

