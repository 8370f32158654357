"""`validate` warns about effects that grow without bound in a loop (issue 13, attack 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import validate

DATA = Path(__file__).parent / "data" / "trust" / "croissance.yaml"


def _growth(path: Path) -> list[str]:
    return [p.message for p in validate(path)
            if p.severity == "avertissement" and "croître sans limite" in p.message]


def test_growing_effects_in_a_loop_are_warned() -> None:
    found = _growth(DATA)
    assert any("« n = n * n »" in m for m in found)
    assert any("« t = t + t »" in m and "double" in m for m in found)
    assert any("« n *= 2 »" in m for m in found)
    assert any("« t += 'x' »" in m and "allonge le texte" in m for m in found)
    assert not any("k *= 0.5" in m or "n += 1" in m for m in found)


@pytest.mark.parametrize(("old", "new"), [
    ("        suite: ping\n      - id: doubler", "        une_fois: true\n        suite: ping\n"
                                               "      - id: doubler"),
])
def test_once_only_choices_do_not_loop(tmp_path: Path, old: str, new: str) -> None:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    found = _growth(path)
    assert not any("« n = n * n »" in m for m in found)
    assert any("« n *= 2 »" in m for m in found)


def test_no_loop_no_warning(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8").replace("suite: ping", "suite: fin")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert _growth(path) == []


def test_shipped_scenarios_have_no_growing_effect() -> None:
    from simulator.scenario import shipped_scenarios

    for path in shipped_scenarios():
        assert _growth(path) == [], path
