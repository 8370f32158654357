"""The engine's shape: one module per node kind, no import cycle, modules of one job."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from import_graph import ROOT, cycles, graph

from simulator.engine.events import INPUT_TYPES, SESSION_INPUTS
from simulator.engine.nodes import KINDS, REFUSALS
from simulator.scenario.model import NODE_KINDS


def test_every_node_kind_has_its_module() -> None:
    assert set(KINDS) == set(NODE_KINDS)
    for kind, module in KINDS.items():
        assert kind == module.KIND
        assert module.ACCEPTS <= INPUT_TYPES, kind
        assert callable(module.enter) and callable(module.after_choice)
    accepted = set().union(*(m.ACCEPTS for m in KINDS.values()))
    # node inputs are accepted by some kind (refused by the others); session inputs by all
    assert accepted == INPUT_TYPES - SESSION_INPUTS == set(REFUSALS)
    assert frozenset() == KINDS["fin"].ACCEPTS
    assert "offer_made" in KINDS["negociation"].ACCEPTS
    assert "offer_made" not in KINDS["dialogue"].ACCEPTS


@pytest.mark.parametrize("package", ["simulator.engine", "simulator.tui", "simulator",
                                     "scoring"])
def test_no_import_cycle(package: str) -> None:
    found = cycles(graph(package))
    assert not found, "\n".join(" -> ".join(c) for c in found)


def test_the_graph_sees_lazy_imports() -> None:
    """A function-level import counts (else the cycle test could not fail)."""
    edges = graph("simulator.engine")
    assert "simulator.engine.rerun" in edges["simulator.engine.session"]   # in resume()
    assert "simulator.engine.session" not in edges["simulator.engine.rerun"]  # TYPE_CHECKING
    assert "simulator.engine.session" in edges["simulator.engine.replay"]


def _screen_of(module: str) -> str | None:
    """`simulator.tui.screens.session.forms` belongs to the screen `session`."""
    parts = module.split(".")
    if parts[:3] != ["simulator", "tui", "screens"] or len(parts) < 4:
        return None
    return parts[3]


def test_screens_never_import_the_app_or_each_other() -> None:
    edges = graph("simulator.tui")
    seen = set()
    for module, targets in edges.items():
        screen = _screen_of(module)
        if screen is None:
            continue
        seen.add(screen)
        assert "simulator.tui.app" not in targets, module
        others = {t for t in targets if _screen_of(t) not in (None, screen)}
        assert not others, module
    assert {"session", "home", "debrief"} <= seen


def test_a_screen_package_is_one_screen() -> None:
    """A screen split into a package may import its own parts, and only those."""
    assert _screen_of("simulator.tui.screens.session.forms") == "session"
    assert _screen_of("simulator.tui.screens.session") == "session"
    assert _screen_of("simulator.tui.screens") is None
    assert _screen_of("simulator.tui.widgets.offer_form") is None
    edges = graph("simulator.tui")
    assert "simulator.tui.screens.session.forms" in edges["simulator.tui.screens.session"]


@pytest.mark.parametrize("module", ["simulator.engine.replay", "simulator.engine.nodes",
                                    "simulator.engine.nodes.negotiation",
                                    "simulator.engine.answers"])
def test_engine_module_imports_first(module: str) -> None:
    """Each imports in a fresh interpreter without the session imported before it."""
    code = f"import {module}; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_engine_modules_stay_small() -> None:
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "simulator" / "engine").rglob("*.py")}
    assert sizes and max(sizes.values()) <= 420, sorted(sizes.items(), key=lambda x: -x[1])[:3]


def test_answers_rule_lives_in_the_engine() -> None:
    assert not (ROOT / "simulator" / "tui" / "services" / "answers.py").exists()
    assert Path(ROOT / "simulator" / "engine" / "answers.py").is_file()
