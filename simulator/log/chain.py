"""Low-level appender of hash-chained records: one write + fsync per record or per batch.

Shared by the session log writer and the evaluator sidecar. The file is opened with
O_APPEND and an exclusive advisory lock (two writers on one log would fork the chain);
after any write error the writer refuses to go on, so a resumed log never mixes a
half-written line with new ones. Inside `with writer.batch():` records are chained at once
but written and fsync'ed together when the outermost batch ends (group commit: one fsync
per trainee input, DESIGN.md §5).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from simulator.log.canon import canonical, record_line, strip_chain
from simulator.log.clock import Clock
from simulator.log.errors import LogError
from simulator.log.result import ReadResult
from simulator.oserrors import os_reason

try:  # POSIX only; elsewhere there is simply no lock
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


# O_BINARY: no newline translation on Windows; O_CLOEXEC: not inherited by children;
# O_NONBLOCK: opening a named pipe must fail or return at once, never wait for a reader
# (no effect on the regular files that are then accepted).
_FLAGS = (getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
          | getattr(os, "O_NONBLOCK", 0))


def _regular_only(fd: int, path: Path, action: str) -> None:
    """Refuse a named pipe or a device as a log: writes would block or vanish."""
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise LogError(f"{action} : {path} n'est pas un fichier ordinaire (tube, "
                       "périphérique…) ; indiquez un fichier .jsonl.")


def open_new(path: Path, *, sync_dir: bool = True) -> int:
    """Open `path` for appending a new chain; refuse a non-empty existing file.

    With `sync_dir=False` the caller fsyncs the directory itself (`sync_parent`) before
    the first record, after other files it creates there (one journal commit for both).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _FLAGS, 0o644)
    except OSError as exc:
        if exc.errno == errno.ENXIO:        # a named pipe nobody reads
            raise LogError(f"Journal refusé : {path} n'est pas un fichier ordinaire (tube, "
                           "périphérique…) ; indiquez un fichier .jsonl.") from None
        raise LogError(f"Impossible de créer {path} : {os_reason(exc)}.") from None
    try:
        _regular_only(fd, path, "Journal refusé")
        lock(fd, path)
        if os.fstat(fd).st_size > 0:
            raise LogError(
                f"{path} existe déjà et n'est pas vide : refus de l'écraser "
                "(choisissez un autre fichier ou reprenez la session)."
            )
    except BaseException:
        os.close(fd)
        raise
    if sync_dir:
        _sync_dir(path)
    return fd


def sync_parent(path: Path) -> None:
    """fsync the directory holding `path` (see `open_new(sync_dir=False)`)."""
    _sync_dir(path)


def open_existing(path: Path) -> int:
    """Open an existing chain for appending (and truncating a damaged tail), locked."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | _FLAGS)
    except FileNotFoundError:
        raise LogError(f"Reprise impossible : {path} est introuvable.") from None
    except OSError as exc:
        raise LogError(f"Reprise impossible : ouverture de {path} : {os_reason(exc)}.") \
            from None
    try:
        _regular_only(fd, path, "Reprise impossible")
        lock(fd, path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def lock(fd: int, path: Path) -> None:
    """Take an exclusive advisory lock, released by the kernel even on SIGKILL."""
    if fcntl is None:  # pragma: no cover
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise LogError(f"{path} est déjà en cours d'écriture par un autre processus.") from None
    except OSError:  # file systems without locks: carry on
        return


def _sync_dir(path: Path) -> None:
    """fsync the directory so the new file's entry survives a power loss."""
    try:
        dir_fd = os.open(path.parent if str(path.parent) else Path("."), os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def set_aside_tail(fd: int, path: Path, result: ReadResult) -> Path | None:
    """Copy the bytes after the good prefix to `<path>.abime-<n>`, then cut them off."""
    size = os.fstat(fd).st_size
    if size <= result.good_size:
        return None
    os.lseek(fd, result.good_size, os.SEEK_SET)  # O_APPEND writes ignore this position
    tail = b""
    while len(tail) < size - result.good_size:
        chunk = os.read(fd, size - result.good_size - len(tail))
        if not chunk:
            break
        tail += chunk
    number = 1
    while True:
        aside = path.with_name(f"{path.name}.abime-{number}")
        try:
            out = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _FLAGS, 0o644)
            break
        except FileExistsError:
            number += 1
        except OSError as exc:
            raise LogError(
                f"Reprise impossible : la fin abîmée de {path} ne peut pas être mise de côté "
                f"({os_reason(exc)}) ; le journal est laissé intact."
            ) from None
    try:
        _write_all(out, tail)
        os.fsync(out)
    finally:
        os.close(out)
    _sync_dir(aside)
    os.ftruncate(fd, result.good_size)
    os.fsync(fd)
    return aside


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class ChainWriter:
    """Appends records to an open chain file; `write_record` is the only way in."""

    def __init__(
        self,
        path: Path,
        fd: int,
        key: bytes | None,
        last_hash: str,
        next_seq: int,
        clock: Clock,
        header: dict[str, Any],
    ) -> None:
        self.path = path
        self._fd: int | None = fd
        self._key = key
        self.last_hash = last_hash
        self.next_seq = next_seq
        self.clock = clock
        self.header = header
        self._depth = 0                     # nesting of `batch()`
        self._pending: list[bytes] = []     # lines chained but not yet written

    @property
    def signed(self) -> bool:
        """True when every record gets an HMAC."""
        return self._key is not None

    @property
    def closed(self) -> bool:
        """True after `close()` or a failed write."""
        return self._fd is None

    def write_record(
        self, record: dict[str, Any], *, inline: tuple[str, Any, str] | None = None
    ) -> dict[str, Any]:
        """Chain, sign and write one record (fsync'ed now, or at the end of the batch);
        return it as a reader will see it.

        `inline = (key, value, text)` puts a large value whose canonical text is already
        known (the world) under `key` without serialising or re-parsing it again.
        """
        if self._fd is None:
            raise LogError(f"Le journal {self.path} est fermé : écriture impossible.")
        rest = strip_chain(record)
        if inline is not None:
            rest.pop(inline[0], None)
        body = canonical(rest)
        stored: dict[str, Any] = json.loads(body)
        if canonical(stored) != body:
            raise ValueError("log records need string keys only (canonical form not stable)")
        if inline is not None:
            body = _splice(rest, *inline)
            stored[inline[0]] = inline[1]
        line, record_hash, mac = record_line(self.last_hash, body, self._key)
        self._pending.append(line.encode("utf-8"))
        if self._depth == 0:
            self._flush()
        self.last_hash = record_hash
        stored["hash"] = record_hash
        if mac is not None:
            stored["mac"] = mac
        return stored

    @contextlib.contextmanager
    def batch(self) -> Iterator[Self]:
        """Group commit: records appended inside are written with one write + one fsync
        when the outermost batch ends (also when it ends with an exception: what the caller
        already holds in memory is on disk). A crash before then loses the whole batch."""
        self._depth += 1
        try:
            yield self
        finally:
            self._depth -= 1
            if self._depth == 0 and self._pending and self._fd is not None:
                self._flush()

    def _flush(self) -> None:
        data = b"".join(self._pending)
        self._pending = []
        assert self._fd is not None
        try:
            _write_all(self._fd, data)
            os.fsync(self._fd)
        except OSError as exc:
            self._abort()
            raise LogError(
                f"Écriture du journal {self.path} impossible : {os_reason(exc)}. "
                "Les événements déjà écrits sont conservés ; la session pourra être reprise."
            ) from None

    def _abort(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Close the file (idempotent), writing a pending batch first."""
        if self._pending and self._fd is not None:
            try:
                self._flush()
            finally:
                self._abort()
        self._abort()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            self._abort()


def _splice(rest: dict[str, Any], key: str, value: Any, text: str) -> str:
    """canonical({**rest, key: value}) given `text` = canonical(value) (not recomputed)."""
    parts = [canonical(k) + ":" + (text if k == key else canonical(rest[k]))
             for k in sorted([*rest, key])]
    return "{" + ",".join(parts) + "}"
