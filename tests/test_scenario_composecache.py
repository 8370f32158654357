"""Composed YAML trees are cached by content: same tree back, changes and faults respected."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from simulator.scenario import composecache, shipped_scenarios, validate, yamlsource
from simulator.scenario.composecache import cache_dir, compose_file
from simulator.scenario.loader import load_file
from simulator.scenario.yamlsource import YamlFailure, YNode


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "donnees"))
    return tmp_path / "donnees"


def _same(a: YNode | None, b: YNode | None) -> None:
    assert a is not None and b is not None
    assert (a.kind, a.tag, a.line, a.col, a.style, a.path, a.content_line, a.content_col) == (
        b.kind, b.tag, b.line, b.col, b.style, b.path, b.content_line, b.content_col)
    if a.kind == "scalar":
        assert a.value == b.value
    elif a.kind == "seq":
        assert len(a.value) == len(b.value)
        for x, y in zip(a.value, b.value, strict=True):
            _same(x, y)
    else:
        assert list(a.keys) == list(b.keys)
        for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True):
            _same(ka, kb)
            _same(va, vb)


@pytest.mark.parametrize("path", shipped_scenarios()[:4], ids=lambda p: p.stem)
def test_cached_tree_is_the_composed_one(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh, problems = yamlsource.compose_text(path.read_text(encoding="utf-8"), str(path))
    first = compose_file(path, str(path))
    assert list(cache_dir().glob("*.json"))
    calls: list[str] = []
    monkeypatch.setattr(composecache, "compose_text", lambda *a: calls.append("x") or 1 / 0)
    again, again_problems = compose_file(path, str(path))
    assert calls == []                                  # not parsed again
    _same(fresh, again)
    assert again_problems == problems == first[1]
    monkeypatch.undo()
    scenario, _ = load_file(path, str(path))
    assert scenario is not None


def test_soft_problems_and_failures(tmp_path: Path) -> None:
    path = tmp_path / "double.yaml"
    path.write_text("id: a\nid: b\ntitre: x\n", encoding="utf-8")
    problems = validate(path)
    assert not list(cache_dir().glob("*.json"))        # just edited: not stored
    os.utime(path, (time.time() - 3600, time.time() - 3600))
    assert validate(path) == problems and list(cache_dir().glob("*.json"))
    assert any("en double" in p.message for p in problems)
    assert validate(path) == problems                  # from the cache, same messages
    path.write_text("id: [\n", encoding="utf-8")
    with pytest.raises(YamlFailure):
        compose_file(path, str(path))
    with pytest.raises(YamlFailure):                   # failures are never cached
        compose_file(path, str(path))


def test_damaged_entry_is_ignored(tmp_path: Path) -> None:
    path = shipped_scenarios()[0]
    compose_file(path, str(path))
    for entry in cache_dir().glob("*.json"):
        entry.write_text("{", encoding="utf-8")
    root, _ = compose_file(path, str(path))
    assert root is not None and root.get("id") is not None


def test_scenario_from_the_cache_is_the_same_scenario() -> None:
    from simulator.scenario import load_scenario

    path = next(p for p in shipped_scenarios() if "inclure" in p.read_text(encoding="utf-8"))
    fresh = load_scenario(path)
    assert list(cache_dir().glob("*.json"))
    cached = load_scenario(path)
    assert cached.sha256 == fresh.sha256 and cached == fresh
