"""Messages exchanged between widgets and screens of the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass
class ScenarioChosen(Message):
    """The trainee picked a scenario in the catalogue."""

    scenario_id: str


@dataclass
class ReplayRequested(Message):
    """Open the replay of a session log."""

    path: Path


@dataclass
class TranscriptJump(Message):
    """Show the transcript at the event `seq` (from a piece of evidence)."""

    seq: int
