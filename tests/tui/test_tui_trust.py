"""Exam fidelity in the app: no result (« juste ») is shown before the end in examen."""

from __future__ import annotations

from conftest import AppFactory
from test_tui_play import start_session

from simulator.tui.widgets.transcript import TranscriptLine


def _lines(screen: object) -> list[str]:
    return [str(line.render()) for line in screen.query(TranscriptLine)]  # type: ignore[attr-defined]


async def _answer_first_task(make_app: AppFactory, mode: str) -> list[str]:
    app = make_app(play="bilan-activite", mode=mode)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_session(pilot, app)
        session = screen.session
        assert session.node.kind == "tache"
        answers = {f.id: 0 for f in session.node.fields}
        session.answer(answers)
        screen.refresh_view()
        await pilot.pause()
        assert not session.ended
        return _lines(screen)


async def test_exam_transcript_shows_no_result_before_the_end(make_app: AppFactory) -> None:
    lines = await _answer_first_task(make_app, "examen")
    assert any("Réponses enregistrées" in line for line in lines)
    assert not any("juste" in line for line in lines)


async def test_training_transcript_shows_the_result(make_app: AppFactory) -> None:
    lines = await _answer_first_task(make_app, "entrainement")
    assert any("juste" in line for line in lines)


async def test_exam_resume_from_home_needs_the_evaluator(make_app: AppFactory) -> None:
    import json

    from conftest import DEMO

    from simulator.log import sidecar_path
    from simulator.tui.dialogs.resume import ResumeAuthorizationDialog
    from simulator.tui.screens.session import SessionScreen

    app = make_app(play=DEMO, mode="examen")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press("1")
        await pilot.pause()
        log_path = screen.log_path
        await pilot.press("ctrl+q", "o")
        await pilot.pause()
    before = log_path.read_bytes()
    app = make_app(mode="examen")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.query_one("#sessions").focus()
        await pilot.press("down", "ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ResumeAuthorizationDialog)
        await pilot.press("escape")              # no evaluator: nothing happens
        await pilot.pause()
        assert log_path.read_bytes() == before
        await app.workers.wait_for_complete()
        app.screen.query_one("#sessions").focus()
        await pilot.press("down", "ctrl+e")
        await pilot.pause()
        await pilot.press(*list("Mme Jury"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen), [n.message for n in app._notifications]
    records = [json.loads(line) for line in
               sidecar_path(log_path).read_text(encoding="utf-8").splitlines()]
    assert records[-1]["type"] == "resume_authorized"
    assert records[-1]["data"]["evaluator"] == "Mme Jury"
