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
