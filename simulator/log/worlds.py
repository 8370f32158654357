"""World snapshots stored once per content hash beside the logs (DESIGN.md §5).

A generated world is ~95 % of an inline log (~400 KB); a centre's logs mostly repeat the
same few worlds. The writer stores `canonical(world)` gzip-compressed in
`<log dir>/mondes/<sha256>.json.gz` (written once, atomically, fsync'ed before the header
that names it) and the header keeps `world_sha256`. The header is in the hash chain, so the
world stays as tamper-evident as an inline one: a reader checks the file's SHA-256 against
the header before trusting it. The gzip stream carries no name or time: same world, same
bytes.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import struct
import threading
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

from simulator.log.errors import LogError
from simulator.oserrors import os_reason

WORLD_DIR = "mondes"
WORLD_KEY = "world"
WORLD_REF_KEY = "world_sha256"
MAX_WORLD_BYTES = 256 * 1024 * 1024    # decompressed; a session world (120 companies) is ~0.4 MB
_SHA = re.compile(r"[0-9a-f]{64}")
_RENAME_OPEN = os.name == "posix"    # Windows cannot rename a file open without share-delete
_SPLIT_BYTES = 256 * 1024          # larger worlds: two members compressed in parallel
_CHUNK = 1024 * 1024
_LEVEL = 1          # 2 ms and ~77 KB for a session world (level 6: 5 ms, 60 KB)


def world_sha256(text: str) -> str:
    """SHA-256 hex of a world's canonical text (the name of its file)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def world_path(log_dir: str | Path, sha: str) -> Path:
    """Where a by-hash world lives: `<log dir>/mondes/<sha256>.json.gz`."""
    return Path(log_dir) / WORLD_DIR / f"{sha}.json.gz"


def store_world(log_dir: str | Path, text: str) -> str:
    """Store a world's canonical text in `log_dir/mondes/` (once per hash); return its sha.

    A header never names a world that a power cut could lose: the file is fsync'ed, and
    its directory, before this returns. The new file is written under a temporary name and
    renamed *before* its fsync, so the data, the new name and the directory entry go to
    disk in one journal commit instead of two (a new world was 1.8x a bare header write).
    A crash between the rename and the fsync can leave a short or empty file under the
    final name, and no header names it yet; so an existing file is kept only if its gzip
    trailer (CRC-32 and length of the text) is this world's, and is fsync'ed (free when
    already on disk) in case another process has just renamed it. Anything else is
    rewritten.
    """
    raw = text.encode("utf-8")
    sha = world_sha256(text)
    target = world_path(log_dir, sha)
    if _complete(target, raw):
        return sha
    new_folder = not target.parent.is_dir()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha}.{os.getpid()}.tmp")
        data = _compress(raw)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0),
                     0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if _RENAME_OPEN:
                os.replace(tmp, target)
            os.fsync(fd)
        finally:
            os.close(fd)
        if not _RENAME_OPEN:
            os.replace(tmp, target)
        _sync_dir(target.parent)
        if new_folder:                     # `mondes/` itself must survive before the header
            _sync_dir(target.parent.parent)
    except OSError as exc:
        with contextlib.suppress(OSError, UnboundLocalError):
            tmp.unlink()
        raise LogError(f"Impossible d'enregistrer le monde de la session dans "
                       f"{target.parent} : {os_reason(exc)}.") from None
    return sha


def _complete(target: Path, raw: bytes) -> bool:
    """Whether `target` ends as the gzip of `raw` does (then fsync'ed); False if absent."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        size = os.fstat(fd).st_size
        if size < 20:                       # a gzip header and trailer at the very least
            return False
        trailer = os.pread(fd, 8, size - 8)
        last = _halves(raw)[-1]
        expected = {struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
                    for data in (raw, last)}      # one member (older files) or two
        if trailer not in expected:
            return False
        os.fsync(fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _halves(raw: bytes) -> list[bytes]:
    """A large world is compressed as two gzip members (RFC 1952 allows several; every
    gzip reader joins them), split at a fixed point so the same world gives the same bytes,
    and the two compress in parallel (zlib releases the GIL): a first store costs less."""
    if len(raw) < _SPLIT_BYTES:
        return [raw]
    middle = len(raw) // 2
    return [raw[:middle], raw[middle:]]


def _compress(raw: bytes) -> bytes:
    """Gzip member(s) without file name nor time (mtime 0): reproducible bytes."""
    parts = _halves(raw)
    if len(parts) == 1:
        return gzip.compress(raw, compresslevel=_LEVEL, mtime=0)
    out: list[bytes] = []
    worker = threading.Thread(
        target=lambda: out.append(gzip.compress(parts[0], compresslevel=_LEVEL, mtime=0)))
    worker.start()
    last = gzip.compress(parts[1], compresslevel=_LEVEL, mtime=0)
    worker.join()
    return out[0] + last


def _sync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_State = tuple[str, str, int, int, int, int]
_LOADED: OrderedDict[_State, dict[str, Any]] = OrderedDict()
_KEEP = 8


def load_world(log_dir: str | Path, sha: str) -> dict[str, Any]:
    """The world named by a header's `world_sha256`, checked; LogError (French) otherwise.

    A cohort's logs mostly share a few worlds: the last `_KEEP` worlds parsed are kept
    (keyed by the file's state, `_file_state`) and the same dict is handed to every
    log that names it. Treat it as read-only, as every reader of a snapshot does.
    """
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise LogError("en-tête invalide : « world_sha256 » n'est pas une empreinte SHA-256")
    path = world_path(log_dir, sha)
    key = _file_state(path, sha)
    if key is not None and key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    world = _read_world(path, sha)
    if key is not None:
        _LOADED[key] = world
        while len(_LOADED) > _KEEP:
            _LOADED.popitem(last=False)
    return world


def _file_state(path: Path, sha: str) -> _State | None:
    """The cache key of a world file: path, hash, size, inode, modification and change
    times (the kernel sets the change time on any write, even one whose modification time
    is set back afterwards: a file rewritten in place is read again)."""
    try:
        info = path.stat()
        return (str(path.resolve()), sha, info.st_size, info.st_ino, info.st_mtime_ns,
                info.st_ctime_ns)
    except OSError:
        return None


def _state(log_dir: str | Path, sha: str) -> _State | None:
    return _file_state(world_path(log_dir, sha), sha)


def cached_world(log_dir: str | Path, sha: str) -> dict[str, Any] | None:
    """The world `load_world` parsed last for that very file, if still kept (no reading)."""
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        return None
    key = _state(log_dir, sha)
    if key is None or key not in _LOADED:
        return None
    _LOADED.move_to_end(key)
    return _LOADED[key]


def keep_world(log_dir: str | Path, sha: str, world: dict[str, Any]) -> None:
    """Keep a world parsed from text checked against `sha` (`world_bytes`), as
    `load_world` keeps what it parses: the next log naming it reads nothing."""
    key = _state(log_dir, sha)
    if key is None:
        return
    _LOADED[key] = world
    while len(_LOADED) > _KEEP:
        _LOADED.popitem(last=False)


_CHECKED: OrderedDict[_State, None] = OrderedDict()
_KEEP_CHECKED = 4096


def check_world(log_dir: str | Path, sha: str) -> None:
    """The world a header names exists and matches its hash; LogError (French) otherwise.

    What `load_world` checks, without parsing the JSON: for a reader that needs the world
    only when it re-executes the session (scoring with a verification cache hit). The
    bytes of that hash were parsed as an object when the log was first verified.
    """
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise LogError("en-tête invalide : « world_sha256 » n'est pas une empreinte SHA-256")
    path = world_path(log_dir, sha)
    key = _file_state(path, sha)
    if key is not None and (key in _CHECKED or key in _LOADED):
        return
    _read_world(path, sha, parse=False)
    if key is not None:
        _remember(path, sha)


def world_bytes(log_dir: str | Path, sha: str) -> bytes:
    """The canonical text of a by-hash world, checked against `sha` but not parsed."""
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise LogError("en-tête invalide : « world_sha256 » n'est pas une empreinte SHA-256")
    path = world_path(log_dir, sha)
    raw = _raw_world(path, sha)
    _remember(path, sha)
    return raw


def _remember(path: Path, sha: str) -> None:
    """Note that the file of `sha` was just checked (`check_world` need not read it)."""
    key = _file_state(path, sha)
    if key is None:
        return
    _CHECKED[key] = None
    while len(_CHECKED) > _KEEP_CHECKED:
        _CHECKED.popitem(last=False)


def _read_world(path: Path, sha: str, *, parse: bool = True) -> dict[str, Any]:
    raw = _raw_world(path, sha)
    if not parse:
        return {}
    try:
        world = json.loads(raw)
    except (ValueError, RecursionError):
        world = None
    if not isinstance(world, dict):
        shown = f"{WORLD_DIR}/{sha[:12]}….json.gz"
        raise LogError(f"monde de la session illisible ({shown}) : objet JSON attendu")
    return world


def _raw_world(path: Path, sha: str) -> bytes:
    shown = f"{WORLD_DIR}/{sha[:12]}….json.gz"
    try:
        with gzip.open(path, "rb") as stream:
            # In chunks: read(MAX_WORLD_BYTES + 1) would allocate the whole limit at once.
            chunks: list[bytes] = []
            total = 0
            while total <= MAX_WORLD_BYTES:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            raw = b"".join(chunks)
    except FileNotFoundError:
        raise LogError(f"monde de la session introuvable : {shown} doit accompagner le journal "
                       f"(copiez le dossier « {WORLD_DIR} » avec les journaux)") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise LogError(f"monde de la session illisible ({shown}) : "
                       f"{os_reason(exc) if isinstance(exc, OSError) else exc}") from None
    if len(raw) > MAX_WORLD_BYTES:
        raise LogError(f"monde de la session trop volumineux ({shown})")
    if hashlib.sha256(raw).hexdigest() != sha:
        raise LogError(f"monde de la session altéré : l'empreinte de {shown} ne correspond "
                       "plus à celle de l'en-tête")
    return raw
