"""Checked scenarios are cached by content: same scenario back, changes and damage respected."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

import simulator.scenario as scenario_pkg
from simulator.scenario import ScenarioInvalid, load_scenario, shipped_scenarios
from simulator.scenario.scenariocache import _decode, _encode, cache_dir

DATA = Path(__file__).parent / "data" / "valid"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "donnees"))
    return tmp_path / "donnees"


def _age(*paths: Path) -> None:
    old = time.time() - 3600
    for path in paths:
        os.utime(path, (old, old))


def _copy_mini(tmp_path: Path) -> Path:
    target = tmp_path / "copie"
    shutil.copytree(DATA, target)
    _age(*target.rglob("*.yaml"))
    return target / "mini.yaml"


def _no_load(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []

    def refuse(path: Path) -> object:
        calls.append(path)
        raise AssertionError("loaded again")

    monkeypatch.setattr(scenario_pkg, "analyse", refuse)
    return calls


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_round_trip_is_the_same_scenario(path: Path) -> None:
    scenario = load_scenario(path)
    encoded = json.loads(json.dumps(_encode(scenario)))
    assert _decode(encoded) == scenario


def test_hit_skips_the_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_mini(tmp_path)
    fresh = load_scenario(path)
    assert list(cache_dir().glob("*.json"))
    _no_load(monkeypatch)
    again = load_scenario(path)
    assert again == fresh and again.sha256 == fresh.sha256


def test_changed_fragment_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_mini(tmp_path)
    fresh = load_scenario(path)
    assert fresh.includes
    fragment = path.parent / fresh.includes[0]
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\n# modifié\n",
                        encoding="utf-8")
    calls = _no_load(monkeypatch)
    with pytest.raises(AssertionError):
        load_scenario(path)
    assert calls == [path]


def test_changed_file_is_a_miss(tmp_path: Path) -> None:
    path = _copy_mini(tmp_path)
    load_scenario(path)
    path.write_text(path.read_text(encoding="utf-8").replace("debut:", "debut: nulle_part\n#"),
                    encoding="utf-8")
    with pytest.raises(ScenarioInvalid):
        load_scenario(path)


def test_just_edited_files_are_not_stored(tmp_path: Path) -> None:
    path = _copy_mini(tmp_path)
    os.utime(path)
    load_scenario(path)
    assert not list(cache_dir().glob("*.json"))


@pytest.mark.parametrize("damage", [
    "{", "[]", '{"format": 1}', '{"format": 1, "fragments": [], "scenario": ["c", "Popen"]}',
    '{"format": 1, "fragments": [], "scenario": ["c", "Pos", "a"]}',
    '{"format": 1, "fragments": [], "scenario": ["d", ["l"], 1]}',
    '{"format": 1, "fragments": [], "scenario": {"x": 1}}',
    '{"format": 1, "fragments": [], "scenario": ["t", {"x": 1}]}',
    '{"format": 1, "fragments": [["absent.yaml", "00"]], "scenario": ["t"]}',
])
def test_damaged_entry_is_ignored(tmp_path: Path, damage: str) -> None:
    path = _copy_mini(tmp_path)
    fresh = load_scenario(path)
    for entry in cache_dir().glob("*.json"):
        entry.write_text(damage, encoding="utf-8")
    assert load_scenario(path) == fresh
