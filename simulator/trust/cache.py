"""Verification cache: each log's content is re-executed once, not at every `ntc score`.

A session is only ever scored after its re-execution matched the recorded events. Re-running
the engine on a cohort of thousands of logs at every scoring would cost far more than
reading them, so a successful re-execution is remembered under a key naming exactly what it
proved: the log's final chain hash and size (its whole content), the scenario's sha256,
and the app and engine versions (the sha256 of the engine's and scenario compiler's source).
Any change of content, scenario or engine misses the cache and re-executes. The reading
itself (hash chain, signatures, ranges) is done at every run: only the replay is skipped.

Entries live in `<user data dir>/verifications/` (`NTC_DATA_DIR` honoured); a corrupt or
unreadable entry is a miss. `NTC_VERIFY_CACHE=0` disables the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.datadir import data_dir

ENV_DISABLE = "NTC_VERIFY_CACHE"
_FORMAT = "ntc-verif/1"
_SOURCES = ("engine", "scenario", "nlu", "world")


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """sha256 of the source of every package a replay depends on."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for package in _SOURCES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"?")
    return digest.hexdigest()


@dataclass(frozen=True)
class Replayed:
    """What a successful re-execution established about a log."""

    ended: bool          # the replayed session reached an end node
    node: str            # the node the replay stopped at


def cache_key(last_hash: str, size: int, scenario_sha: str) -> str:
    text = json.dumps([_FORMAT, last_hash, size, scenario_sha, engine_fingerprint()])
    return hashlib.sha256(text.encode()).hexdigest()


class VerificationCache:
    """Successful re-executions by content key (a directory of small JSON files)."""

    def __init__(self, directory: Path | None = None, *, enabled: bool | None = None) -> None:
        self.directory = directory or data_dir() / "verifications"
        self.enabled = (os.environ.get(ENV_DISABLE, "1") != "0") if enabled is None \
            else enabled

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Replayed | None:
        if not self.enabled:
            return None
        try:
            data: Any = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (not isinstance(data, dict) or data.get("format") != _FORMAT
                or data.get("key") != key or not isinstance(data.get("ended"), bool)
                or not isinstance(data.get("node"), str)):
            return None
        return Replayed(data["ended"], data["node"])

    def put(self, key: str, replayed: Replayed) -> None:
        """Remember a successful re-execution; a cache that cannot be written is skipped."""
        if not self.enabled:
            return
        path = self._file(key)
        record = {"format": _FORMAT, "key": key, "ended": replayed.ended,
                  "node": replayed.node}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(record), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
