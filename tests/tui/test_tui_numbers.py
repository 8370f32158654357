"""The task form grades amounts typed the French way exactly as the engine does."""

from __future__ import annotations

from pathlib import Path

from conftest import AppFactory
from test_tui_play import start_session
from textual.widgets import Input

from simulator.tui.screens.session import SessionScreen

AMOUNTS = str(Path(__file__).parent / "data" / "montants.yaml")


async def test_task_form_grades_french_amounts(make_app: AppFactory) -> None:
    app = make_app(play=AMOUNTS)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_session(pilot, app)
        assert isinstance(screen, SessionScreen)
        session = screen.session
        assert session.node.kind == "tache"
        assert isinstance(app.focused, Input) and app.focused.id == "champ-ca"
        await pilot.press(*list("265 483 €"))
        await pilot.press("tab")
        assert isinstance(app.focused, Input) and app.focused.id == "champ-taux"
        await pilot.press(*list("19,8 %"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        answered = [e for e in session.events if e["type"] == "task_answered"][-1]["data"]
        assert answered["answers"] == {"ca": 265483, "taux": 19.8}
        assert answered["results"]["ca"]["ok"] is True
        assert answered["results"]["taux"]["ok"] is True
        assert session.ended and session.outcome == "succes"


async def test_task_form_keeps_what_is_not_a_number(make_app: AppFactory) -> None:
    app = make_app(play=AMOUNTS)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press(*list("deux cent mille"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        answered = [e for e in screen.session.events if e["type"] == "task_answered"][-1]
        data = answered["data"]
        assert data["answers"] == {"ca": "deux cent mille", "taux": None}
        assert data["results"]["ca"]["ok"] is False
        assert "non numérique" in data["results"]["ca"]["detail"]
