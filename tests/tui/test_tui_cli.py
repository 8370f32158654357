"""`ntc play`, `ntc replay LOG`, bare `ntc`: checks done before Textual starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli.main import main


def test_play_unknown_scenario_is_a_french_error(capsys: pytest.CaptureFixture[str]) -> None:
    # an unknown id is bad usage (2), like `ntc run`; checked before Textual starts
    assert main(["play", "scenario-qui-n-existe-pas"]) == 2
    err = capsys.readouterr().err
    assert "scénario inconnu" in err
    assert "Traceback" not in err


def test_play_invalid_scenario_file_fails(capsys: pytest.CaptureFixture[str]) -> None:
    broken = Path(__file__).parent.parent / "data" / "broken" / "cible-manquante.yaml"
    assert main(["play", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "cible-manquante.yaml:" in err and "Traceback" not in err


def test_play_bad_seed_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["play", "prospection-telephonique", "--seed", "abc"])
    assert exc.value.code == 2
    assert "graine entière attendue" in capsys.readouterr().err


def test_play_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    out = capsys.readouterr().out
    assert "--mode" in out and "graine" in out


def test_replay_missing_log(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["replay", str(tmp_path / "absent.jsonl")]) != 0
    assert "Traceback" not in capsys.readouterr().err


def test_cli_does_not_import_textual_for_headless_commands() -> None:
    code = ("import sys; from simulator.cli.main import main; "
            "main(['scenarios', 'list']); print('textual' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.stdout.strip().splitlines()[-1] == "False"
