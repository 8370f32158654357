"""Time sources for the app, injectable so tests and snapshots are deterministic.

The engine receives offsets in ms from a monotonic clock (DESIGN.md §2: wall-clock time is
recorded, never used for decisions). Screens never call `time` directly: they ask the app's
clock, which tests replace with a `FakeClock`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the app needs to know about time."""

    def monotonic_ms(self) -> int:
        """Milliseconds since an arbitrary, fixed origin (never goes back)."""

    def now(self) -> datetime:
        """Current wall-clock time (aware, UTC)."""


class SystemClock:
    """The real clocks."""

    def monotonic_ms(self) -> int:
        return time.monotonic_ns() // 1_000_000

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when asked (or by `step_ms` at every reading)."""

    def __init__(self, start: datetime | None = None, step_ms: int = 0) -> None:
        self._start = start or datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
        self._ms = 0
        self.step_ms = step_ms

    def advance(self, ms: int) -> None:
        """Move the clock forward by `ms` milliseconds."""
        self._ms += ms

    def monotonic_ms(self) -> int:
        value = self._ms
        self._ms += self.step_ms
        return value

    def now(self) -> datetime:
        return self._start + timedelta(milliseconds=self._ms)
