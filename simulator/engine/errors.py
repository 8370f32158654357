"""Errors raised by the session engine, with French messages."""

from __future__ import annotations

from simulator.scenario.model import Pos


class EngineError(Exception):
    """An input the session cannot take, or a runtime fault of the scenario.

    `pos` points at the scenario element at fault (runtime errors), None for a bad input.
    """

    def __init__(self, message: str, pos: Pos | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos is not None else self.message


class ScenarioRuntimeError(EngineError):
    """The scenario itself is at fault (undefined name, bad type): fuzz reports these."""


class LimitExceeded(ScenarioRuntimeError):
    """An effect would make a variable too big (number) or too long (text).

    Unbounded growth (`n = n * n`, `t = t + t` on a choice taken in a loop) would exhaust
    memory and the disk: the session stops cleanly instead (docs/CONTRACTS.md §5).
    """
