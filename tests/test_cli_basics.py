"""The `ntc` front-end: version, French help, usage errors with status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from simulator import __version__
from simulator.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "utilisation" in out
    assert "afficher cette aide" in out


def test_unknown_flag_gives_usage_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--pas-une-option"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "arguments non reconnus" in err
    assert "utilisation" in err


def test_python_dash_m_works() -> None:
    proc = subprocess.run([sys.executable, "-m", "simulator", "--version"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert __version__ in proc.stdout
