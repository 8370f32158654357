"""Where the app keeps its data (profile, session logs, centre records).

The user's data directory (platformdirs), or `$NTC_DATA_DIR` when set (tests and training
rooms that share a folder). Shared by the TUI, the CLI and the centre records.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path

ENV_DATA_DIR = "NTC_DATA_DIR"


@lru_cache(maxsize=16)
def _given(override: str) -> Path:
    """`$NTC_DATA_DIR` as a path, built once per value (scoring asks for every log)."""
    return Path(override).expanduser()


def data_dir() -> Path:
    """The app's data directory (not created here)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return _given(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ntc-simulateur", appauthor=False))


def write_cache_file(path: str | os.PathLike[str], data: bytes) -> bool:
    """Write a cache entry whole or not at all (a temporary file renamed over it); False
    when the disk refuses: a cache that cannot be written is simply not used."""
    target = os.fspath(path)
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True
