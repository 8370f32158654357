"""Typed replies in the app: the exam hides the menu, the trainee's words are understood."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import AppFactory
from textual.widgets import Input

from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.widgets.replies import ReplyList

SCRIPT = Path(__file__).parents[1] / "data" / "nlu" / "prospection-examen.yaml"


async def test_exam_call_to_success_with_typed_sentences_only(make_app: AppFactory) -> None:
    lines = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    app = make_app(play="prospection-telephonique", mode="examen")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        session = screen.session
        for _ in range(30):
            if session.ended:
                break
            assert not screen.query_one(ReplyList).display, "the exam hides the menu"
            field = screen.query_one("#libre", Input)
            assert app.focused is field
            field.value = lines[session.node.id]
            await pilot.press("enter")
            await pilot.pause()
        assert session.outcome == "succes"
        types = [e["type"] for e in session.events]
        assert "free_text" in types and "understood" not in types
        # Every reply was typed: each choice follows the trainee's own words.
        for i, e in enumerate(session.events):
            if e["type"] == "choice_made":
                assert session.events[i - 1]["type"] == "free_text"


async def test_training_says_how_it_understood_and_never_grades_the_highlight(
        make_app: AppFactory) -> None:
    app = make_app(play="prospection-telephonique", mode="entrainement")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        session = screen.session
        assert screen.query_one(ReplyList).display          # the aid is shown…
        await pilot.press("f5")
        await pilot.pause()
        assert not screen.query_one(ReplyList).display      # …and can be hidden
        field = screen.query_one("#libre", Input)
        field.value = "Hello, could you put me through to the manager?"
        await pilot.press("enter")
        await pilot.pause()
        assert session.node.id == "standard"                # nothing graded
        assert not [e for e in session.events if e["type"] == "choice_made"]
        field.value = "Bonjour."
        await pilot.press("enter")
        await pilot.pause()
        asked = [e for e in session.events if e["type"] == "clarification"]
        assert asked and screen.query_one(ReplyList).display   # only the two candidates
        assert {r.id for r in screen.query_one(ReplyList).replies} == set(
            asked[-1]["data"]["candidates"])
        field.value = lines_croc()
        await pilot.press("enter")
        await pilot.pause()
        assert any(e["type"] == "understood" for e in session.events)
        assert session.node.id == "barrage_filtre"


def lines_croc() -> str:
    return str(yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))["standard"])
