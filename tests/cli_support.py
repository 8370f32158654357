"""Shared helpers for the in-process `ntc` tests: calling `main()` with captured output,
writing a session's inputs file and starting without a signing key."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.log import KEY_ENV, KEY_FILE_ENV


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `ntc argv` in-process, letting a SystemExit escape: (status, stdout, stderr)."""
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `ntc argv` in-process, a SystemExit giving the status: (status, stdout, stderr)."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def run_with_inputs(scenario: Path, inputs: Path, log: Path, steps: str,
                    capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    """Write `steps` to `inputs` and play `scenario` headless with them into `log` (seed 1
    unless `extra` gives one: a training run would otherwise draw a fresh seed)."""
    inputs.write_text(steps, encoding="utf-8")
    seed = [] if "--seed" in extra else ["--seed", "1"]
    return call(["run", str(scenario), "--inputs", str(inputs), "--log", str(log), *seed,
                 *extra], capsys)


def clear_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start without a signing key, whatever the developer's environment holds."""
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
