"""Command palette provider: the main actions of the app and of the current screen, in French."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteCommand = tuple[str, str, Callable[[], object]]   # label, help, callback


@runtime_checkable
class HasPaletteCommands(Protocol):
    """A screen that contributes commands to the palette."""

    def palette_commands(self) -> Iterable[PaletteCommand]: ...


class NtcCommands(Provider):
    """Global actions (home, help, replay a log, quit) + the active screen's own actions."""

    def _commands(self) -> list[PaletteCommand]:
        app = self.app
        commands: list[PaletteCommand] = []
        screen = self.screen
        if isinstance(screen, HasPaletteCommands):
            commands.extend(screen.palette_commands())
        run = app.run_action
        commands.extend([
            ("Aide", "Touches et déroulé d'une session", lambda: run("help")),
            ("Accueil", "Revenir à l'accueil (confirmation si une session est en cours)",
             lambda: run("go_home")),
            ("Rejouer un journal…", "Ouvrir le rejeu d'un fichier de session",
             lambda: run("open_log")),
            ("Quitter", "Quitter l'application", lambda: run("quit_app")),
        ])
        return commands

    async def discover(self) -> Hits:
        for label, help_text, callback in self._commands():
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)
