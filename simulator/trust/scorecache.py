"""Session result cache: a log already scored is not read, audited and folded again.

A warm `ntc score` of a centre's cohort would otherwise redo, for every log, the chain
verification, the range checks, the world check and every analyser. The key names every
byte the result depends on, hashed raw (hashlib over the file read in chunks, no JSON
parse): the log file, its evaluation sidecar (or "none"), the by-hash world file it names in
`mondes/` (or "inline"), the sha256 of the scenario the replay resolves now and of the
shipped scenario of that id (provenance), a code version (the app version and every file of
`simulator/engine`, `log`, `trust`, `scenario`, `nlu`, `world`, `french` and `scoring/`),
the signing key's id and the referential. Same bytes and same code: the full path would
compute the same result, so the one it computed before (re-execution included) is reused;
any changed byte is a miss. Only accepted logs are stored: a refused log always takes the
full path. What is not a function of those bytes is done live on every hit by the caller
(`simulator.trust.bridge`): the centre-records check, the evaluation register, duplicates
and copies across the cohort.

Entries: `<data dir>/cache/scores/<key[:2]>/<key>.json`, plain JSON with a schema version
and the SHA-256 of the value; a corrupt, foreign or stale entry is a miss.
`NTC_SCORE_CACHE=0` (or `NTC_VERIFY_CACHE=0`) disables it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.datadir import data_dir, write_cache_file

ENV_DISABLE = "NTC_SCORE_CACHE"
FORMAT = "ntc-score/1"
_SOURCES = ("simulator/engine", "simulator/log", "simulator/trust", "simulator/scenario",
            "simulator/nlu", "simulator/world", "simulator/french", "scoring")
_CHUNK = 1 << 20
_HEAD_MAX = 64 << 20          # a header line past this is not cached (full path)


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 of the app version and of every file (sources and data: lexicons, dossiers,
    referentials) of the packages a scored result depends on."""
    root = Path(__file__).resolve().parent.parent.parent
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}".encode())
    for package in _SOURCES:
        for path in sorted((root / package).rglob("*")):
            if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
                continue
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


def raw_sha(path: str | Path, head: bool = False) -> tuple[str, bytes | None] | None:
    """(sha256 of the file's bytes, its first line when `head`); None when unreadable."""
    digest = hashlib.sha256()
    first: bytes | None = None
    buffer = b""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):    # a FIFO would block: not cached
            return None
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                if head and first is None:
                    buffer += chunk
                    at = buffer.find(b"\n")
                    if at >= 0:
                        first, buffer = buffer[:at], b""
                    elif len(buffer) > _HEAD_MAX:
                        return None
    except (OSError, ValueError):
        return None
    if head and first is None:
        first = buffer
    return digest.hexdigest(), first


WORLD_MEMO = "ntc-monde-vu/1"


@lru_cache(maxsize=8192)      # a cohort of many seeds: every world looked at once
def _world_sha(path: str, ident: tuple[int, ...]) -> str:
    """Raw sha256 of a world file in this state (`ident`: device, inode, size, mtime,
    ctime), remembered in the data dir so a warm run does not read every world again.

    The kernel sets a file's ctime on every change of its content or times, and no user
    program can set it back: a world written over, even with its mtime restored, has
    another identity and is hashed again. The memo is an optimisation only: anything
    unreadable or different is a miss."""
    memo = os.path.join(os.fspath(data_dir()), "cache", "mondes",
                        hashlib.sha256(os.path.abspath(path).encode(
                            "utf-8", "surrogateescape")).hexdigest() + ".json")
    try:
        with open(memo, "rb") as handle:
            kept: Any = json.loads(handle.read())
        if (isinstance(kept, dict) and kept.get("format") == WORLD_MEMO
                and kept.get("ident") == list(ident) and isinstance(kept.get("sha256"), str)):
            return str(kept["sha256"])
    except (OSError, ValueError, RecursionError):
        pass
    found = raw_sha(path)
    if found is None:
        return "unreadable"
    try:
        after = os.stat(path)
    except OSError:
        return found[0]
    if _identity(after) == ident:         # not changed while it was read: remember it
        write_cache_file(memo, json.dumps({"format": WORLD_MEMO, "ident": list(ident),
                                           "sha256": found[0]}).encode())
    return found[0]


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def world_part(log: str | Path, header: dict[str, Any]) -> str:
    """Raw sha256 of the by-hash world file the header names, "inline" or "none"."""
    from simulator.log.worlds import WORLD_DIR

    sha = header.get("world_sha256")
    if not isinstance(sha, str) or not sha:
        return "inline" if "world" in header else "none"
    # `world_path(parent, sha)` spelt with os.path: this runs for every log of a cohort.
    path = os.path.join(os.path.dirname(os.fspath(log)), WORLD_DIR, f"{sha}.json.gz")
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return "absent"
    # One hash per file state: a cohort on one seed shares its world file.
    return _world_sha(path, _identity(st))


_SCENARIO_DIGESTS: dict[tuple[Any, Any, Any], tuple[str, tuple[int, int, int], str]] = {}


def scenario_digest(header: dict[str, Any]) -> str | None:
    """sha256 of the scenario a replay of `header` resolves now; None when it would fail.

    Resolved once per (recorded path, id, recorded sha256) and process, then only the
    file that resolution found is examined again (same inode, time and size, and the
    recorded path still absent when the shipped scenario was taken instead)."""
    info = header["scenario"]
    recorded = info.get("path")
    memo = (recorded, info.get("id"), info.get("sha256"))
    try:
        hash(memo)
    except TypeError:
        return None
    kept = _SCENARIO_DIGESTS.get(memo)
    if kept is not None:
        file, ident, digest = kept
        try:
            st = os.stat(file)
            same = (st.st_ino, st.st_mtime_ns, st.st_size) == ident and (
                file == recorded or not isinstance(recorded, str) or not recorded
                or not os.path.isfile(recorded))
        except (OSError, ValueError):
            same = False
        if same:
            return digest
    found = _recorded_digest(recorded, info.get("sha256"))
    if found is None:
        from simulator.trust.lookup import resolve

        scenario, problem = resolve(header, None)
        if problem is not None or scenario is None:
            return None
        found = (scenario.path, str(scenario.sha256))
    file, digest = found
    try:
        st = os.stat(file)
    except (OSError, ValueError):
        return digest
    if len(_SCENARIO_DIGESTS) > 256:
        _SCENARIO_DIGESTS.clear()
    _SCENARIO_DIGESTS[memo] = (file, (st.st_ino, st.st_mtime_ns, st.st_size), digest)
    return digest


def _recorded_digest(recorded: Any, wanted: Any) -> tuple[str, str] | None:
    """(file, digest) of the scenario at the recorded path from the scenario cache alone,
    when the replay would load that very file (`rerun.scenario_for`: the recorded file
    first) and its cached digest is the recorded one; None otherwise (the caller resolves
    it the full way). Neither the engine nor the scenario model is imported for it."""
    if not isinstance(recorded, str) or not recorded or not isinstance(wanted, str):
        return None
    try:
        if not os.path.isfile(recorded):
            return None
    except (OSError, ValueError):
        return None
    from simulator.scenario import scenariocache
    from simulator.scenario.display import display_of

    path = Path(recorded)
    digest = scenariocache.cached_digest(path, display_of(path))
    return (str(path), digest) if digest is not None and digest == wanted else None


def session_key(path: str, key: bytes | None, referential_id: str) -> str | None:
    """The cache key of a log as its bytes are now; None when it cannot be cached (the
    full path then decides, and refuses what must be refused)."""
    from simulator.log import sidecar_file
    from simulator.log.keys import key_id
    from simulator.trust.provenance import shipped_sha256

    found = raw_sha(path, head=True)
    if found is None or not found[1]:
        return None
    log_sha, first = found
    try:
        header = json.loads(first or b"")
    except ValueError:
        return None
    if not isinstance(header, dict) or not isinstance(header.get("session_id"), str) \
            or not header["session_id"] or not isinstance(header.get("scenario"), dict):
        return None
    side = sidecar_file(path)
    try:
        os.stat(side)
    except FileNotFoundError:
        side_sha: tuple[str, bytes | None] | None = ("none", None)
    except (OSError, ValueError):
        return None
    else:
        side_sha = raw_sha(side)
    if side_sha is None:
        return None
    digest = scenario_digest(header)
    if digest is None:
        return None
    sid = header["scenario"].get("id")
    shipped = shipped_sha256(sid) if isinstance(sid, str) and sid else None
    parts = [FORMAT, log_sha, side_sha[0], world_part(path, header), digest,
             shipped or "none", code_version(), key_id(key) if key is not None else "none",
             referential_id]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


class ScoreCache:
    """Scored sessions by key (a directory of small JSON files)."""

    def __init__(self, directory: Path | None = None, *, enabled: bool | None = None) -> None:
        self.directory = directory or data_dir() / "cache" / "scores"
        self._root = os.fspath(self.directory)
        if enabled is None:
            enabled = all(os.environ.get(name, "1") != "0"
                          for name in (ENV_DISABLE, "NTC_VERIFY_CACHE"))
        self.enabled = enabled

    def _file(self, key: str) -> str:
        return os.path.join(self._root, key[:2], f"{key}.json")

    def _read(self, key: str) -> bytes | None:
        """The body stored under `key`, None for a miss (absent, corrupt, foreign, stale).

        An entry is two lines: `{"format", "key", "sha256"}` then the body, whose bytes
        must have that SHA-256 (a damaged file that still parses is a miss too)."""
        if not self.enabled:
            return None
        try:
            with open(self._file(key), "rb") as handle:
                head, _, body = handle.read().partition(b"\n")
            meta: Any = json.loads(head)
        except (OSError, ValueError, RecursionError):
            return None
        if (not isinstance(meta, dict) or meta.get("format") != FORMAT
                or meta.get("key") != key
                or meta.get("sha256") != hashlib.sha256(body).hexdigest()):
            return None
        return body

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored value of `key`; None for a miss."""
        body = self._read(key)
        if body is None:
            return None
        try:
            value: Any = json.loads(body)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> bool:
        """Remember a scored session (True once stored); a cache that cannot be written is
        skipped."""
        if not self.enabled:
            return False
        try:
            body = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (ValueError, TypeError):
            return False
        return self._write(key, body)

    def _write(self, key: str, body: bytes) -> bool:
        meta = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
        return write_cache_file(self._file(key), json.dumps(meta).encode() + b"\n" + body)


class ReportCache(ScoreCache):
    """A trainee's rendered report by `scoring.pending.chunk_key` (text files beside the
    session results, same entry format, same switch `NTC_SCORE_CACHE=0`)."""

    def __init__(self, directory: Path | None = None, *, enabled: bool | None = None) -> None:
        super().__init__(directory or data_dir() / "cache" / "rendus", enabled=enabled)

    def _file(self, key: str) -> str:
        return os.path.join(self._root, key[:2], f"{key}.txt")

    def raw(self, key: str) -> bytes | None:
        """The report kept under `key`, as the UTF-8 bytes of its text (written straight to
        the output by `scoring.render.stream`: decoding 34 MB of CSV to write it encoded again
        was a tenth of a warm run)."""
        return self._read(key)

    def keep(self, key: str, text: str) -> None:
        """Keep a report; one whose text is not plain UTF-8 (a path with undecodable bytes)
        is not kept, so what is given back is always exactly the text's UTF-8."""
        if not self.enabled:
            return
        try:
            body = text.encode("utf-8")
        except UnicodeEncodeError:
            return
        self._write(key, body)
