"""The live transcript keeps its last lines on screen and says how many left it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from simulator.tui.widgets.transcript import KEEP_LINES, Transcript, TranscriptLine


class OneTranscript(App[None]):
    def compose(self) -> ComposeResult:
        yield Transcript(id="echange")


async def test_a_long_session_keeps_its_last_lines_and_names_the_others() -> None:
    app = OneTranscript()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one(Transcript)
        for i in range(KEEP_LINES // 2 + 15):             # one input: two lines
            transcript.add_lines([("stagiaire", f"Question {i}.", 2 * i),
                                  ("client", f"Réponse {i}.", 2 * i + 1)])
            await pilot.pause()
        shown = list(transcript.query(TranscriptLine))
        assert len(shown) == KEEP_LINES
        assert transcript.count == KEEP_LINES + 30
        assert shown[-1].seq == transcript.count - 1        # the newest line is there
        assert shown[0].seq == 30                            # the 30 oldest left the screen
        notice = transcript.children[0]
        assert isinstance(notice, Static) and not isinstance(notice, TranscriptLine)
        text = str(notice.render())
        assert "30\u00a0lignes plus haut, retirées" in text and "bilan et le rejeu" in text
        assert "rapide\u00a0:" in text or "rapide\u202f:" in text      # no-break before « : »
        assert len([c for c in transcript.children if not isinstance(c, TranscriptLine)]) == 1


async def test_a_short_session_shows_every_line_and_no_notice() -> None:
    app = OneTranscript()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add_lines([("client", "Bonjour.", 1), ("stagiaire", "Bonjour !", 2)])
        await pilot.pause()
        assert all(isinstance(c, TranscriptLine) for c in transcript.children)
        assert len(transcript.children) == 2


async def test_one_line_left_is_said_in_the_singular() -> None:
    app = OneTranscript()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one(Transcript)
        for i in range(KEEP_LINES + 1):
            transcript.add_lines([("client", f"Réplique {i}.", i)])
        await pilot.pause()
        text = str(transcript.children[0].render())
        assert "1\u00a0ligne plus haut, retirée de l'écran" in text
