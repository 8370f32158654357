"""Questions answered by a button: yes/no (resume an interrupted session, break off a
negotiation) and leaving a running session (resume later or abandon). One typed dialog,
`ChoiceDialog[T]`: each button dismisses with its value, Échap with `ESCAPE`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

T = TypeVar("T")
Variant = Literal["default", "primary", "success", "warning", "error"]


@dataclass(frozen=True)
class Answer(Generic[T]):
    """One button: its id, label, the value it dismisses with, its colour."""

    id: str
    label: str
    value: T
    variant: Variant = "default"


class ChoiceDialog(ModalScreen[T], Generic[T]):
    """A title, a message and buttons (left to right); the `focused` one is the default."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: thick $warning 70%; background: $surface; padding: 1 2;
    }
    ChoiceDialog .titre { text-style: bold; margin-bottom: 1; }
    ChoiceDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ChoiceDialog Button { margin-left: 2; }
    """
    COMPACT: ClassVar[bool] = False

    def __init__(self, title: str, message: str, answers: Sequence[Answer[T]], *,
                 focused: str, escape: T) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._answers = {a.id: a for a in answers}
        self._focused = focused
        self._escape = escape

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="titre")
            yield Static(self._message)
            with Horizontal():
                for answer in self._answers.values():
                    yield Button(answer.label, id=answer.id, variant=answer.variant,
                                 compact=self.COMPACT)

    def on_mount(self) -> None:
        self.query_one(f"#{self._focused}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._answers[str(event.button.id)].value)

    def action_answer(self, answer_id: str) -> None:
        """Dismiss as if the button `answer_id` was pressed (key bindings)."""
        self.dismiss(self._answers[answer_id].value)

    def action_escape(self) -> None:
        self.dismiss(self._escape)


class ConfirmDialog(ChoiceDialog[bool]):
    """Ask a question; dismiss with True (confirm) or False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Annuler"),
        Binding("o", "answer('oui')", "Oui", show=False),
        Binding("n", "answer('non')", "Non", show=False),
    ]

    def __init__(self, title: str, message: str, confirm_label: str = "Oui",
                 cancel_label: str = "Non") -> None:
        super().__init__(title, message, [
            Answer("non", cancel_label, False),
            Answer("oui", confirm_label, True, "warning"),
        ], focused="non", escape=False)


class LeaveSessionDialog(ChoiceDialog[str | None]):
    """Leaving a running session: « Reprendre plus tard » (default) keeps it resumable,
    « Abandonner » ends it for good; Échap stays in the session. Dismisses with `plus_tard`,
    `abandonner` or None."""

    DEFAULT_CSS = """
    LeaveSessionDialog > Vertical { width: 70; max-width: 100%; }
    LeaveSessionDialog Button { margin-left: 1; }
    """
    COMPACT = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Continuer la session"),
        Binding("r", "answer('plus_tard')", "Reprendre plus tard", show=False),
        Binding("a", "answer('abandonner')", "Abandonner", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(
            "Quitter la session en cours\u202f?",
            "« Reprendre plus tard » (R, le choix par défaut) garde la session : l'accueil "
            "vous la propose en premier (Ctrl+E). « Abandonner » (A) la termine : elle ne "
            "pourra plus être reprise. Échap : continuer. Le journal conserve tout ce qui a "
            "été fait.",
            [Answer("rester", "Continuer", None),
             Answer("abandonner", "Abandonner", "abandonner", "error"),
             Answer("plus_tard", "Reprendre plus tard", "plus_tard", "primary")],
            focused="plus_tard", escape=None)
