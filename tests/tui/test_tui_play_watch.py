"""`ntc play PATH --watch`: a save reloads the scenario and replays the inputs so far, up
to where they still apply; a broken save keeps the session and says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, TRAINEE, digit_of
from textual.widgets import Static

from simulator.authoring.replay_inputs import inputs_of
from simulator.tui.app import NtcApp
from simulator.tui.clock import FakeClock
from simulator.tui.options import AppOptions, PlayRequest
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.storage import Profile, save_profile


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(Path(DEMO).read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _app(data_dir: Path, scenario: Path) -> NtcApp:
    save_profile(data_dir, Profile(trainee=TRAINEE))
    request = PlayRequest(str(scenario), seed=1, trainee=TRAINEE, watch=True)
    return NtcApp(AppOptions(data_dir=data_dir, clock=FakeClock(), cursor_blink=False,
                             play=request))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text.replace(old, new, 1), encoding="utf-8")
    tmp.replace(path)


async def _started(pilot: Any, app: NtcApp) -> SessionScreen:
    """From the dossier `ntc play` opens to the session screen."""
    await pilot.pause()
    assert isinstance(app.screen, DossierScreen)
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(app.screen, SessionScreen)
    return app.screen


async def test_save_reloads_and_replays_inputs(data_dir: Path, scenario: Path) -> None:
    app = _app(data_dir, scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _started(pilot, app)
        await pilot.press(digit_of(first.session, "presentation"))
        await pilot.pause()
        assert first.session.current_node.id == "decideur"
        _edit(scenario, 'texte: "{contact.nom}, j\'écoute."',
              'texte: "{contact.nom}, je vous écoute attentivement."')
        first.reloader.poll()
        await pilot.pause()
        second = app.screen
        assert isinstance(second, SessionScreen) and second is not first
        assert second.session.current_node.id == "decideur"
        assert "je vous écoute attentivement" in str(
            second.query_one("#replique", Static).render())
        assert len(inputs_of(second.session.events)) == 1


async def test_input_that_no_longer_applies_stops_the_replay(data_dir: Path,
                                                              scenario: Path) -> None:
    app = _app(data_dir, scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _started(pilot, app)
        await pilot.press(digit_of(first.session, "presentation"))
        await pilot.pause()
        _edit(scenario, "      - id: presentation\n", "      - id: se_presenter\n")
        first.reloader.poll()
        await pilot.pause()
        second = app.screen
        assert isinstance(second, SessionScreen) and second is not first
        assert second.session.current_node.id == "standard"   # stopped before the choice
        assert inputs_of(second.session.events) == []


async def test_broken_save_keeps_the_session(data_dir: Path, scenario: Path) -> None:
    app = _app(data_dir, scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _started(pilot, app)
        _edit(scenario, "    choix:\n", "    choic:\n")
        first.reloader.poll()
        await pilot.pause()
        assert app.screen is first
        assert any("choic" in str(n.message) for n in app._notifications)
