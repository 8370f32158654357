"""Trainers' own scenarios on the home screen: listed as « scénario local », or with their
first error when they do not pass validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DEMO, AppFactory
from textual.widgets import Static, Tree

from simulator.authoring.local import ENV_SCENARIOS_DIR, local_dir, scan
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.home import HomeScreen


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "mes-scenarios"
    target.mkdir()
    text = Path(DEMO).read_text(encoding="utf-8")
    (target / "ma-relance.yaml").write_text(
        text.replace("id: demo-tui", "id: ma-relance", 1), encoding="utf-8")
    (target / "casse.yaml").write_text(text.replace("    choix:\n", "    choic:\n", 1),
                                       encoding="utf-8")
    (target / "fragment.yaml").write_text("fragment: f\nnoeuds: {}\n", encoding="utf-8")
    monkeypatch.setenv(ENV_SCENARIOS_DIR, str(target))
    return target


def test_scan_sorts_valid_and_invalid(folder: Path) -> None:
    found = scan(local_dir())
    assert [s.id for s in found.scenarios] == ["ma-relance"]
    assert len(found.invalid) == 1
    assert found.invalid[0].startswith("casse.yaml:")
    assert "champ inconnu « choic »" in found.invalid[0]


def test_default_folder_is_in_the_data_dir(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_SCENARIOS_DIR, raising=False)
    assert local_dir(tmp_path) is None
    (tmp_path / "scenarios").mkdir()
    shutil.copy(DEMO, tmp_path / "scenarios" / "a.yaml")
    assert local_dir(tmp_path) == tmp_path / "scenarios"


async def test_home_lists_local_scenarios(make_app: AppFactory, folder: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        local = [e for e in home.catalogue.entries if e.local]
        assert [e.id for e in local] == ["ma-relance"]
        tree = home.query_one("#scenarios", Tree)
        labels = []
        stack = [tree.root]
        while stack:
            node = stack.pop()
            labels.append((str(node.label), node))
            stack.extend(node.children)
        marked = [node for label, node in labels if "scénario local" in label]
        # one leaf per targeted competence, each the local scenario, and only it
        assert marked and all(n.data is not None and n.data.id == "ma-relance"
                              for n in marked)
        assert all("scénario local" not in label for label, node in labels
                   if node.data is not None and not node.data.local)
        details = str(home.query_one("#details", Static).render())
        assert "casse.yaml:" in details and "choic" in details
        tree.select_node(marked[0])
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
