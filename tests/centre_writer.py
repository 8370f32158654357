"""A process that registers fake sessions event by event (for the concurrency tests).

    python tests/centre_writer.py NAME SESSIONS EVENTS

Prints « seq N » after each event is committed, so a test can kill it at any moment and
know what the records must hold.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from simulator.centre import SessionRecorder


class FakeSession:
    """Just what SessionRecorder needs: header(), events, subscribe()."""

    def __init__(self, sid: str, trainee: str) -> None:
        self.sid = sid
        self.trainee = trainee
        self._events: list[dict[str, Any]] = []
        self._listeners: list[Callable[[dict[str, Any]], None]] = []

    def header(self) -> dict[str, Any]:
        return {"session_id": self.sid, "trainee": self.trainee, "mode": "entrainement",
                "seed": 1, "started_at": "2026-11-28T10:00:00+00:00",
                "scenario": {"id": "demo", "version": "1", "sha256": "0" * 64}}

    @property
    def events(self) -> list[dict[str, Any]]:
        return list(self._events)

    def subscribe(self, callback: Callable[[dict[str, Any]], None]) -> None:
        self._listeners.append(callback)

    def emit(self, kind: str) -> None:
        event = {"seq": len(self._events) + 1, "t_ms": 0, "type": kind, "data": {},
                 "time": "2026-11-28T10:00:01+00:00", "hash": f"h{len(self._events) + 1}"}
        self._events.append(event)
        for callback in self._listeners:
            callback(event)


def main() -> int:
    name, sessions, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    warnings: list[str] = []
    for s in range(sessions):
        session = FakeSession(f"{name}-{s}", f"{name} {s}")
        recorder = SessionRecorder(log_path=None, on_error=warnings.append)
        recorder.attach(session)
        for i in range(events):
            session.emit("session_started" if i == 0 else "node_entered")
            print(f"seq {session.sid} {i + 1}", flush=True)
        recorder.close()
    for warning in warnings:
        print(f"WARNING {warning}", flush=True)
    return 1 if warnings else 0


if __name__ == "__main__":
    raise SystemExit(main())
