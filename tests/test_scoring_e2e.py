"""End to end: a successful and a failed play of each shipped scenario, via `ntc run`, scored."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring import score_logs
from simulator.cli.main import main
from simulator.scenario import shipped_scenarios


def _plans(path: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    plans = data.get("tests") or []
    success = next(p for p in plans if (p.get("attendu") or {}).get("issue") == "succes")
    failure = next((p for p in plans if (p.get("attendu") or {}).get("issue") == "echec"), None)
    return success, failure


def _play(tmp_path: Path, scenario: Path, plan: dict[str, Any], name: str) -> Path:
    inputs = tmp_path / f"{name}.yaml"
    inputs.write_text(yaml.safe_dump(plan["etapes"], allow_unicode=True), encoding="utf-8")
    log = tmp_path / f"{name}.jsonl"
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["run", str(scenario), "--inputs", str(inputs), "--seed",
                       str(plan.get("graine", 1)), "--log", str(log)])
    assert status == 0
    return log


@pytest.mark.parametrize("scenario", shipped_scenarios(), ids=lambda p: p.stem)
def test_success_and_failure_scored(tmp_path: Path, scenario: Path) -> None:
    success, failure = _plans(scenario)
    report = score_logs([_play(tmp_path, scenario, success, "ok")])
    assert report.problems == ()
    session = report.trainees[0].sessions[0]
    assert session.outcome == "succes"
    crit = session.scoring.criteria()
    assert [c.id for c in crit if c.decision == "non acquis"] == []
    assert any(c.decision == "acquis" for c in crit)
    if failure is None:
        return
    failed = score_logs([_play(tmp_path, scenario, failure, "ko")])
    session = failed.trainees[0].sessions[0]
    assert session.outcome == "echec"
    assert [c for c in session.scoring.criteria() if c.decision == "non acquis"]
    assert session.scoring.feedback
