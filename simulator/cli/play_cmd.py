"""Commands registered by this module (being built; see docs/CONTRACTS.md)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, scenario_commands: Any) -> None:
    """Add this module's sub-commands to the `ntc` parser."""
    del commands, scenario_commands


def _unused(args: argparse.Namespace) -> int:
    return 0
