"""The Textual application: shell, global bindings, screen navigation."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from simulator.tui import nbsp
from simulator.tui.commands import NtcCommands
from simulator.tui.messages import ReplayRequested
from simulator.tui.options import AppOptions
from simulator.tui.storage import Profile, add_trainee, load_profile, save_profile

READY_MARKER = "NTC-READY"
MIN_SIZE = (80, 24)
GENERIC_KEYS: list[tuple[str, str]] = [
    ("tab / maj+tab", "Passer à la zone suivante / précédente"),
    ("↑ ↓", "Se déplacer dans une liste"),
    ("entrée", "Valider, ouvrir"),
    ("échap", "Revenir, fermer"),
]


def _own_binding(node: object, binding: Binding) -> bool:
    """Was this binding declared by one of our classes (French description)?"""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("simulator.tui"):
            continue
        for declared in cls.__dict__.get("BINDINGS", []):
            if isinstance(declared, Binding) and declared.action == binding.action:
                return True
    return False


nbsp.install()


class NtcApp(App[int]):
    """Simulateur NTC."""

    TITLE = "Simulateur NTC"
    SUB_TITLE = "Négociateur technico-commercial"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {NtcCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-etroit"), (110, "-large")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_app", "Quitter", priority=True),
        Binding("f1", "help", "Aide"),
        Binding("ctrl+p", "command_palette", "Commandes", show=False, priority=True,
                tooltip="Ouvrir la palette de commandes"),
    ]

    def __init__(self, options: AppOptions) -> None:
        super().__init__()
        self.options = options
        self.clock = options.clock
        self.cursor_blink_enabled = options.cursor_blink
        self.profile: Profile = load_profile(options.data_dir)
        if options.served:
            self.profile = Profile(mode=self.profile.mode)
        known = options.trainee or (options.play.trainee if options.play else None)
        if known:
            self.profile.trainee = known
        self._ready_sent = False
        # (catalogue, competence titles) once loaded by the home screen
        self.catalogue_cache: tuple[Any, dict[str, str]] | None = None
        self._warned_small = False

    # -- start-up ---------------------------------------------------------------------
    def on_mount(self) -> None:
        from simulator.tui.screens.home import HomeScreen

        if self.options.replay is None and self.needs_login:
            # Login first, alone: the home screen is built once the trainee is known (a
            # classroom starting 25 apps at once waits for this first frame).
            self.ask_trainee(first=True)
            return
        self.push_screen(HomeScreen())
        if self.options.replay is not None:       # the evaluator's replay: nobody logs in
            self.open_replay(self.options.replay)
            return
        self._register_trainee(self.profile.trainee)
        if self.options.play is not None:
            self.open_play_request()

    @property
    def needs_login(self) -> bool:
        """No identity given by the launcher: the trainee says who they are at start."""
        play = self.options.play
        return not (self.options.trainee or (play is not None and play.trainee))

    def screen_ready(self) -> None:
        """Called by the first screen once it has drawn (start-up benchmark marker)."""
        if self.options.exit_when_ready and not self._ready_sent:
            self._ready_sent = True
            print(READY_MARKER, file=sys.__stdout__, flush=True)
            self.exit(0)

    # -- identity ---------------------------------------------------------------------
    def ask_trainee(self, *, first: bool = False) -> None:
        """Open the login screen (at start, or to change trainee from the home screen)."""
        from simulator.tui.screens.login import LoginScreen

        suggest = "" if self.options.served else self.profile.trainee
        self.push_screen(LoginScreen(cancellable=not first, suggest=suggest),
                         lambda name: self._logged_in(name, first))

    def _logged_in(self, name: str | None, first: bool) -> None:
        from simulator.tui.screens.home import HomeScreen

        if name is None:
            return
        self.remember(trainee=name)
        if first:
            self.push_screen(HomeScreen(offer_resume=self.options.play is None))
            if self.options.play is not None:
                self.open_play_request()
            return
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.trainee_changed(offer_resume=True)

    def _register_trainee(self, name: str) -> None:
        """Add a name given on the command line to this machine's trainees."""
        try:
            add_trainee(self.options.data_dir, name)
        except (OSError, ValueError):  # a name refused here is still used for this run
            return

    def open_play_request(self) -> None:
        """`ntc play`: straight to the dossier of the requested scenario."""
        request = self.options.play
        assert request is not None
        trainee = request.trainee or self.profile.trainee
        mode = request.mode or self.profile.mode
        self.push_screen(self.dossier_before_session(
            request.scenario, seed=request.seed, trainee=trainee, mode=mode))

    def on_resize(self, event: events.Resize) -> None:
        """Warn once when the terminal is smaller than the supported 80×24."""
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        if small and not self._warned_small:
            self.notify(f"Fenêtre de {event.size.width}×{event.size.height} : agrandissez-la "
                        f"à {MIN_SIZE[0]}×{MIN_SIZE[1]} au moins pour un affichage correct.",
                        title="Terminal trop petit", severity="warning", timeout=8)
        self._warned_small = small

    # -- profile ----------------------------------------------------------------------
    def remember(self, trainee: str | None = None, mode: str | None = None) -> None:
        """Update the remembered trainee identity / mode."""
        if trainee is not None:
            self.profile.trainee = trainee
        if mode is not None:
            self.profile.mode = mode
        if self.options.served:   # one profile file for a whole classroom: keep it in memory
            return
        try:
            save_profile(self.options.data_dir, self.profile)
        except OSError as exc:
            self.notify(f"Profil non enregistré : {exc}", severity="warning")

    # -- navigation -------------------------------------------------------------------
    def running_session_screen(self) -> Screen[Any] | None:
        """The session screen of a session not yet ended, if any is on the stack."""
        for screen in self.screen_stack:
            if getattr(screen, "is_running_session", False):
                return screen
        return None

    # -- screens: built here, so that no screen imports another one (nor this app) ------
    def dossier_screen(self, *, prepared: Any = None, in_session: bool = False,
                       route: Any = None) -> Screen[Any]:
        """The case file of a prepared session (during it: `in_session`; `route`: the
        planned tour drawn on its map)."""
        from simulator.tui.screens.dossier import DossierScreen

        screen = DossierScreen(prepared=prepared, in_session=in_session)
        if route is not None:
            screen.route = route
        return screen

    def dossier_before_session(self, scenario: str, *, seed: int | None, trainee: str,
                               mode: str) -> Screen[Any]:
        """The case file shown before a session starts (builds the world when mounted)."""
        from simulator.tui.screens.dossier import DossierScreen

        return DossierScreen.before_session(scenario, seed=seed, trainee=trainee, mode=mode)

    def start_session_screen(self, prepared: Any) -> Screen[Any]:
        """A new session of `prepared`, its log opened (ServiceError when impossible)."""
        from simulator.tui.screens.session import SessionScreen

        return SessionScreen.start(self, prepared)

    def session_screen(self, session: Any, log_path: Path, prepared: Any) -> Screen[Any]:
        """The screen of a session already running (a resumed one)."""
        from simulator.tui.screens.session import SessionScreen

        return SessionScreen(session, log_path, prepared)

    def debrief_screen(self, log_path: Path) -> Screen[Any]:
        """The scored debrief of a session log."""
        from simulator.tui.screens.debrief import DebriefScreen

        return DebriefScreen(log_path)

    def refresh_home(self) -> None:
        """Reload the recent sessions when the home screen is on top."""
        from simulator.tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_recent()

    def open_replay(self, path: Path) -> None:
        from simulator.tui.screens.replay import ReplayScreen

        self.push_screen(ReplayScreen(path))

    def action_trainer(self) -> None:
        """Open the « Formateur » screen (cohort, livrets, sessions, replay)."""
        from simulator.tui.screens.trainer import TrainerScreen

        if not isinstance(self.screen, TrainerScreen):
            self.push_screen(TrainerScreen())

    def on_replay_requested(self, message: ReplayRequested) -> None:
        self.open_replay(message.path)

    def action_open_log(self) -> None:
        from simulator.tui.dialogs.open_log import OpenLogDialog

        def opened(path: Path | None) -> None:
            if path is not None:
                self.open_replay(path)

        self.push_screen(OpenLogDialog(), opened)

    def action_help(self) -> None:
        from simulator.tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            own = _own_binding(active.node, binding)
            if not own or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            keys.append((self.get_key_display(binding), binding.tooltip or binding.description))
        keys.extend(GENERIC_KEYS)
        title = getattr(screen, "HELP_TITLE", screen.title or "Simulateur NTC")
        self.push_screen(HelpScreen(str(title), keys))

    def _confirm_abandon(self, then: Any) -> None:
        """Leaving a running session: resume later (default) or abandon, then `then()`."""
        from simulator.tui import services
        from simulator.tui.dialogs.confirm import LeaveSessionDialog

        screen = self.running_session_screen()

        def answered(choice: str | None) -> None:
            if choice is None:
                return
            session = getattr(screen, "session", None)
            if choice == "abandonner" and session is not None and not session.ended:
                try:       # recorded in the log itself: the chain says it was abandoned
                    services.abandon(session)
                except services.ServiceError as exc:
                    self.notify(str(exc), title="Abandon", severity="error", timeout=10)
                    return
            then()

        self.push_screen(LeaveSessionDialog(), answered)

    def action_quit_app(self) -> None:
        """Quit from anywhere; confirm first when a session is running."""
        from simulator.tui.dialogs.confirm import ConfirmDialog, LeaveSessionDialog

        if isinstance(self.screen, ConfirmDialog | LeaveSessionDialog):
            return
        if self.running_session_screen() is None:
            self.exit(0)
            return
        self._confirm_abandon(lambda: self.exit(0))

    def action_go_home(self) -> None:
        from simulator.tui.screens.home import HomeScreen

        def go() -> None:
            while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
                self.pop_screen()
            if isinstance(self.screen, HomeScreen):
                self.screen.refresh_recent()

        if self.running_session_screen() is None:
            go()
        else:
            self._confirm_abandon(go)

    def action_command_palette(self) -> None:
        """Textual's palette with a French prompt."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder="Rechercher une commande…"))

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder="Rechercher un thème…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Formateur", "Cohorte, livrets et séances des stagiaires",
                            self.action_trainer)
        yield SystemCommand("Thème", "Changer le thème de couleurs", self.action_change_theme)
        yield SystemCommand("Capture d'écran", "Enregistrer une capture SVG de l'écran",
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
