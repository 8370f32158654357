"""Where the app keeps its data (profile, session logs, centre records).

The user's data directory (platformdirs), or `$NTC_DATA_DIR` when set (tests and training
rooms that share a folder). Shared by the TUI, the CLI and the centre records.
"""

from __future__ import annotations

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
