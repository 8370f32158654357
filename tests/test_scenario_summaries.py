"""Scenario summaries for listings: cached by file hash, recomputed when anything changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import simulator.scenario as scenario_pkg
from simulator.scenario import shipped_scenarios
from simulator.scenario.summaries import summarise

SHIPPED = Path(shipped_scenarios()[0]).parent


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of a shipped scenario that includes a fragment."""
    folder = tmp_path / "lib"
    (folder / "fragments").mkdir(parents=True)
    shutil.copy(SHIPPED / "prospection-telephonique.yaml", folder / "appel.yaml")
    shutil.copy(SHIPPED / "fragments" / "objections-prospection.yaml", folder / "fragments")
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full load-and-check the summaries make."""
    calls: list[Path] = []
    real = scenario_pkg.analyse

    def counting(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path)

    monkeypatch.setattr(scenario_pkg, "analyse", counting)
    return calls


def test_second_listing_compiles_nothing(library: Path, tmp_path: Path,
                                         loads: list[Path]) -> None:
    cache = tmp_path / "cache.json"
    first = summarise([library / "appel.yaml"], cache=cache)
    assert len(loads) == 1 and first[0].playable and first[0].title
    again = summarise([library / "appel.yaml"], cache=cache)
    assert again == first and len(loads) == 1


def test_change_of_the_file_or_of_a_fragment_recomputes(library: Path, tmp_path: Path,
                                                        loads: list[Path]) -> None:
    cache = tmp_path / "cache.json"
    path = library / "appel.yaml"
    summarise([path], cache=cache)
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("titre:"))
    path.write_text(text.replace(title, 'titre: "Nouveau titre"'), encoding="utf-8")
    assert summarise([path], cache=cache)[0].title == "Nouveau titre" and len(loads) == 2
    fragment = library / "fragments" / "objections-prospection.yaml"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\nnoeuds_en_trop: 1\n",
                        encoding="utf-8")
    broken = summarise([path], cache=cache)[0]
    assert len(loads) == 3 and not broken.playable and broken.errors
    assert summarise([path], cache=cache)[0] == broken and len(loads) == 3


def test_damaged_or_unwritable_cache_is_not_an_error(library: Path, tmp_path: Path,
                                                     loads: list[Path]) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text("{pas du json", encoding="utf-8")
    assert summarise([library / "appel.yaml"], cache=cache)[0].playable
    blocked = tmp_path / "fichier"
    blocked.write_text("x", encoding="utf-8")
    assert summarise([library / "appel.yaml"], cache=blocked / "cache.json")[0].playable


def test_fragment_alone_is_listed_as_not_playable(library: Path, tmp_path: Path) -> None:
    fragment = library / "fragments" / "objections-prospection.yaml"
    summary = summarise([fragment], cache=tmp_path / "c.json")[0]
    assert not summary.built and "fragment" in summary.errors[0]


def test_catalogue_uses_the_data_dir_cache(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.tui.services.catalogue import load_catalogue

    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path))
    first = load_catalogue()
    assert (tmp_path / "cache" / "scenarios.json").is_file()
    assert len(first.entries) == len(shipped_scenarios()) and not first.problems
    assert load_catalogue() == first


def test_referential_outline_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.scenario import referential
    from simulator.scenario.summaries import referential_outline

    cache = tmp_path / "c.json"
    titles, ccp = referential_outline("TP-00338", cache=cache)
    assert titles["C1"] and ccp["C1"] == "CCP1"
    monkeypatch.setattr(referential, "load_referential_ids", lambda ref_id: 1 / 0)
    assert referential_outline("TP-00338", cache=cache) == (titles, ccp)
