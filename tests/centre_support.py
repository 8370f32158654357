"""Helpers of the centre tests: playing sessions headless into a data directory; `ntc`
runs a command in-process (status, stdout, stderr)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import call as ntc

from simulator.cli.main import main


def play(log: Path, seed: int, trainee: str, capsys: pytest.CaptureFixture[str],
         scenario: str = "prospection-telephonique", mode: str = "entrainement") -> Path:
    """`ntc run SCENARIO --random` into `log` (registered in the centre records)."""
    code = main(["run", scenario, "--random", "--seed", str(seed), "--trainee", trainee,
                 "--mode", mode, "--log", str(log)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "attention" not in out.err, out.err
    return log


__all__ = ["ntc", "play"]
