"""Scenario language: loading with positions, static checks, compilation, graph export.

Public API (see docs/CONTRACTS.md §1):
`load_scenario`, `validate`, `shipped_scenarios`, `resolve`, `format_problem`,
`Problem`, `ScenarioInvalid`, `ScenarioNotFound`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.scenario.library import ScenarioNotFound, resolve, shipped_scenarios

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario
    from simulator.scenario.problems import Problem, ScenarioInvalid, format_problem

_LAZY = ("Problem", "ScenarioInvalid", "display_path", "format_problem")


def __getattr__(name: str) -> Any:
    """The model and problem types load on first use: listing the library (home screen,
    `ntc scenarios list` from its summary cache) never needs them."""
    if name in _LAZY:
        from simulator.scenario import problems

        return getattr(problems, name)
    if name == "Scenario":
        from simulator.scenario.model import Scenario

        return Scenario
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Problem",
    "ScenarioInvalid",
    "ScenarioNotFound",
    "format_problem",
    "load_scenario",
    "resolve",
    "shipped_scenarios",
    "validate",
]


def _display(path: Path) -> str:
    from simulator.scenario.display import display_of

    return display_of(path)


def analyse(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """Load and check one file; the scenario is None when it cannot be built at all."""
    from simulator.scenario.checks import check_scenario
    from simulator.scenario.loader import load_file

    scenario, problems = load_file(path, _display(path))
    if scenario is not None:
        problems = problems + check_scenario(scenario)
    return scenario, _sorted(problems)


def validate(path: str | Path) -> list[Problem]:
    """Every problem of a scenario file (YAML, model, static checks), sorted by position."""
    return analyse(Path(path))[1]


def load_scenario(path_or_id: str | Path) -> Scenario:
    """A checked scenario; raises ScenarioInvalid(problems) or ScenarioNotFound."""
    from simulator.scenario import scenariocache
    from simulator.scenario.problems import Problem, ScenarioInvalid

    path = resolve(path_or_id)
    display = _display(path)
    hit = scenariocache.cached(path, display)
    if hit is not None:
        return hit
    scenario, problems = analyse(path)
    if scenario is None and not problems:
        from simulator.scenario.model import Pos

        problems = [Problem(Pos(_display(path), 1, 1), (
            "ce fichier est un fragment (« fragment: ») : il s'inclut depuis un scénario avec "
            "« inclure », il ne se joue pas seul"))]
    if scenario is None or any(p.is_error for p in problems):
        raise ScenarioInvalid([p for p in problems if p.is_error] or problems)
    scenariocache.store(path, display, scenario)
    return scenario


def _sorted(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.pos.path, p.pos.line, p.pos.col)):
        key = (p.pos, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
