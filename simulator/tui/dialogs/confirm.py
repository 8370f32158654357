"""Yes/no confirmation dialog (abandon a session, quit)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask a question; dismiss with True (confirm) or False."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: thick $warning 70%; background: $surface; padding: 1 2;
    }
    ConfirmDialog .titre { text-style: bold; margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmDialog Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuler"),
        Binding("o", "confirm", "Oui", show=False),
        Binding("n", "cancel", "Non", show=False),
    ]

    def __init__(self, title: str, message: str, confirm_label: str = "Oui",
                 cancel_label: str = "Non") -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._confirm_label = confirm_label
        self._cancel_label = cancel_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="titre")
            yield Static(self._message)
            with Horizontal():
                yield Button(self._cancel_label, id="non")
                yield Button(self._confirm_label, id="oui", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#non", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "oui")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class LeaveSessionDialog(ModalScreen[str | None]):
    """Leaving a running session: « Reprendre plus tard » (default) keeps it resumable,
    « Abandonner » ends it for good; Échap stays in the session. Dismisses with `plus_tard`,
    `abandonner` or None."""

    DEFAULT_CSS = """
    LeaveSessionDialog { align: center middle; }
    LeaveSessionDialog > Vertical {
        width: 70; max-width: 100%; height: auto;
        border: thick $warning 70%; background: $surface; padding: 1 2;
    }
    LeaveSessionDialog .titre { text-style: bold; margin-bottom: 1; }
    LeaveSessionDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    LeaveSessionDialog Button { margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", "Continuer la session"),
        Binding("r", "later", "Reprendre plus tard", show=False),
        Binding("a", "abandon", "Abandonner", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Quitter la session en cours\u202f?", classes="titre")
            yield Static("« Reprendre plus tard » (R, le choix par défaut) garde la session : "
                         "l'accueil vous la propose en premier (Ctrl+E). « Abandonner » (A) la "
                         "termine : elle ne pourra plus être reprise. Échap : continuer. Le "
                         "journal conserve tout ce qui a été fait.")
            with Horizontal():
                yield Button("Continuer", id="rester", compact=True)
                yield Button("Abandonner", id="abandonner", variant="error", compact=True)
                yield Button("Reprendre plus tard", id="plus_tard", variant="primary",
                             compact=True)

    def on_mount(self) -> None:
        self.query_one("#plus_tard", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "rester" else event.button.id)

    def action_later(self) -> None:
        self.dismiss("plus_tard")

    def action_abandon(self) -> None:
        self.dismiss("abandonner")

    def action_stay(self) -> None:
        self.dismiss(None)
