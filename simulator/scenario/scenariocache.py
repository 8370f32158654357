"""Cache of checked scenarios, so `replay --verify`, scoring and `ntc run` skip the loader.

Loading and checking a scenario (YAML tree → model → static checks) is most of a
`replay --verify` of a short session. A scenario that loaded without error is stored as
plain JSON (tagged lists for tuples, dicts, frozensets and the model's dataclasses; no
pickle, nothing executable) in `<data dir>/cache/scenarios/<key>.json`, the key being the
SHA-256 of the file's bytes, of the name shown in messages, of the path and of the
scenario package's source (so any change of the loader or the checks misses). Included
fragments are named in the entry with the SHA-256 of their bytes and compared on every
hit. Only the model's own dataclasses can be rebuilt; a damaged, stale or unreadable
entry is a miss (the file is loaded and checked again), never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario

FORMAT = 2                 # 2: the scenario's sha256 beside its model (`cached_digest`)
_PACKAGE = Path(__file__).resolve().parent
_code_key: str | None = None


@lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    """The model's dataclasses by name (the model is imported on first decode only: a
    warm `ntc score` asks the digest of a scenario, never its model)."""
    from simulator.scenario import model

    return {name: cls for name, cls in vars(model).items()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)
            and cls.__module__ == model.__name__}


class _Miss(Exception):
    """The entry cannot be used as it is."""


def _code() -> str:
    """Digest of the scenario package's source, the cache format and Python's version."""
    global _code_key
    if _code_key is None:
        digest = hashlib.sha256(f"{FORMAT}\0{sys.version}".encode())
        for source in sorted(_PACKAGE.glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
        _code_key = digest.hexdigest()
    return _code_key


def cache_dir() -> Path:
    from simulator.datadir import data_dir

    return data_dir() / "cache" / "scenarios"


def _entry(path: Path, display: str) -> Path | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(f"{_code()}\0{display}\0{path}\0".encode("utf-8", "surrogateescape")
                         + data).hexdigest()
    return cache_dir() / f"{key}.json"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read(path: Path, display: str) -> dict[str, Any] | None:
    """The entry of `path` as it is now, its fragments unchanged; None for a miss."""
    entry = _entry(path, display)
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        for rel, digest in data["fragments"]:
            if _digest(path.parent / rel) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None
    return data


def cached(path: Path, display: str) -> Scenario | None:
    """The checked scenario of `path` from the cache, or None (load it)."""
    from simulator.scenario.model import Scenario

    data = _read(path, display)
    if data is None:
        return None
    try:
        scenario = _decode(data["scenario"])
    except (ValueError, KeyError, TypeError, IndexError, RecursionError, _Miss):
        return None
    if not isinstance(scenario, Scenario) or scenario.path != str(path) \
            or scenario.sha256 != data.get("sha256"):
        return None
    return scenario


def cached_digest(path: Path, display: str) -> str | None:
    """`Scenario.sha256` of what `cached(path, display)` would return, without building the
    model; None for a miss. The entry holds the two together (written by `store`)."""
    data = _read(path, display)
    digest = data.get("sha256") if data is not None else None
    return digest if isinstance(digest, str) and digest else None


def store(path: Path, display: str, scenario: Scenario) -> None:
    """Remember a scenario that loaded without error (files just edited are not stored)."""
    from simulator.scenario.composecache import SETTLED_S, _store

    files = [path, *(path.parent / rel for rel in scenario.includes)]
    try:
        if any(time.time() - f.stat().st_mtime <= SETTLED_S for f in files):
            return
    except OSError:
        return
    entry = _entry(path, display)
    fragments = [[rel, _digest(path.parent / rel)] for rel in scenario.includes]
    if entry is None or any(d is None for _, d in fragments):
        return
    try:
        encoded = _encode(scenario)
    except (TypeError, RecursionError):
        return
    _store(entry.parent, entry, {"format": FORMAT, "fragments": fragments,
                                 "sha256": scenario.sha256, "scenario": encoded})


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return ["t", *(_encode(v) for v in value)]
    if isinstance(value, list):
        return ["l", *(_encode(v) for v in value)]
    if isinstance(value, dict):
        out: list[Any] = ["d"]
        for k, v in value.items():
            out.append(_encode(k))
            out.append(_encode(v))
        return out
    if isinstance(value, frozenset):
        return ["f", *(_encode(v) for v in value)]
    name = type(value).__name__
    known: Any = _classes().get(name)
    if known is not None and known is type(value):
        return ["c", name, *(_encode(getattr(value, f.name))
                             for f in dataclasses.fields(known))]
    raise TypeError(f"not cacheable: {type(value).__name__}")


def _decode(value: Any) -> Any:
    """Inverse of `_encode`; scalars are taken as they are without a call (most values)."""
    if type(value) is not list:
        if isinstance(value, dict):
            raise _Miss
        return value
    tag = value[0]
    raw = value[2:] if tag == "c" else value[1:]
    if dict in map(type, raw):
        raise _Miss                    # a JSON object is never one of our values
    items = [v if type(v) is not list else _decode(v) for v in raw]
    if tag == "c":
        cls = _classes().get(value[1])
        if cls is None:
            raise _Miss
        return cls(*items)
    if tag == "t":
        return tuple(items)
    if tag == "d":
        return {items[i]: items[i + 1] for i in range(0, len(items), 2)}
    if tag == "l":
        return items
    if tag == "f":
        return frozenset(items)
    raise _Miss

