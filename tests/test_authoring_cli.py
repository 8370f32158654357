"""Small authoring commands: `scenarios list --chemins`."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.scenario.library import scenarios_dir


def test_list_shows_each_file_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "list", "--chemins"]) == 0
    out = capsys.readouterr().out
    assert "Fichier" in out
    for path in scenarios_dir().glob("*.yaml"):
        line = next(ln for ln in out.splitlines() if ln.startswith(path.stem + " "))
        assert line.rstrip().endswith(str(path.resolve()))
        assert Path(line.split()[-1]).is_file()


def test_list_without_paths_keeps_its_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    headers = [ln for ln in out.splitlines() if ln.startswith("Identifiant")]
    assert headers and all("Fichier" not in ln for ln in headers)
    assert str(scenarios_dir()) not in out
