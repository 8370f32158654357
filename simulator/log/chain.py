"""Low-level appender of hash-chained records: one write + fsync per record.

Shared by the session log writer and the evaluator sidecar. The file is opened with
O_APPEND and an exclusive advisory lock (two writers on one log would fork the chain);
after any write error the writer refuses to go on, so a resumed log never mixes a
half-written line with new ones.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from simulator.log.canon import canonical, record_line, strip_chain
from simulator.log.clock import Clock
from simulator.log.errors import LogError
from simulator.log.reader import ReadResult
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


def open_new(path: Path) -> int:
    """Open `path` for appending a new chain; refuse a non-empty existing file."""
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
    _sync_dir(path)
    return fd


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

    @property
    def signed(self) -> bool:
        """True when every record gets an HMAC."""
        return self._key is not None

    @property
    def closed(self) -> bool:
        """True after `close()` or a failed write."""
        return self._fd is None

    def write_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """Chain, sign, write and fsync one record; return it as a reader will see it."""
        if self._fd is None:
            raise LogError(f"Le journal {self.path} est fermé : écriture impossible.")
        body = canonical(strip_chain(record))
        stored: dict[str, Any] = json.loads(body)
        if canonical(stored) != body:
            raise ValueError("log records need string keys only (canonical form not stable)")
        line, record_hash, mac = record_line(self.last_hash, body, self._key)
        try:
            _write_all(self._fd, line.encode("utf-8"))
            os.fsync(self._fd)
        except OSError as exc:
            self._abort()
            raise LogError(
                f"Écriture du journal {self.path} impossible : {os_reason(exc)}. "
                "Les événements déjà écrits sont conservés ; la session pourra être reprise."
            ) from None
        self.last_hash = record_hash
        stored["hash"] = record_hash
        if mac is not None:
            stored["mac"] = mac
        return stored

    def _abort(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Close the file (idempotent); everything written is already on disk."""
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
