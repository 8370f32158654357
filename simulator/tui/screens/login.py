"""Connexion: the trainee picks their name among this machine's trainees or creates it.

Several trainees share a machine (or one `ntc serve` for a classroom), so the app asks who
is there before anything is recorded. The input works like a combo box: typing filters the
list, ↑/↓ move in it, Entrée validates (the highlighted name if one was chosen with the
arrows, else the typed name, created when it is new).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rapidfuzz import fuzz
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from simulator.tui import storage

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp

SIMILAR = 85  # rapidfuzz ratio above which a new name is probably a typo of a known one


def _plain(text: str) -> str:
    """Key used to filter and compare names: no case, no accents, single spaces."""
    return storage.folded_name(storage.normalize_name(text))


class LoginScreen(Screen[str | None]):
    """Dismissed with the trainee's registered name, or None when cancelled."""

    HELP_TITLE = "Connexion"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Nom suivant", show=False),
        Binding("up", "move(-1)", "Nom précédent", show=False),
        Binding("escape", "cancel", "Annuler", tooltip="Garder le stagiaire actuel"),
    ]

    def __init__(self, *, cancellable: bool = False, suggest: str = "") -> None:
        super().__init__()
        self.cancellable = cancellable
        self._suggest = suggest            # name highlighted at first (local machine)
        self._names: list[str] = []
        self._shown: list[str] = []
        self._chosen = False               # highlight moved by the trainee (or suggested)

    @property
    def ntc(self) -> NtcApp:
        """The app (typed; the screens never import it at run time)."""
        return cast("NtcApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="connexion"):
            yield Label("[b]Qui êtes-vous ?[/b]", id="connexion-titre")
            yield Static("Choisissez votre nom dans la liste, ou tapez-le pour le créer. "
                         "Entrée pour valider.", id="connexion-consigne")
            yield Input(placeholder="Prénom Nom", id="nom", max_length=storage.NAME_MAX)
            names = OptionList(id="noms")
            names.border_title = "Stagiaires de ce poste"
            names.can_focus = False
            yield names
            yield Static("", id="connexion-aide")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Simulateur NTC — Connexion"
        field = self.query_one("#nom", Input)
        field.cursor_blink = self.ntc.cursor_blink_enabled
        try:
            self._names = storage.list_trainees(self.ntc.options.data_dir)
        except OSError as exc:  # unreadable folder: still usable, names can be typed
            self._names = []
            from simulator.oserrors import os_reason

            self.notify(f"Liste des stagiaires illisible : {os_reason(exc)}.",
                        severity="warning")
        self._fill("")
        if self._suggest in self._shown:
            self._highlight(self._shown.index(self._suggest), chosen=True)
        field.focus()
        self._update_hint()
        self.call_after_refresh(self.ntc.screen_ready)

    # -- list -------------------------------------------------------------------------
    def _fill(self, typed: str) -> None:
        """Show the names containing what is typed (accents and case ignored)."""
        wanted = _plain(typed)
        self._shown = [n for n in self._names if wanted in _plain(n)]
        options = self.query_one("#noms", OptionList)
        options.clear_options()
        if self._shown:
            options.add_options([Option(escape(n)) for n in self._shown])
        elif self._names:
            options.add_option(Option("[dim]Aucun nom ne correspond : Entrée pour le "
                                      "créer.[/dim]", disabled=True))
        else:
            options.add_option(Option("[dim]Aucun stagiaire enregistré sur ce poste : "
                                      "tapez votre nom.[/dim]", disabled=True))
        options.highlighted = None
        self._chosen = False

    def _highlight(self, index: int, *, chosen: bool) -> None:
        self.query_one("#noms", OptionList).highlighted = index
        self._chosen = chosen

    def _exact(self, typed: str) -> str | None:
        key = storage.name_key(typed)
        return next((n for n in self._names if storage.name_key(n) == key), None)

    def _highlighted_name(self) -> str | None:
        index = self.query_one("#noms", OptionList).highlighted
        if index is None or not self._chosen or index >= len(self._shown):
            return None
        return self._shown[index]

    def _update_hint(self, error: str = "") -> None:
        hint = self.query_one("#connexion-aide", Static)
        if error:
            hint.update(f"[b red]{escape(error)}[/]")
            return
        typed = storage.normalize_name(self.query_one("#nom", Input).value)
        picked = self._highlighted_name()
        exact = self._exact(typed) if typed else None
        if picked is not None:
            hint.update(f"Entrée : continuer en tant que [b]{escape(picked)}[/b].")
        elif exact is not None:
            hint.update(f"Entrée : continuer en tant que [b]{escape(exact)}[/b].")
        elif typed:
            more = " ↓ pour choisir dans la liste, ou" if self._shown else ""
            hint.update(f"{more} Entrée : créer le stagiaire « [b]{escape(typed)}[/b] ».".strip())
        elif self._names:
            hint.update("↑ ↓ : choisir un nom · ou tapez le vôtre.")
        else:
            hint.update("Tapez votre prénom et votre nom, puis Entrée.")

    # -- input ------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)
        exact = self._exact(event.value)
        if exact is not None and exact in self._shown:
            self._highlight(self._shown.index(exact), chosen=False)
        self._update_hint()

    def action_move(self, step: int) -> None:
        if not self._shown:
            return
        options = self.query_one("#noms", OptionList)
        current = options.highlighted
        if current is None:
            index = 0 if step > 0 else len(self._shown) - 1
        else:
            index = max(0, min(len(self._shown) - 1, current + step))
        self._highlight(index, chosen=True)
        options.scroll_to_highlight()
        self._update_hint()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        picked = self._highlighted_name()
        if picked is not None:
            self._log_in(picked)
            return
        typed = event.value
        exact = self._exact(typed)
        if exact is not None:
            self._log_in(exact)
            return
        try:
            name = storage.check_name(typed)
        except storage.TraineeNameError as exc:
            self._update_hint(str(exc))
            return
        # a name that shows in the list while typing, or a near spelling: probably a typo
        close = [n for n in self._names
                 if n in self._shown or fuzz.ratio(_plain(n), _plain(name)) >= SIMILAR]
        if close:
            self._confirm_new(name, close)
        else:
            self._log_in(name)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._shown):
            self._log_in(self._shown[event.option_index])

    def _confirm_new(self, name: str, close: list[str]) -> None:
        from simulator.tui.dialogs.confirm import ConfirmDialog

        known = ", ".join(close[:3])

        def answered(yes: bool | None) -> None:
            if yes:
                self._log_in(name)
            else:
                self.query_one("#nom", Input).focus()

        self.app.push_screen(ConfirmDialog(
            "Créer un nouveau stagiaire ?",
            f"Un nom proche existe déjà : {known}.\nCréer « {name} » quand même ?",
            confirm_label="Créer", cancel_label="Revenir"), answered)

    def _log_in(self, name: str) -> None:
        try:
            kept = storage.add_trainee(self.ntc.options.data_dir, name)
        except storage.TraineeNameError as exc:
            self._update_hint(str(exc))
            return
        except OSError as exc:
            from simulator.oserrors import os_reason

            self._update_hint(f"Impossible d'enregistrer le stagiaire : {os_reason(exc)}.")
            return
        self.dismiss(kept)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """« Annuler » exists only when someone is already logged in (change of trainee)."""
        if action == "cancel":
            return self.cancellable
        return True

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)
