"""The negotiation screen at 80×24: the transcript keeps the buyer's last line whole, the
replies keep two replies on screen, and the counterparts dialog is typed and cancellable.

What is on screen is read from the compositor (the rendered rows), not from a sleep."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AppFactory
from test_tui_keyboard import demo_with_replies, to_negotiation
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import SelectionList, Static

from simulator.french.typography import typeset
from simulator.scenario.model import COUNTERPARTS
from simulator.tui.app import NtcApp
from simulator.tui.dialogs.counterparts import CounterpartsDialog, counterpart_label
from simulator.tui.screens.session import SessionScreen
from simulator.tui.widgets.negotiation_panel import NegotiationPanel
from simulator.tui.widgets.replies import ReplyList
from simulator.tui.widgets.transcript import Transcript, TranscriptLine

LIBRARY = Path(__file__).parents[2] / "scenarios" / "negociation-prix.yaml"


def words(text: str) -> str:
    """The text with every run of spaces (no-break ones too) as one space."""
    return " ".join(text.split())


def shown_in(app: NtcApp, region: Region) -> str:
    """The text rendered inside `region` of the screen, rows joined (wrapping undone)."""
    rows = app.screen._compositor.render_strips()
    return words(" ".join(row.crop(region.x, region.right).text
                          for row in rows[region.y:region.bottom]))


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def library_negotiation(pilot: Pilot[int], app: NtcApp) -> SessionScreen:
    """The library's price negotiation, one reply played at the table (the issue's case)."""
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    for _ in range(6):
        if screen.session.node.kind == "negociation":
            break
        await pilot.press("1")
        await settle(pilot)
    assert screen.session.node.kind == "negociation"
    await pilot.press("1")
    await settle(pilot)
    return screen


@pytest.mark.parametrize("scenario", ["demo", "library"])
async def test_80x24_shows_the_buyers_last_line_and_two_replies(
        make_app: AppFactory, tmp_path: Path, scenario: str) -> None:
    path = str(LIBRARY) if scenario == "library" else str(demo_with_replies(tmp_path))
    app = make_app(play=path)
    async with app.run_test(size=(80, 24)) as pilot:
        if scenario == "library":
            screen = await library_negotiation(pilot, app)
        else:
            screen = await to_negotiation(pilot, app)
            await settle(pilot)
        transcript = screen.query_one(Transcript)
        visible = transcript.scrollable_content_region
        assert visible.height >= 5, visible
        buyer = [line for line in transcript.query(TranscriptLine) if line.speaker == "client"]
        assert buyer
        last = buyer[-1]
        assert visible.contains_region(last.region), (visible, last.region)
        text = words(typeset(screen.session.transcript[
            [t.seq for t in screen.session.transcript].index(last.seq)].text))
        assert text in shown_in(app, visible)
        # Two replies whole on screen, and the offer form below them in the zone.
        replies = screen.query_one(ReplyList)
        on_screen = replies.scrollable_content_region.intersection(
            screen.query_one("#zone").region)
        shown = shown_in(app, on_screen)
        for choice in sorted(screen.session.choices, key=lambda c: c.number)[:2]:
            assert f"{choice.number}. {words(typeset(choice.text))}" in shown, shown
        assert screen.query_one(NegotiationPanel).region.y < 24 - 2


async def test_counterparts_dialog_validates_with_enter_and_cancels_with_escape(
        make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(play=str(demo_with_replies(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_negotiation(pilot, app)
        panel = screen.query_one(NegotiationPanel)
        await pilot.press("f6")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CounterpartsDialog)
        listed = dialog.query_one(SelectionList)
        prompts = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert prompts == [counterpart_label(cid) for cid in COUNTERPARTS]
        assert "Contrat de maintenance" in prompts
        await pilot.press("space", "enter")          # the first one, validated
        await settle(pilot)
        assert app.screen is screen
        first = next(iter(COUNTERPARTS))
        assert panel.offer()["contreparties"] == [first]
        summary = str(screen.query_one("#contreparties", Static).render())
        assert COUNTERPARTS[first].split(" (")[0] in summary
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("space", "down", "space", "escape")   # changed, then cancelled
        await settle(pilot)
        assert app.screen is screen
        assert panel.offer()["contreparties"] == [first]
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("space", "enter")          # untick: nothing asked any more
        await settle(pilot)
        assert "contreparties" not in panel.offer()
        assert "aucune contrepartie" in str(screen.query_one("#contreparties", Static).render())


async def test_a_typed_offer_ticks_the_counterpart_it_names(make_app: AppFactory,
                                                            tmp_path: Path) -> None:
    app = make_app(play=str(demo_with_replies(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_negotiation(pilot, app)
        await pilot.press("f3")
        await pilot.press(*"Je peux vous faire 3 % si vous signez aujourd'hui", "enter")
        await settle(pilot)
        drafts = [e for e in screen.session.events if e["type"] == "offer_draft"]
        assert drafts, [e["type"] for e in screen.session.events[-4:]]
        asked = list(drafts[-1]["data"].get("contreparties") or [])
        assert asked
        offer = screen.query_one(NegotiationPanel).offer()
        assert offer["contreparties"] == asked
        assert offer["remise"] == 3
        summary = str(screen.query_one("#contreparties", Static).render())
        for cid in asked:
            assert COUNTERPARTS[cid].split(" (")[0] in summary
