"""Pilot-driven tests: whole sessions through the UI, the debrief, the replay, dialogs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEMO, TRAINEE, AppFactory, digit_of
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static, TabbedContent

from simulator.tui.app import NtcApp
from simulator.tui.dialogs.confirm import LeaveSessionDialog
from simulator.tui.dialogs.limits import LimitsDialog
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.login import LoginScreen
from simulator.tui.screens.replay import ReplayScreen
from simulator.tui.screens.session import SessionScreen
from simulator.tui.storage import load_profile
from simulator.tui.widgets.evidence_list import EvidenceList
from simulator.tui.widgets.offer_form import OfferForm
from simulator.tui.widgets.score_tree import ScoreTree
from simulator.tui.widgets.transcript import Transcript, TranscriptLine


async def start_session(pilot: Pilot[int], app: NtcApp) -> SessionScreen:
    await pilot.pause()
    assert isinstance(app.screen, DossierScreen)
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(app.screen, SessionScreen)
    return app.screen


async def type_in(pilot: Pilot[int], text: str) -> None:
    """Replace the focused input's content by typing (keyboard only)."""
    await pilot.press("home", "ctrl+k", *list(text))


def log_types(path: Path) -> list[str]:
    return [json.loads(line)["type"] for line in path.read_text(encoding="utf-8").splitlines()]


async def test_demo_session_to_debrief_and_replay(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_session(pilot, app)
        session = screen.session
        assert session.node.id == "standard"
        # A disabled reply (training mode) shows its reason and records nothing.
        await pilot.press(digit_of(session, "conclure_trop_tot"))
        await pilot.pause()
        assert session.node.id == "standard"
        assert "choice_made" not in [e["type"] for e in session.events]
        await pilot.press(digit_of(session, "presentation"))
        await pilot.pause()
        assert session.node.id == "decideur"
        coach = [w for w in screen.query(TranscriptLine) if w.has_class("coach")]
        assert coach, "coach feedback must show in training mode"
        await pilot.press("enter")
        await pilot.pause()
        assert session.node.kind == "negociation"
        assert not isinstance(app.focused, Input)     # digits stay for replies
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "offre-remise"
        await type_in(pilot, "9")
        await pilot.pause()
        preview = str(screen.query_one("#apercu", Static).render())
        assert "au-delà de la délégation" in preview
        await type_in(pilot, "4")
        await pilot.pause()
        preview = str(screen.query_one("#apercu", Static).render())
        assert "dans la délégation" in preview and "au-delà" not in preview
        await pilot.press("ctrl+o")
        await pilot.pause()
        offers = [e for e in session.events if e["type"] == "offer_made"]
        assert offers and offers[-1]["data"]["offer"]["remise"] == 4
        assert screen.query_one("#historique", DataTable).row_count >= 2
        assert session.node.kind == "negociation"
        # the buyer's counter is beyond the delegation: accepting it needs a confirmation
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, LimitsDialog)
        recorded = len(session.events)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and len(session.events) == recorded
        await pilot.press("f7")
        await pilot.pause()
        await pilot.click("#oui")
        await pilot.pause()
        assert session.node.id == "tournee"
        await pilot.pause()
        await pilot.press("f2")  # the dossier during the session shows the planned route
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen) and app.screen.in_session
        assert len(app.screen.route) >= 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert isinstance(app.focused, Input)
        await pilot.press("5", "0", "tab", "enter", "tab", "space", "tab",
                          *list("tournée optimisée"), "tab", "plus", "ctrl+s")
        await pilot.pause()
        assert session.ended and session.outcome == "succes"
        answered = [e for e in session.events if e["type"] == "task_answered"][-1]
        answers = answered["data"]["answers"]
        assert answers["nb_clients"] == 50
        assert answers["priorite"] == "A"
        assert len(answers["cibles"]) == 1
        assert answers["compte_rendu"] == "tournée optimisée"
        visits = [str(r["id"]) for r in screen.prepared.world["visites"]]
        assert answers["ordre"] == [visits[1], visits[0], *visits[2:]]
        log_path = screen.log_path
        await pilot.press("enter")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        tree = debrief.query_one(ScoreTree)
        leaf = tree.cursor_node
        assert leaf is not None and leaf.data is not None and leaf.data.id == "C1.2"
        await pilot.press("enter")  # open the criterion's evidence
        await pilot.pause()
        evidence = debrief.query_one(EvidenceList)
        assert app.focused is evidence and evidence.evidence
        await pilot.press("down", "enter")
        await pilot.pause()
        highlighted = [w for w in debrief.query(TranscriptLine) if w.has_class("surligne")]
        assert len(highlighted) == 1
        await pilot.press("e")
        await pilot.pause()
        assert log_path.with_name(log_path.stem + ".grille.html").is_file()
        await pilot.press("r")
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Rejeu conforme" in replay.replay_status
        assert replay.index == 0
        await pilot.press("right", "right", "n")
        await pilot.pause()
        assert replay.index == 3
        await pilot.press("left")
        await pilot.pause()
        assert replay.index == 2
        await pilot.press("end")
        await pilot.pause()
        assert replay.index == len(replay.loaded.events) - 1 if replay.loaded else False
        lines = replay.query_one(Transcript).query(TranscriptLine)
        assert any("Merci" in str(line.render()) for line in lines)
    assert log_types(log_path)[-1] == "session_ended"


async def test_replay_note_goes_to_sidecar(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press(digit_of(screen.session, "raccrocher"))
        await pilot.pause()
        assert screen.session.ended
        log_path = screen.log_path
    app = make_app(replay=log_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("right", "a")
        await pilot.pause()
        await pilot.press(*list("Bonne reprise"), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    sidecar = log_path.with_name(log_path.name + ".eval.jsonl")
    records = [json.loads(x) for x in sidecar.read_text(encoding="utf-8").splitlines()]
    notes = [r for r in records if r.get("type") == "note"]
    assert notes and notes[0]["data"]["text"] == "Bonne reprise"
    assert notes[0]["data"]["evaluator"] == TRAINEE
    assert log_types(log_path)[-1] == "session_ended"


async def test_quit_during_session_asks_and_keeps_the_log(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press(digit_of(screen.session, "presentation"))
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveSessionDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value == 0
    types = log_types(screen.log_path)
    assert "choice_made" in types and "session_ended" not in types


async def test_home_remembers_trainee_and_mode(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.focused is not None and app.focused.id == "nom"
        await pilot.press(*list("Zoé Lefèvre"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f6")
        await pilot.pause()
    profile = load_profile(data_dir)
    assert profile.trainee == "Zoé Lefèvre"
    assert profile.mode == "examen"
    # next start: the same trainee is suggested, Entrée is enough
    app = make_app(trainee=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.profile.trainee == "Zoé Lefèvre"


async def test_home_opens_scenario_and_lists_recent_session(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.catalogue.entries, home.catalogue.problems
        # first leaf of the tree: move down until a scenario is highlighted
        for _ in range(4):
            await pilot.press("down")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        from textual.widgets import OptionList

        recent = app.screen.query_one("#sessions", OptionList)
        assert recent.option_count == 1
        assert "interrompue" in str(recent.get_option_at_index(0).prompt)


async def test_dossier_client_table_filters_and_sorts(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+right", "ctrl+right")
        await pilot.pause()
        from simulator.tui.widgets.client_table import ClientTable

        table = app.screen.query_one(ClientTable)
        total = len(table.rows)
        assert total > 10
        await pilot.press("slash", *list("prospect"))
        await pilot.pause()
        shown = table.visible_rows()
        assert 0 < len(shown) < total
        assert all(r["statut"] == "prospect" or "prospect" in str(r).lower() for r in shown)
        await pilot.press("enter", "s")
        await pilot.pause()
        names = [str(r["raison_sociale"]).casefold() for r in table.visible_rows()]
        assert names == sorted(names)
        await pilot.press("s")
        await pilot.pause()
        names = [str(r["raison_sociale"]).casefold() for r in table.visible_rows()]
        assert names == sorted(names, reverse=True)
        from simulator.tui.dialogs.company import CompanyDialog

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompanyDialog)
        assert str(app.screen.company["raison_sociale"]).casefold() == names[0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)


async def test_dossier_orders_and_invoices_sort(make_app: AppFactory) -> None:
    from simulator.tui.widgets.file_table import FileTable

    app = make_app(play=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossierScreen)
        screen.query_one(TabbedContent).active = "donnees"
        await pilot.pause()
        for name in ("factures", "commandes"):
            files = screen.query_one(f"#{name}", FileTable)
            table = files.query_one(DataTable)
            assert table.row_count == len(files.rows) > 1
            first = [str(c) for c in table.get_row_at(0)]
            table.focus()
            await pilot.press("s")      # first column, ascending
            await pilot.pause()
            assert files.sorting.by == files.columns[0].key
            assert [str(c) for c in table.get_row_at(0)] != first, name
            last = [str(c) for c in table.get_row_at(table.row_count - 1)]
            await pilot.press("s")      # same column, descending
            await pilot.pause()
            assert files.sorting.reverse
            assert [str(c) for c in table.get_row_at(0)] == last, name
            assert "tri :" in str(files.query_one(Label).content)


async def test_exam_mode_counts_down_and_hides_coach(make_app: AppFactory) -> None:
    app = make_app(play=DEMO, mode="examen")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        assert [c.number for c in screen.session.choices] == [1, 2]  # disabled one hidden
        clock = app.clock
        assert hasattr(clock, "advance")
        clock.advance(65_000)
        screen.update_clock()
        assert "18:55 restantes" in str(screen.query_one("#chrono").render())
        await pilot.press(digit_of(screen.session, "presentation"))
        await pilot.pause()
        assert not [w for w in screen.query(TranscriptLine) if w.has_class("coach")]


async def test_free_text_is_recorded_and_resolved(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press("f3", *list("Bonjour, je suis Camille"), "enter")
        await pilot.pause()
        free = [e for e in screen.session.events if e["type"] == "free_text"]
        assert free and free[0]["data"]["text"] == "Bonjour, je suis Camille"
        assert free[0]["data"]["choice"] == "presentation"


@pytest.mark.parametrize("scenario", ["prospection-telephonique", "negociation-prix"])
async def test_shipped_scenarios_play_to_debrief_with_keys(make_app: AppFactory,
                                                            scenario: str) -> None:
    app = make_app(play=scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        session = screen.session
        for _ in range(60):
            if session.ended:
                break
            if isinstance(app.screen, LimitsDialog):      # a deal outside the limits
                await pilot.click("#oui")
                await pilot.pause()
                continue
            kind = session.node.kind
            if kind == "dialogue":
                number = next(c.number for c in session.choices if c.enabled)
                await pilot.press(str(number))
            elif kind == "negociation":
                await pilot.press("f7" if session.node.negotiation
                                  and session.node.negotiation.client_offer else "ctrl+o")
            elif kind == "tache":
                await pilot.press("ctrl+s")
            await pilot.pause()
        assert session.ended
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.result is not None


def test_offer_form_preview_text() -> None:
    from simulator.tui.widgets.offer_form import preview_text

    text = preview_text({"prix_net": 100.0, "montant": 200.0, "marge": 50.0,
                         "taux_marge": 25.0, "ecart_plancher": -3.0}, 8, 5)
    assert "au-delà de la délégation" in text and "-3,00\u00a0€" in text
    assert OfferForm is not None


async def test_palette_and_help_are_french(make_app: AppFactory) -> None:
    from textual.command import CommandPalette

    from simulator.tui.screens.help import HelpScreen

    app = make_app(play=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*list("Aide"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen._keys)
        assert keys.get("1…9") == "Choisir la réponse de ce numéro"
        assert "Dossier" in keys.values() and "Quitter" in keys.values()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_replay_override_changes_the_grid(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press(digit_of(screen.session, "presentation"), "1", "f8", "o")
        await pilot.pause()
        assert screen.session.ended
        log_path = screen.log_path
    app = make_app(replay=log_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        step = next(i for i, e in enumerate(replay.loaded.events if replay.loaded else [])
                    if e["type"] == "choice_made")
        for _ in range(step):
            await pilot.press("n")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*list("Présentation hésitante"), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("b")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        c12 = next(c for c in debrief.result.scoring.criteria() if c.id == "C1.2")
        assert c12.decision == "acquis" and c12.override is not None
        assert c12.override.justification == "Présentation hésitante"


async def test_interrupted_session_is_resumed_from_home(make_app: AppFactory) -> None:
    app = make_app(play=DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, app)
        await pilot.press(digit_of(screen.session, "presentation"))
        await pilot.pause()
        log_path = screen.log_path
        await pilot.press("ctrl+q", "r")
        await pilot.pause()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.query_one("#sessions").focus()
        await pilot.press("down", "ctrl+e")
        await pilot.pause()
        resumed = app.screen
        assert isinstance(resumed, SessionScreen), [n.message for n in app._notifications]
        assert resumed.log_path == log_path
        assert resumed.session.node.id == "decideur"
        assert any(isinstance(w, TranscriptLine) and w.has_class("coach")
                   for w in resumed.query(TranscriptLine))
        await pilot.press("1")
        await pilot.pause()
        assert resumed.session.node.kind == "negociation"
    types = log_types(log_path)
    assert "session_resumed" in types
    assert types.index("session_resumed") < len(types) - 1
