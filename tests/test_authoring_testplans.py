"""Test plans that assert the grade: decisions per criterion, blocking faults, and « no
unfavourable evidence »; `ntc scenarios test` says it in French, last line for tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.authoring.testplans import run_plans_graded
from simulator.cli.main import main
from simulator.scenario import load_scenario
from simulator.scenario.library import scenarios_dir

SOURCE = scenarios_dir() / "negociation-prix.yaml"
MODEL = '      preuves: ["C3.1", "C3.2", "C3.3", "C3.4", "C3.5", "!C3.3"]\n'
BLOCKING = '      preuves: ["C3.2", "-C3.4", "C3.5"]\n'


def _write(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    # The shipped plans' own grade expectations are removed: each test writes its own.
    lines = SOURCE.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(ln for ln in lines
                   if not ln.startswith(("      criteres:", "      bloquantes:")))
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "nego.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _results(path: Path) -> dict[str, tuple[bool, str]]:
    return {r.name: (r.ok, r.reason) for r in run_plans_graded(load_scenario(path))}


def test_right_grade_expectations_pass(tmp_path: Path) -> None:
    path = _write(tmp_path,
                  (MODEL, MODEL + "      criteres: {C3.4: acquis, C3.3: acquis}\n"
                          '      bloquantes: []\n'),
                  (BLOCKING, '      preuves: ["C3.2", "-C3.4", "C3.5", "!C3.5"]\n'
                             "      criteres: {C3.4: non acquis}\n"
                             "      bloquantes: [C3.4]\n"))
    assert "!C3.5" in path.read_text(encoding="utf-8")
    results = _results(path)
    assert all(ok for ok, _ in results.values()), results


def test_good_path_with_a_blocking_fault_is_caught(tmp_path: Path) -> None:
    """The plan of the blocking case, written as if it were a good path, now fails."""
    path = _write(tmp_path, (BLOCKING, '      preuves: ["C3.2", "C3.5"]\n'
                                       "      criteres: {C3.4: acquis}\n"))
    name = "Faute bloquante : remise hors délégation, contre-offre acceptée sous le prix " \
           "plancher"
    ok, reason = _results(path)[name]
    assert not ok
    assert reason.startswith("critère C3.4 : attendu acquis, obtenu non acquis")
    assert "faute bloquante" in reason


@pytest.mark.parametrize(("expect", "words"), [
    ("      criteres: {C3.2: acquis}\n", "§!C3.4"),
    ("      bloquantes: []\n", "fautes bloquantes attendues : aucune ; obtenues : C3.4"),
    ("      bloquantes: [C3.4, C3.2]\n", "attendues : C3.2, C3.4 ; obtenues : C3.4"),
    ("      criteres: {C1.1: acquis}\n", "critère C1.1 : attendu acquis, obtenu non évalué"),
])
def test_each_grade_expectation_fails_with_its_reason(tmp_path: Path, expect: str,
                                                      words: str) -> None:
    if words == "§!C3.4":
        edit = (BLOCKING, '      preuves: ["C3.2", "!C3.4"]\n')
        words = "preuve défavorable sur C3.4 alors qu'aucune n'était attendue"
    else:
        edit = (BLOCKING, BLOCKING + expect)
    path = _write(tmp_path, edit)
    failed = [reason for ok, reason in _results(path).values() if not ok]
    assert len(failed) == 1 and words in failed[0], failed


def test_cli_reports_in_french_with_the_line_for_tools(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, (BLOCKING, BLOCKING + "      bloquantes: []\n"))
    status = main(["scenarios", "test", str(path)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert status == 1
    total = len(load_scenario(path).tests)
    assert lines[-1] == f"{total - 1} passed, 1 failed"
    assert lines[-2] == (f"Plans de test : {total - 1} réussis, 1 échoué "
                         f"(1 échec sur {total} plans).")
    assert any(line.startswith("✗ ") and "fautes bloquantes" in line for line in lines)
