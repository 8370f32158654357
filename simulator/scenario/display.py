"""How a scenario file is named to its author (and its cache entries keyed): a module of
its own, importing nothing of the package, so the problems, the library and the caches all
use this one rule without an import cycle."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str) -> str:
    """Path shown to the author: relative to the current directory when inside it."""
    if not path or not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def display_of(path: Path) -> str:
    """The name a scenario file is shown (and its cache entries keyed) by."""
    return display_path(str(path.resolve())) if path.is_absolute() else str(path)
