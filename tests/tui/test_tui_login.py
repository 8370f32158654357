"""Login at start (pick or create a name), change of trainee, and the resume offer after a
refresh or a dropped connection (the app ended with a session unfinished)."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from conftest import DEMO, AppFactory, digit_of
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, Static

from simulator.tui.app import NtcApp
from simulator.tui.clock import FakeClock
from simulator.tui.dialogs.confirm import ConfirmDialog
from simulator.tui.options import AppOptions, PlayRequest
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.login import LoginScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.storage import add_trainee, list_trainees, load_profile

pytestmark = pytest.mark.usefixtures("demo_catalogue")


def hint(app: NtcApp) -> str:
    return str(app.screen.query_one("#connexion-aide", Static).render())


def shown_names(app: NtcApp) -> list[str]:
    names = app.screen.query_one("#noms", OptionList)
    return [str(names.get_option_at_index(i).prompt) for i in range(names.option_count)]


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def log_types(path: Path) -> list[str]:
    return [json.loads(line)["type"] for line in path.read_text(encoding="utf-8").splitlines()]


async def test_first_trainee_creates_their_name(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "Aucun stagiaire" in shown_names(app)[0]
        await pilot.press("enter")                      # nothing typed: stays, says why
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "Tapez votre prénom" in hint(app)
        await pilot.press(*"  Inès   Diallo ")
        await pilot.pause()
        assert "créer le stagiaire" in hint(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Inès Diallo" in str(app.screen.query_one("#stagiaire", Label).render())
    assert list_trainees(data_dir) == ["Inès Diallo"]
    assert load_profile(data_dir).trainee == "Inès Diallo"


async def test_existing_name_is_picked_by_typing_or_arrows(make_app: AppFactory,
                                                          data_dir: Path) -> None:
    for name in ("Zoé Lefèvre", "Ahmed Benali", "Léa Roux"):
        add_trainee(data_dir, name)
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown_names(app) == ["Ahmed Benali", "Léa Roux", "Zoé Lefèvre"]
        await pilot.press(*"lea")                       # accents and case ignored
        await pilot.pause()
        assert shown_names(app) == ["Léa Roux"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.profile.trainee == "Léa Roux"
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"ZOÉ  lefèvre", "enter")    # same trainee: no duplicate
        await settle(pilot)
        assert app.profile.trainee == "Zoé Lefèvre"
    assert list_trainees(data_dir) == ["Ahmed Benali", "Léa Roux", "Zoé Lefèvre"]


async def test_bad_names_are_refused_in_french(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"1234", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "au moins une lettre" in hint(app)
    assert list_trainees(data_dir) == []


async def test_near_duplicate_asks_before_creating(make_app: AppFactory,
                                                   data_dir: Path) -> None:
    add_trainee(data_dir, "Camille Martin")
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Camile Martin", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")                          # back to the login, nothing created
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert list_trainees(data_dir) == ["Camille Martin"]
        await pilot.press("enter", "o")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.profile.trainee == "Camile Martin"
    assert list_trainees(data_dir) == ["Camile Martin", "Camille Martin"]


async def test_change_trainee_from_home_and_cancel(make_app: AppFactory,
                                                   data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("escape")                     # keeps the current trainee
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.profile.trainee == "Camille Martin"
        await pilot.press("f4", *"Noé Petit", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.profile.trainee == "Noé Petit"
        assert "Noé Petit" in str(app.screen.query_one("#stagiaire", Label).render())


async def test_escape_does_not_skip_the_first_login(make_app: AppFactory) -> None:
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)


async def test_play_without_trainee_asks_then_opens_the_dossier(data_dir: Path) -> None:
    app = NtcApp(AppOptions(data_dir=data_dir, clock=FakeClock(), cursor_blink=False,
                            play=PlayRequest(DEMO)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"Léo Garnier", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert app.screen.prepared is not None
        assert app.screen.prepared.trainee == "Léo Garnier"


async def test_play_with_trainee_registers_the_name(make_app: AppFactory,
                                                    data_dir: Path) -> None:
    app = make_app(play=DEMO, trainee="Jade Morel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
    assert "Jade Morel" in list_trainees(data_dir)


async def interrupted_session(make_app: AppFactory, trainee: str) -> Path:
    """Play one reply, then the app ends as when the browser tab is refreshed."""
    app = make_app(play=DEMO, trainee=trainee)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press(digit_of(screen.session, "presentation"))
        await pilot.pause()
        assert screen.session.node.id == "decideur"
        app.exit()        # what textual-serve's « quit » does: no confirmation, no ending
        await pilot.pause()
    return screen.log_path


async def test_login_offers_to_resume_the_interrupted_session(make_app: AppFactory) -> None:
    log_path = await interrupted_session(make_app, "Léa Roux")
    assert "session_ended" not in log_types(log_path)
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Léa Roux", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("o")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, SessionScreen), [n.message for n in app._notifications]
        assert resumed.log_path == log_path
        assert resumed.session.node.id == "decideur"     # where the tab was closed
        await pilot.press("1")
        await pilot.pause()
        assert resumed.session.node.kind == "negociation"
    types = log_types(log_path)
    assert types.count("session_resumed") == 1
    assert types.index("session_resumed") < types.index("choice_made", types.index(
        "session_resumed"))


async def test_no_offer_for_another_trainee_nor_after_declining(make_app: AppFactory) -> None:
    log_path = await interrupted_session(make_app, "Léa Roux")
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Paul Meunier", "enter")     # someone else: no offer, no list
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        recent = app.screen.query_one("#sessions", OptionList)
        assert "Aucune session" in str(recent.get_option_at_index(0).prompt)
        await pilot.press("f4", *"Léa Roux", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")                          # « Plus tard »
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        recent = app.screen.query_one("#sessions", OptionList)
        assert recent.option_count == 1
        assert "interrompue" in str(recent.get_option_at_index(0).prompt)
    assert "session_resumed" not in log_types(log_path)


async def test_resume_waits_for_the_previous_app_to_release_the_log(
        make_app: AppFactory) -> None:
    log_path = await interrupted_session(make_app, "Léa Roux")
    holder = os.open(log_path, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)   # the app of the dropped connection, still closing
    app = make_app(trainee=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*"Léa Roux", "enter")
            await settle(pilot)
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert any("se ferme" in str(n.message) for n in app._notifications)
            os.close(holder)
            holder = -1
            for _ in range(200):                        # bounded: about 2 s of retries
                if isinstance(app.screen, SessionScreen):
                    break
                await pilot.pause(0.02)
            await settle(pilot)
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.session.node.id == "decideur"
    finally:
        if holder >= 0:
            os.close(holder)


async def test_served_app_does_not_suggest_nor_rewrite_the_shared_profile(
        make_app: AppFactory, data_dir: Path) -> None:
    make_app(trainee="Camille Martin")      # writes the profile of the machine
    app = NtcApp(AppOptions(data_dir=data_dir, clock=FakeClock(), cursor_blink=False,
                            served=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        names = app.screen.query_one("#noms", OptionList)
        assert names.highlighted is None                # nobody's name pre-selected
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"Noé Petit", "enter", "f6")
        await settle(pilot)
        assert app.profile.trainee == "Noé Petit"
    assert load_profile(data_dir).trainee == "Camille Martin"
    assert "Noé Petit" in list_trainees(data_dir)
