"""Everything a user reads, gathered for the French text check (tests/test_french_text.py).

Scenario texts are rendered with the world of several seeds (names change the French),
UI and CLI strings are read from the source (string literals of the modules that talk to
users), and reports are produced from shipped session logs.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Dataclass fields holding user-facing strings (besides `Text` values).
TEXT_FIELDS = frozenset({"justification", "reason", "coach", "label", "text", "title",
                         "feedback", "options", "libelle"})


def scenario_texts(scenario: Any) -> Iterator[str]:
    """Every text of a loaded scenario, as written (placeholders unfilled)."""
    from simulator.scenario.model import Text

    seen: set[int] = set()

    def walk(value: Any, field: str = "") -> Iterator[str]:
        if id(value) in seen:
            return
        if isinstance(value, Text):
            yield value.value
        elif isinstance(value, str):
            if field in TEXT_FIELDS:
                yield value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            seen.add(id(value))
            for f in dataclasses.fields(value):
                if f.name in ("positions", "pos", "path", "sha256", "tests"):
                    continue
                yield from walk(getattr(value, f.name), f.name)
        elif isinstance(value, dict):
            seen.add(id(value))
            for item in value.values():
                yield from walk(item, field)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from walk(item, field)

    yield from walk(scenario)


def rendered_scenario_lines(seeds: tuple[int, ...]) -> Iterator[tuple[str, str]]:
    """(where, text) for each shipped scenario's texts filled with the world of each seed."""
    from simulator.engine import Session
    from simulator.engine.text import render
    from simulator.french.typography import typeset
    from simulator.scenario import load_scenario
    from simulator.scenario.library import shipped_ids

    for sid in shipped_ids():
        scenario = load_scenario(sid)
        texts = sorted(set(scenario_texts(scenario)))
        for seed in seeds:
            session = Session(scenario, seed=seed, trainee="Camille Martin", mode="entrainement")
            world = dict(session.world)
            variables = dict(getattr(session, "variables", {}) or {})

            def lookup(name: str, world: dict[str, Any] = world,
                       variables: dict[str, Any] = variables) -> object:
                if name == "stagiaire":
                    return "Camille Martin"
                if name == "mode":
                    return "entrainement"
                if name == "humeur":
                    return "neutre"
                if name in variables:
                    return variables[name]
                return world[name]

            for text in texts:
                # As displayed: the TUI and the CLI set French no-break spaces on output.
                yield f"{sid} (graine {seed})", typeset(render(text, lookup))


def source_strings(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """(file:line, literal) for the string literals of the given modules, docstrings and
    code-like strings (no space and no letter) left out."""
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                    | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                               for v in node.values)
                yield f"{path.relative_to(ROOT)}:{node.lineno}", text
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and " " in node.value):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def user_facing_modules() -> list[Path]:
    """Modules whose strings users read: TUI, CLI, scoring reports and decisions."""
    out: list[Path] = []
    for folder in ("simulator/tui", "simulator/cli", "scoring"):
        out.extend(sorted((ROOT / folder).rglob("*.py")))
    return out
