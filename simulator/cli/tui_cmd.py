"""`ntc` with no command, `ntc play`: open the Textual app."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `play` (opens the app in a scenario)."""
    del commands, scenario_commands


def open_home(args: argparse.Namespace) -> int:
    """Open the home screen (until the app exists: print the scenario catalogue)."""
    print("Simulateur NTC — l'application arrive ; catalogue : ntc scenarios list")
    return 0
