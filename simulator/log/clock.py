"""Session time: monotonic offsets in ms for `t_ms`, wall-clock ISO strings for `time`.

Wall-clock time is recorded, never used for decisions; `Clock` is injectable so tests and
replays control it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


def now_iso() -> str:
    """Current UTC time, ISO 8601 with milliseconds (`2026-11-28T10:00:01.234+00:00`)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Clock:
    """Milliseconds since the session started, from a monotonic source.

    `offset_ms` continues a resumed session where its last event left off; `monotonic`
    and `wall` can be replaced (see `ManualClock`).
    """

    def __init__(
        self,
        offset_ms: int = 0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], str] = now_iso,
    ) -> None:
        self._monotonic = monotonic
        self._wall = wall
        self._start = monotonic()
        self.offset_ms = offset_ms

    def ms(self) -> int:
        """Milliseconds elapsed since the session start (never decreasing)."""
        return self.offset_ms + int((self._monotonic() - self._start) * 1000)

    def now_iso(self) -> str:
        """Wall-clock time as recorded in events."""
        return self._wall()

    def stamp(self) -> tuple[int, str]:
        """`(t_ms, time)` for the next event."""
        return self.ms(), self.now_iso()


class ManualClock(Clock):
    """A clock that only moves when told to (tests, replays)."""

    def __init__(self, offset_ms: int = 0, wall: str = "2026-01-01T00:00:00.000+00:00") -> None:
        self._now = 0.0
        self._fixed_wall = wall
        super().__init__(offset_ms, monotonic=self._read, wall=self._read_wall)

    def _read(self) -> float:
        return self._now

    def _read_wall(self) -> str:
        return self._fixed_wall

    def advance(self, ms: int) -> None:
        """Move the clock forward by `ms` milliseconds."""
        self._now += ms / 1000
