"""A one-line question in a modal: the typed text is read into a value or refused with a
French message (the evaluator's name before an exam resume, the path of a log to replay)."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

T = TypeVar("T")


class Refused(ValueError):
    """What the trainee typed cannot be used; the message says why (French)."""


class PromptDialog(ModalScreen[T | None], Generic[T]):
    """Dismiss with `read(text)`, or None on Échap. Subclasses set the texts and `read`,
    which raises `Refused` to keep the dialog open with its message."""

    TITLE_TEXT: ClassVar[str] = ""
    PROMPT: ClassVar[str] = ""
    PLACEHOLDER: ClassVar[str] = ""
    FIELD_ID: ClassVar[str] = "reponse"
    ACCENT: ClassVar[str] = "primary"          # border colour: primary | warning

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $primary 70%; background: $surface; padding: 1 2;
    }
    PromptDialog > Vertical.-warning { border: thick $warning 70%; }
    PromptDialog #erreur { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes=f"-{self.ACCENT}"):
            yield Label(f"[b]{self.TITLE_TEXT}[/b]")
            yield Static(self.PROMPT)
            yield Input(self._initial, placeholder=self.PLACEHOLDER, id=self.FIELD_ID)
            yield Static("", id="erreur")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        field.focus()

    def read(self, text: str) -> T:
        """The value of what was typed; `Refused` when it cannot be used."""
        raise NotImplementedError

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = self.read(event.value)
        except Refused as exc:
            self.query_one("#erreur", Static).update(str(exc))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
