"""Keyboard model of the session screen: digits pick replies unless the trainee entered a
field, typed offers survive a reply, F4 moves between replies and the form; leaving offers
« Reprendre plus tard » first and home resumes the latest interrupted session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEMO, AppFactory, digit_of
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

from simulator.scenario.model import COUNTERPARTS
from simulator.tui import services
from simulator.tui.app import NtcApp
from simulator.tui.dialogs.confirm import LeaveSessionDialog
from simulator.tui.dialogs.counterparts import CounterpartsDialog
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.storage import ABANDON_SUFFIX, summarize_log
from simulator.tui.widgets.replies import ReplyList

NEGOTIATION_CHOICES = """    choix:
      - id: si_alors
        texte: "Si vous signez aujourd'hui, alors je fais un geste."
      - id: valeur
        texte: "Je vous rappelle le coût global sur cinq ans."
"""


def demo_with_replies(tmp_path: Path) -> Path:
    """The demo scenario with two replies on its negotiation node."""
    text = Path(DEMO).read_text(encoding="utf-8")
    anchor = "    suites: {accord: tournee, rupture: fin_echec}\n"
    assert anchor in text
    path = tmp_path / "demo-repliques.yaml"
    path.write_text(text.replace(anchor, anchor + NEGOTIATION_CHOICES), encoding="utf-8")
    for extra in Path(DEMO).parent.glob("*.yaml"):
        if extra.name != Path(DEMO).name:
            (tmp_path / extra.name).write_text(extra.read_text(encoding="utf-8"),
                                               encoding="utf-8")
    return path


async def to_negotiation(pilot: Pilot[int], app: NtcApp) -> SessionScreen:
    await pilot.pause()
    await pilot.press("f5")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    await pilot.press(digit_of(screen.session, "presentation"), "1")
    await pilot.pause()
    assert screen.session.node.kind == "negociation"
    return screen


def chosen(screen: SessionScreen) -> list[str]:
    return [e["data"]["choice"] for e in screen.session.events if e["type"] == "choice_made"]


async def test_digit_picks_a_reply_on_the_negotiation_screen(make_app: AppFactory,
                                                             tmp_path: Path) -> None:
    app = make_app(play=str(demo_with_replies(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_negotiation(pilot, app)
        assert not isinstance(screen.focused, Input)
        offers = [e for e in screen.session.events if e["type"] == "offer_made"]
        await pilot.press("1")
        await pilot.pause()
        assert chosen(screen)[-1] == "si_alors"
        assert [e for e in screen.session.events if e["type"] == "offer_made"] == offers
        # The offer form is on screen at 80×24.
        remise = screen.query_one("#offre-remise", Input)
        assert remise.region.height > 0 and remise.region.bottom <= 24


async def test_typed_offer_survives_a_reply_and_f4_switches(make_app: AppFactory,
                                                            tmp_path: Path) -> None:
    app = make_app(play=str(demo_with_replies(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_negotiation(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        remise = screen.query_one("#offre-remise", Input)
        assert screen.focused is remise
        await pilot.press("home", "ctrl+k", "4")
        await pilot.pause()
        assert remise.value == "4"
        assert chosen(screen)[-1] != "valeur"      # typed in the field, not a reply
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(screen.focused, ReplyList)
        await pilot.press("2")
        await pilot.pause()
        assert chosen(screen)[-1] == "valeur"
        assert remise.value == "4"                 # unsent value kept
        assert isinstance(screen.focused, ReplyList)   # focus not sent back to the form
        await pilot.press("ctrl+o")
        await pilot.pause()
        offer = [e for e in screen.session.events if e["type"] == "offer_made"][-1]
        assert offer["data"]["offer"]["remise"] == 4


async def test_offer_form_sends_the_counterpart_ticked(make_app: AppFactory,
                                                      tmp_path: Path) -> None:
    """A counterpart chosen in the list goes with the offer; the buyer's answer names it."""
    app = make_app(play=str(demo_with_replies(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_negotiation(pilot, app)
        await pilot.press("f4")
        await pilot.pause()
        line = screen.query_one("#contreparties", Static)
        while screen.focused is not line:          # keyboard only: Tab through the form
            await pilot.press("tab")
        await pilot.pause()
        assert line.region.height > 0 and line.region.bottom <= 24   # reachable at 80×24
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CounterpartsDialog)
        listed = dialog.query_one(SelectionList)
        wanted = list(COUNTERPARTS).index("contrat_maintenance")
        while listed.highlighted != wanted:
            await pilot.press("down")
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert "contrat de maintenance" in str(line.render())
        offers = [e for e in screen.session.events if e["type"] == "offer_made"]
        await pilot.press("1")                     # the counterparts line is not a text field
        await pilot.pause()
        assert chosen(screen)[-1] == "si_alors"
        await pilot.press("ctrl+o")
        await pilot.pause()
        sent = [e for e in screen.session.events if e["type"] == "offer_made"]
        assert len(sent) == len(offers) + 1
        assert sent[-1]["data"]["offer"]["contreparties"] == ["contrat_maintenance"]
        said = [e["data"]["text"] for e in screen.session.events
                if e["type"] == "client_line" and e["seq"] > sent[-1]["seq"]]
        assert any(COUNTERPARTS["contrat_maintenance"] in line for line in said), said


async def test_leaving_offers_resume_later_then_home_resumes_latest(
        make_app: AppFactory, data_dir: Path) -> None:
    paths = []
    for _ in range(2):
        app = make_app(play=DEMO)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            paths.append(screen.log_path)
            await pilot.press(digit_of(screen.session, "presentation"))
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, LeaveSessionDialog)
            assert dialog.focused is not None and dialog.focused.id == "plus_tard"
            await pilot.press("enter")
            await pilot.pause()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        resumed = app.screen
        assert isinstance(resumed, SessionScreen), [n.message for n in app._notifications]
        assert resumed.log_path == max(paths, key=lambda p: p.name)


async def leave_demo_session(make_app: AppFactory, *, replies: tuple[str, ...], leave: str,
                             answer: str) -> Path:
    """Start the demo session, press `replies`, leave with `leave` and answer the dialog
    with `answer`; the session's log."""
    app = make_app(play=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        for key in replies:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press(leave)
        await pilot.pause()
        assert isinstance(app.screen, LeaveSessionDialog)
        await pilot.press(answer)
        await pilot.pause()
        return screen.log_path


@pytest.mark.parametrize("how", ["escape", "ctrl+q"])
async def test_abandoned_session_is_recorded_in_the_log_and_not_offered_for_resume(
        make_app: AppFactory, how: str) -> None:
    log = await leave_demo_session(make_app, replies=("1",), leave=how, answer="a")
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()[1:]]
    assert [e["type"] for e in events[-2:]] == ["session_abandoned", "session_ended"]
    assert events[-1]["data"]["outcome"] == "abandon"
    assert not log.with_name(log.name + ABANDON_SUFFIX).exists()     # no marker any more
    ok, message = services.verify_replay(log)
    assert ok, message
    summary = summarize_log(log)
    assert summary is not None and summary.outcome == "abandon"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Aucune session interrompue" in n.message for n in app._notifications)


async def test_an_old_abandonment_marker_is_still_honoured(make_app: AppFactory) -> None:
    # « Reprendre plus tard » (Entrée): resumable, until an old app's marker says otherwise
    log = await leave_demo_session(make_app, replies=(), leave="escape", answer="enter")
    summary = summarize_log(log)
    assert summary is not None and summary.outcome is None      # resumable...
    log.with_name(log.name + ABANDON_SUFFIX).write_text("", encoding="utf-8")
    summary = summarize_log(log)
    assert summary is not None and summary.outcome == "abandon"  # ...not once marked (old app)


async def test_long_radio_options_wrap_at_80_columns() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import RadioButton

    from simulator.scenario import load_scenario
    from simulator.tui.widgets.task_form import TaskForm

    node = load_scenario("decouverte-solution").nodes["configuration"]
    fields = tuple(f for f in node.fields if f.kind == "choix")

    class FormApp(App[None]):
        CSS_PATH = str(Path(__file__).resolve().parents[2] / "simulator/tui/app.tcss")

        def compose(self) -> ComposeResult:
            yield TaskForm(fields, classes="tache")

    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        longest = max(app.query(RadioButton), key=lambda b: len(str(b.label)))
        assert len(str(longest.label)) > 70
        assert longest.region.height >= 2, "a long option must wrap, not be cut"
        assert longest.region.right <= 80


async def test_target_selection_filters_and_keeps_ticks() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import SelectionList

    from simulator.tui.widgets.filtered_selection import FilteredSelection

    rows = [(f"Entreprise {n} · {'Lyon' if n % 2 else 'Bron'}", f"E{n}") for n in range(120)]

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield FilteredSelection(rows)

    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(FilteredSelection)
        shown = widget.query_one(SelectionList)
        shown.focus()
        await pilot.press("space")                       # ticks « Entreprise 0 · Bron »
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"lyon 11")
        await pilot.pause()
        assert shown.option_count == 6                   # 11, 111, 113… all in Lyon
        shown.focus()
        await pilot.press("space")
        await pilot.pause()
        assert widget.selected == ["E0", "E11"]
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("home", "ctrl+k")
        await pilot.pause()
        assert shown.option_count == 120
        assert set(shown.selected) == {"E0", "E11"}


def test_no_break_spaces_hold_when_textual_wraps() -> None:
    from textual.content import Content

    from simulator.tui import nbsp

    nbsp.install()
    text = "Ce n'est pas suffisant. Ma proposition\u00a0: remise 7,4\u00a0%, paiement à 51 jours"
    for width in range(30, 80):
        lines = [str(line) for line in Content(text).wrap(width)]
        assert not any(line.startswith(("%", ":")) for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
