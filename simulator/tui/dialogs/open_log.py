"""Ask for the path of a session log to replay."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class OpenLogDialog(ModalScreen[Path | None]):
    """Dismiss with the path typed (checked to exist) or None."""

    DEFAULT_CSS = """
    OpenLogDialog { align: center middle; }
    OpenLogDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $primary 70%; background: $surface; padding: 1 2;
    }
    OpenLogDialog #erreur { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Rejouer un journal de session[/b]")
            yield Static("Chemin du fichier .jsonl (Entrée pour ouvrir, Échap pour annuler) :")
            yield Input(self._initial, placeholder="sessions/….jsonl", id="chemin")
            yield Static("", id="erreur")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip() or not path.is_file():
            self.query_one("#erreur", Static).update(f"Fichier introuvable : {event.value}")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
