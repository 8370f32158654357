"""The valid fixtures of tests/data/valid/ pass the test plans written inside them."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.engine.testplan import run_plans
from simulator.scenario import load_scenario

VALID = Path(__file__).parent / "data" / "valid"
FILES = sorted(VALID.glob("*.yaml"))


def test_there_are_fixtures_with_plans() -> None:
    assert len(FILES) >= 2
    assert sum(len(load_scenario(p).tests) for p in FILES) >= 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_plan_passes(path: Path) -> None:
    results = run_plans(load_scenario(path))
    failed = [f"{r.name} : {r.reason} ({r.pos})" for r in results if not r.ok]
    assert failed == []


def test_scenarios_test_command_passes_on_the_fixtures(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "test", *map(str, FILES)]) == 0
    out = capsys.readouterr().out
    plans = sum(len(load_scenario(p).tests) for p in FILES)
    assert out.rstrip().endswith(f"{plans} passed, 0 failed")
