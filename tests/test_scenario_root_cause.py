"""Root cause first: one structural error, not the cascade of what follows from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.scenario import validate
from simulator.scenario.library import scenarios_dir

SOURCE = scenarios_dir() / "prospection-telephonique.yaml"


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    shutil.copytree(scenarios_dir() / "fragments", tmp_path / "fragments")
    return tmp_path / SOURCE.name


def _errors(path: Path, old: str, new: str) -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(p) for p in validate(path)]


def test_unknown_field_in_node_gives_one_message(copy: Path) -> None:
    problems = _errors(copy, "    choix:\n", "    choic:\n")
    assert len(problems) == 1, problems
    assert "champ inconnu « choic »" in problems[0]


def test_wrong_fragment_path_gives_one_message(copy: Path) -> None:
    problems = _errors(copy, "inclure: [fragments/", "inclure: [fragment/")
    assert len(problems) == 1, problems
    assert "fragment introuvable" in problems[0]


def test_unreadable_fragment_gives_its_own_error_only(copy: Path) -> None:
    fragment = copy.parent / "fragments" / "objections-prospection.yaml"
    fragment.write_text(fragment.read_text(encoding="utf-8").replace(
        "fragment: objections-prospection", "fragment: objections-prospection\n  x: [", 1),
        encoding="utf-8")
    problems = _errors(copy, "debut: standard", "debut: standard")
    assert len(problems) == 1, problems
    assert "objections-prospection.yaml" in problems[0]


def test_broken_variable_declaration_hides_its_uses(copy: Path) -> None:
    problems = _errors(copy, "  mensonge: {type: booleen, initial: faux}",
                       "  mensonge: {type: boolean, initial: faux}")
    assert len(problems) == 1, problems
    assert "boolean" in problems[0]


def test_broken_node_id_hides_missing_targets(copy: Path) -> None:
    problems = _errors(copy, "  fin_raccroche:\n", "  fin raccroche:\n")
    assert len(problems) == 1, problems
    assert "identifiant de nœud invalide" in problems[0]


def test_independent_mistakes_are_all_reported(copy: Path) -> None:
    """Suppression is about consequences: a second, unrelated error is still shown."""
    text = SOURCE.read_text(encoding="utf-8").replace("    choix:\n", "    choic:\n", 1)
    text = text.replace('version: "1.0"', "version: 1.10", 1)
    copy.write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate(copy)]
    assert len(problems) == 2, problems
