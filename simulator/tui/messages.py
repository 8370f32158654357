"""Messages screens send to the app (they bubble up from any screen)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass
class ReplayRequested(Message):
    """Open the evaluator replay of a session log."""

    path: Path
