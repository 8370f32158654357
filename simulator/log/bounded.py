"""Reading a whole file safely: regular files only, under a size limit.

`Path.read_bytes()` blocks forever on a named pipe and never ends on `/dev/zero`; a log or a
key file named by the user may be either. The file is opened without blocking, checked
with `fstat` on the open descriptor (no race with a file swapped after a check), and read
up to the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from simulator.oserrors import os_reason

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(
    os, "O_BINARY", 0)
MIB = 1024 * 1024


class NotReadable(Exception):
    """The file cannot or must not be read; French message for the user."""


def megabytes(size: int) -> str:
    """« 47,7 Mo »: a size in MiB with a French decimal comma."""
    return f"{size / MIB:.1f}".replace(".", ",") + " Mo"


def read_regular(path: Path, limit: int, what: str) -> bytes:
    """All bytes of `path`, or NotReadable when it is missing, not a regular file or too big.

    `what` names the expected kind of file for the messages (« un journal »…).
    """
    fd, info = _open_checked(path, limit, what)
    try:
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, max(info.st_size - total, 0) + 65536)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:          # the file grew while being read
                raise NotReadable(f"{path} est trop volumineux (plus de {megabytes(limit)}) "
                                  f"pour être {what}")
        return b"".join(chunks)
    except OSError as exc:
        raise NotReadable(f"lecture de {path} impossible : {os_reason(exc)}") from None
    finally:
        os.close(fd)


def open_regular(path: Path, limit: int, what: str) -> BinaryIO:
    """`path` opened for reading (buffered), with the checks of `read_regular`.

    For reading a big file line by line (`simulator.log.LogStream`); the caller closes it.
    """
    fd, _info = _open_checked(path, limit, what)
    try:
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        raise NotReadable(f"lecture de {path} impossible : {os_reason(exc)}") from None


def _open_checked(path: Path, limit: int, what: str) -> tuple[int, os.stat_result]:
    """An open descriptor on a regular file of at most `limit` bytes (else NotReadable)."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise NotReadable(f"fichier introuvable : {path}") from None
    except IsADirectoryError:
        raise NotReadable(f"{path} est un dossier, pas {what}") from None
    except OSError as exc:
        raise NotReadable(f"lecture de {path} impossible : {os_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise NotReadable(f"{path} est un dossier, pas {what}")
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"{path} n'est pas un fichier ordinaire (tube, périphérique…) : "
                              "lecture refusée")
        if info.st_size > limit:
            raise NotReadable(f"{path} est trop volumineux ({megabytes(info.st_size)} ; "
                              f"limite : {megabytes(limit)}) pour être {what}")
        return fd, info
    except OSError as exc:
        os.close(fd)
        raise NotReadable(f"lecture de {path} impossible : {os_reason(exc)}") from None
    except NotReadable:
        os.close(fd)
        raise
