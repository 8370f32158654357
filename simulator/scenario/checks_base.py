"""State shared by the static checks of one scenario, and the position helper they use."""

from __future__ import annotations

import re

from simulator.scenario.model import Pos, Scenario
from simulator.scenario.names import WORLD_ROOTS
from simulator.scenario.problems import Problem, Severity
from simulator.scenario.referential import load_referential_ids

_WORD = re.compile(r"[A-Za-z_]\w*")


def shift(pos: Pos, column: int) -> Pos:
    """Position of the `column`-th character (1-based) of a text starting at `pos`."""
    return Pos(pos.path, pos.line, pos.col + max(column, 1) - 1)


class CheckerBase:
    """What every check reads (the scenario, the known names) and writes (problems)."""

    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.problems: list[Problem] = []
        self.known = set(scenario.variables) | set(WORLD_ROOTS)
        self.used_vars: set[str] = set()       # read somewhere (condition, text, value)
        self.written_vars: set[str] = set()    # target of an effect
        self.tested_vars = {name for plan in scenario.tests if plan.expect is not None
                            for name in plan.expect.variables}
        self.needs = ({n.id for n in scenario.persona.hidden_needs}
                      if scenario.persona else set())
        self.revealed: set[str] = set()
        self.task_nodes = {n.id for n in scenario.nodes.values() if n.kind == "tache"}
        self.task_fields = {f.id for n in scenario.nodes.values() if n.kind == "tache"
                            for f in n.fields}
        self.ref = load_referential_ids(scenario.referential)
        self._sources: dict[str, list[str]] = {}
        if not any(n.kind == "negociation" for n in scenario.nodes.values()):
            # `produit` is the product of the negotiation being played: none here.
            self.known.discard("produit")

    def report(self, pos: Pos, message: str, severity: Severity = "erreur") -> None:
        self.problems.append(Problem(pos, message, severity))

    def where(self, key: str) -> Pos:
        return self.sc.positions.get(key, self.sc.pos)
