"""The app's data directory: the user's (platformdirs), or `$NTC_DATA_DIR` when set.

One rule for every package (TUI profile and sessions, centre records, caches); nothing
here creates the directory.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "NTC_DATA_DIR"


def data_dir() -> Path:
    """The app's data directory (not created here)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ntc-simulateur", appauthor=False))
