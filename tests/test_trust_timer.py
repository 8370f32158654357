"""The exam timer is computed from recorded offsets and survives a resume (issue 13, §8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import Session
from simulator.scenario import load_scenario
from simulator.tui.clock import FakeClock
from simulator.tui.services import play as services


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)


def _exam_log(path: Path, app_clock: FakeClock) -> int:
    scenario = load_scenario("negociation-prix")
    session = Session.open(scenario, path, seed=1, trainee="Camille Martin", mode="examen",
                           clock=services.engine_clock(app_clock))
    app_clock.advance(25 * 60_000)          # 25 minutes of exam before the crash
    session.choose(session.choices[0].number)
    recorded = session.events[-1]["t_ms"]
    session.close()                          # the machine stops here
    return int(recorded)


def test_resume_continues_the_recorded_clock(tmp_path: Path) -> None:
    app_clock = FakeClock()
    log = tmp_path / "examen.jsonl"
    recorded = _exam_log(log, app_clock)
    assert recorded >= 25 * 60_000
    app_clock.advance(3 * 3600_000)          # three hours pass before the resume
    session, _prepared = services.resume(log, app_clock)
    assert recorded <= session.elapsed_ms < recorded + 1_000
    app_clock.advance(60_000)
    assert session.elapsed_ms == pytest.approx(recorded + 60_000, abs=1_000)
    session.close()


def test_the_countdown_after_resume_is_the_recorded_one(tmp_path: Path) -> None:
    app_clock = FakeClock()
    log = tmp_path / "examen.jsonl"
    recorded = _exam_log(log, app_clock)
    session, prepared = services.resume(log, app_clock)
    limit = services.timer_limit_ms(prepared.scenario, prepared.mode)
    assert limit is not None
    assert limit - session.elapsed_ms == pytest.approx(limit - recorded, abs=1_000)
    session.close()


def test_default_resume_clock_starts_at_the_last_offset(tmp_path: Path) -> None:
    log = tmp_path / "examen.jsonl"
    recorded = _exam_log(log, FakeClock())
    session = Session.resume(log)
    assert session.elapsed_ms >= recorded
    session.close()
