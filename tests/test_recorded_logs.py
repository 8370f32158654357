"""Logs recorded by older engines keep verifying and scoring identically.

tests/data/logs/*.jsonl were recorded by tests/data/logs/record.py with the engine of commit
adaac7a (before the issue-10 restructure), on frozen copies of the scenarios
(tests/data/logs/scenarios/). `signe-negociation.jsonl` is signed with the test key
"cle-de-test-journaux-ntc" (record.SIGNED_KEY), given through NTC_LOG_KEY. Never re-record
them to make this test pass: a failure means trainees' old logs would stop verifying.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import render, score_logs
from scoring.sources import ScenarioCache
from simulator.engine.replay import verify_log
from simulator.scenario import load_scenario

LOGS = Path(__file__).parent / "data" / "logs"
FROZEN = LOGS / "scenarios"
SIGNED_KEY = "cle-de-test-journaux-ntc"
SIGNED = "signe-negociation.jsonl"
RECORDED = sorted(p.name for p in LOGS.glob("*.jsonl"))


def _scenario_of(log: Path) -> str:
    header = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    return str(header["scenario"]["id"])


def _key_env(monkeypatch: pytest.MonkeyPatch, name: str) -> bytes | None:
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    if name == SIGNED:
        monkeypatch.setenv("NTC_LOG_KEY", SIGNED_KEY)
        return SIGNED_KEY.encode()
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    return None


def test_the_reference_set_is_complete() -> None:
    kinds: set[str] = set()
    for name in RECORDED:
        kinds |= {json.loads(line)["type"] for line in
                  (LOGS / name).read_text(encoding="utf-8").splitlines()}
    assert {"free_text", "offer_made", "negotiation_action", "task_answered",
            "session_resumed"} <= kinds
    assert len(RECORDED) >= 5
    assert sum(p.stat().st_size for p in LOGS.rglob("*") if p.is_file()) < 3_000_000


@pytest.mark.parametrize("name", RECORDED)
def test_old_log_still_verifies(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _key_env(monkeypatch, name)
    log = LOGS / name
    scenario = load_scenario(FROZEN / f"{_scenario_of(log)}.yaml")
    result = verify_log(log, scenario)
    assert result.ok, result.message
    assert "rejeu identique" in result.message


def test_signed_log_needs_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    log = LOGS / SIGNED
    result = verify_log(log, load_scenario(FROZEN / f"{_scenario_of(log)}.yaml"))
    assert not result.ok and "signature non vérifiée" in result.message


@pytest.mark.parametrize("name", RECORDED)
def test_old_log_scores_identically(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    key = _key_env(monkeypatch, name)
    log = LOGS / name
    report = score_logs([log], key=key, cache=ScenarioCache((FROZEN,)))
    expected = (LOGS / name.replace(".jsonl", ".score.json")).read_text(encoding="utf-8")
    got = json.loads(render(report, "json"))
    want = json.loads(expected)
    recorded_at = json.dumps(f"/work/wt/engine/tests/data/logs/{name}")
    here = json.dumps(str(log))
    assert json.loads(json.dumps(got).replace(here, recorded_at)) == want
