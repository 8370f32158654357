"""Trainers' own scenarios on the home screen: listed as « scénario local », or with their
first error when they do not pass validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DEMO, AppFactory

from simulator.authoring.local import ENV_SCENARIOS_DIR, local_dir, scan
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.widgets.catalogue_list import CatalogueList


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
        catalogue = home.query_one("#scenarios", CatalogueList)
        shown = catalogue.entries_shown()
        prompts = {o.id: str(o.prompt) for o in catalogue.options if o.id}
        marked = [key for key, _ in shown if "scénario local" in prompts[key]]
        # one line per targeted competence, each the local scenario, and only it
        assert marked and all(dict(shown)[key].id == "ma-relance" for key in marked)
        assert all("scénario local" not in prompts[key] for key, entry in shown
                   if not entry.local)
        listed = "\n".join(str(o.prompt) for o in catalogue.options)   # problems stay listed
        assert "Scénarios non chargés" in listed
        assert "casse.yaml:" in listed and "choic" in listed
        catalogue.focus()
        index = next(i for i, o in enumerate(catalogue.options) if o.id == marked[0])
        catalogue.highlighted = index
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
