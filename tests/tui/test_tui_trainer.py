"""« Formateur » screen: cohort table, a trainee's livret and sessions, replay with `r`;
sessions played in the app are registered in the centre records."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO, TRAINEE, AppFactory
from textual.widgets import DataTable, Static

from simulator.centre import CentreRecords
from simulator.cli.main import main
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.replay import ReplayScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.screens.trainer import TrainerScreen


def _play(log: Path, seed: int, trainee: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "prospection-telephonique", "--random", "--seed", str(seed),
                 "--trainee", trainee, "--log", str(log)]) == 0
    capsys.readouterr()


async def test_trainer_screen_shows_cohort_livret_and_replays(
        make_app: AppFactory, data_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _play(tmp_path / "lea-1.jsonl", 3, "Léa Roux", capsys)
    _play(tmp_path / "lea-2.jsonl", 5, "Léa Roux", capsys)
    _play(tmp_path / "zoe.jsonl", 4, "Zoé Dupré", capsys)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainerScreen)
        cohort = screen.query_one("#cohorte", DataTable)
        assert cohort.row_count == 2
        livret = str(screen.query_one("#livret", Static).render())
        assert "Léa Roux" in livret and "CCP1" in livret and "C7" in livret
        assert screen.query_one("#seances", DataTable).row_count == 2
        await pilot.press("down")
        await pilot.pause()
        assert "Zoé Dupré" in str(screen.query_one("#livret", Static).render())
        assert screen.query_one("#seances", DataTable).row_count == 1
        await pilot.press("r")                       # replay one key away
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TrainerScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_missing_log_and_empty_records_are_said_in_french(
        make_app: AppFactory, data_dir: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainerScreen)
        assert "Aucun stagiaire" in str(screen.query_one("#livret", Static).render())
        await pilot.press("escape")
        await pilot.pause()
    _play(tmp_path / "x.jsonl", 3, "Léa Roux", capsys)
    (tmp_path / "x.jsonl").unlink()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainerScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TrainerScreen)       # no replay, a message instead
        assert any("Journal introuvable" in n.message for n in app._notifications)


async def test_session_played_in_the_app_is_registered(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        session = app.screen.session
        with CentreRecords() as records:
            row = records.session(session.session_id)
            assert row is not None and row.status == "running" and row.trainee == TRAINEE
        await pilot.press("3")                           # the demo's short way to the end
        await pilot.pause()
        assert session.ended
    with CentreRecords() as records:
        row = records.session(session.session_id)
        assert row is not None and row.status == "ended" and row.scored
        assert row.last_seq == session.events[-1]["seq"]


def test_evaluator_override_reaches_the_records(data_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.tui import services
    from simulator.tui.clock import FakeClock

    log = tmp_path / "jury.jsonl"
    _play(log, 3, "Léa Roux", capsys)
    services.add_override(log, "C1.1", "acquis", "Présentation claire à l'écoute.", "Jury",
                          FakeClock())
    with CentreRecords() as records:
        found = records.find_trainee("Léa Roux")
        assert found is not None
        (override,) = records.overrides(found[0])
        assert override[2:] == ("C1.1", "acquis", "Présentation claire à l'écoute.", "Jury")
