"""`ntc scenarios list | validate` and the public API helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.cli.main import main
from simulator.scenario import (
    Problem,
    ScenarioNotFound,
    format_problem,
    resolve,
    shipped_scenarios,
    validate,
)
from simulator.scenario.model import Pos
from simulator.scenario.yamlsource import YamlFailure, compose_text

VALID = Path(__file__).parent / "data" / "valid"


def test_shipped_scenarios_all_validate(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped library stays clean: no error in any shipped scenario."""
    from simulator.nlu.dataset import act_files
    from simulator.scenario.library import shipped_fragments

    files = shipped_scenarios()
    assert all(p.suffix == ".yaml" and p.parent.name == "scenarios" for p in files)
    assert not any(p.parent.name in ("fragments", "dossiers") for p in files)
    status = main(["scenarios", "validate"])
    out = capsys.readouterr().out
    assert status == 0, out
    total = len(files) + len(shipped_fragments()) + len(act_files())   # + training files
    assert out.splitlines()[-1].startswith(f"{total} fichier")


def test_validate_valid_files(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in sorted(VALID.glob("*.yaml"))]
    assert main(["scenarios", "validate", *paths]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (f"{len(paths)} fichiers vérifiés : 0 erreur, "
                                    "0 avertissement.")


def test_validate_missing_path_is_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "validate", "absent/nulle-part.yaml"]) == 1
    out = capsys.readouterr().out
    assert "fichier introuvable" in out and "1 fichier introuvable" in out


def test_validate_mixed_files(capsys: pytest.CaptureFixture[str]) -> None:
    broken = Path(__file__).parent / "data" / "broken" / "cible-manquante.yaml"
    assert main(["scenarios", "validate", str(VALID / "mini.yaml"), str(broken)]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("2 fichiers vérifiés : 1 erreur")


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    if shipped_scenarios():
        assert "Identifiant" in out and "Durée" in out and "Difficulté" in out
        assert "scénario" in out.splitlines()[-1] or "corriger" in out.splitlines()[-1]


def test_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["scenarios", "validate", "--help"])
    out = capsys.readouterr().out
    assert "fichier:ligne:colonne" in out and "Sans chemin" in out


def test_resolve() -> None:
    assert resolve(VALID / "mini.yaml") == VALID / "mini.yaml"
    for path in shipped_scenarios():
        assert resolve(path.stem) == path
    with pytest.raises(ScenarioNotFound) as exc:
        resolve("pas-un-scenario")
    assert "scénario inconnu" in str(exc.value)


def test_format_problem() -> None:
    p = Problem(Pos("a.yaml", 3, 7), "message")
    assert format_problem(p) == "a.yaml:3:7: message"
    w = Problem(Pos("a.yaml", 3, 7), "attention", "avertissement")
    assert format_problem(w) == "a.yaml:3:7: avertissement : attention"


def test_directory_is_not_a_scenario(tmp_path: Path) -> None:
    problems = validate(tmp_path)
    assert problems and "dossier" in problems[0].message


def test_validate_directory_and_fragment(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    assert main(["scenarios", "validate", str(VALID)]) == 0
    assert "2 fichiers vérifiés" in capsys.readouterr().out
    frag = VALID / "fragments" / "objections-mini.yaml"
    assert validate(frag) == []
    bad = tmp_path / "frag.yaml"
    bad.write_text("fragment: f\nnoeuds:\n  a:\n    type: rien\n", encoding="utf-8")
    assert any(p.pos.line == 4 for p in validate(bad))
    from simulator.scenario import ScenarioInvalid, load_scenario

    with pytest.raises(ScenarioInvalid) as exc:
        load_scenario(frag)
    assert "fragment" in exc.value.problems[0].message
    assert main(["scenarios", "validate", str(tmp_path / "vide")]) == 1


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!'\"#|>%@`,?~0")), max_size=80))
def test_reader_never_crashes_on_garbage(text: str) -> None:
    try:
        compose_text(text, "f.yaml")
    except YamlFailure as exc:
        assert exc.problems and all(p.pos.line >= 1 for p in exc.problems)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_validate_never_crashes(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_text("id: f\n" + text, encoding="utf-8")
    for p in validate(path):
        assert p.message
