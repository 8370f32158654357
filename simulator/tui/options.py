"""How the app is launched: data directory, clock, first screen. Built by the CLI or tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.tui.clock import Clock, SystemClock


@dataclass(frozen=True)
class PlayRequest:
    """Open the app directly in a scenario (`ntc play`)."""

    scenario: str                 # shipped id or path
    seed: int | None = None       # None: a fresh seed in training, 1 in exam
    trainee: str | None = None
    mode: str | None = None
    watch: bool = False           # reload on save and replay the inputs (`ntc play --watch`)


@dataclass
class AppOptions:
    """Everything that varies between a real run and a test run."""

    data_dir: Path
    clock: Clock = field(default_factory=SystemClock)
    # The trainee's name when the launcher already knows it; None: asked at start.
    trainee: str | None = None
    # Served in a browser by `ntc serve`: the machine is shared by a whole classroom, so the
    # last trainee is not suggested and the shared profile file is not rewritten.
    served: bool = False
    cursor_blink: bool = True
    play: PlayRequest | None = None
    replay: Path | None = None
    # Seed of the sessions opened from the home screen (None: a fresh one in training).
    seed: int | None = None
    # Print a marker and exit once the first screen is ready (start-up benchmark).
    exit_when_ready: bool = False
