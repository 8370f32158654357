"""Problems found in a scenario: where, what (in French), how serious.

Every stage (YAML reading, model building, static checks) reports through `Problem` so the
CLI can print them all the same way: `path:line:col: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.scenario.display import display_path
from simulator.scenario.model import Pos

Severity = Literal["erreur", "avertissement"]


@dataclass(frozen=True)
class Problem:
    pos: Pos
    message: str
    severity: Severity = "erreur"

    @property
    def is_error(self) -> bool:
        return self.severity == "erreur"

    def __str__(self) -> str:
        return format_problem(self)


class ScenarioInvalid(Exception):
    """A scenario cannot be used; `problems` lists every reason found (errors first)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (not p.is_error, p.pos.path,
                                                        p.pos.line, p.pos.col))
        first = self.problems[0] if self.problems else None
        super().__init__(format_problem(first) if first else "scénario invalide")


def format_problem(p: Problem) -> str:
    """`path:line:col: message` (warnings say so after the position)."""
    prefix = f"{display_path(p.pos.path)}:{p.pos.line}:{p.pos.col}: "
    if p.severity == "avertissement":
        return f"{prefix}avertissement : {p.message}"
    return prefix + p.message
