"""Mutated scenarios never crash the loader, the checks, the compiler or the exporters."""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from simulator.scenario import validate
from simulator.scenario.compile import compile_machine
from simulator.scenario.graph import to_dot, to_mermaid
from simulator.scenario.loader import load_file

VALID = Path(__file__).parent / "data" / "valid"
REPLACEMENTS: list[Any] = [
    None, 0, -1, 1.5, True, "", "x", "no", [], {}, [1, "a"], {"a": 1}, "{client.x}", "1 +",
    "C9.9", [None], {"id": None}, "15:00",
]


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            out += _paths(value, (*prefix, i))
    return out


class _Model:
    pass


def test_structural_mutations_never_crash(tmp_path: Path) -> None:
    shutil.copytree(VALID / "fragments", tmp_path / "fragments")
    base = yaml.safe_load((VALID / "mini.yaml").read_text(encoding="utf-8"))
    paths = [p for p in _paths(base) if p]
    rng = random.Random(2026)
    target = tmp_path / "mute.yaml"
    reported = 0
    for _ in range(120):
        doc = copy.deepcopy(base)
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            parent: Any = doc
            try:
                for key in path[:-1]:
                    parent = parent[key]
                if rng.random() < 0.2 and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                else:
                    parent[path[-1]] = copy.deepcopy(rng.choice(REPLACEMENTS))
            except (KeyError, IndexError, TypeError):
                continue
        target.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        problems = validate(target)
        reported += bool(problems)
        assert all(p.pos.line >= 1 and p.pos.col >= 1 and p.message for p in problems)
        scenario, _ = load_file(target)
        if scenario is not None:
            compile_machine(scenario, _Model())
            to_dot(scenario)
            to_mermaid(scenario)
    assert reported > 60       # most mutations are caught


def test_mermaid_ids_are_safe(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        'id: d\ntitre: "D"\nversion: "1.0"\ncompetences: [C1]\nduree: 10\ndebut: a-b\n'
        "noeuds:\n  a-b:\n    texte: \"A\"\n    choix:\n"
        "      - {id: x, texte: \"X\", suite: a_b}\n"
        "      - {id: y, texte: \"Y\", suite: 1fin}\n"
        "  a_b:\n    texte: \"B\"\n    choix:\n      - {id: z, texte: \"Z\", suite: 1fin}\n"
        "  1fin: {type: fin, issue: succes, texte: \"F\"}\n", encoding="utf-8")
    scenario, _ = load_file(path)
    assert scenario is not None
    text = to_mermaid(scenario)
    assert 'state "a-b" as a_b' in text and 'state "a_b" as a_b_1' in text
    assert "a_b --> a_b_1: x" in text and 'state "1fin" as n2_1fin' in text
