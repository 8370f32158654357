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
