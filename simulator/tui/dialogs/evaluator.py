"""Evaluator dialogs: a note on a moment, an override of a criterion's decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

DECISIONS = ("acquis", "non acquis", "non évalué")


@dataclass(frozen=True)
class NoteInput:
    text: str
    evaluator: str


@dataclass(frozen=True)
class OverrideInput:
    criterion: str
    decision: str
    justification: str
    evaluator: str


_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 98%; height: auto; max-height: 98%;
    border: thick $primary 70%; background: $surface; padding: 0 1;
}}
{name} Label {{ margin-top: 1; }}
{name} #erreur {{ color: $error; height: auto; }}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
{name} RadioSet {{ layout: horizontal; height: auto; }}
"""


class _EvaluatorDialog(ModalScreen[object]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, evaluator: str) -> None:
        super().__init__()
        self._evaluator = evaluator

    def _buttons(self) -> ComposeResult:
        yield Static("", id="erreur")
        with Horizontal():
            yield Button("Annuler", id="annuler")
            yield Button("Enregistrer", id="enregistrer", variant="primary")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        self.query_one(self.initial_focus(), Input).focus()

    def initial_focus(self) -> str:
        """Selector of the input that gets the cursor first."""
        return "Input"

    def error(self, message: str) -> None:
        self.query_one("#erreur", Static).update(message)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "annuler":
            self.dismiss(None)
        else:
            self.save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(_EvaluatorDialog):
    """A free note about one event (`seq`); dismissed with a NoteInput or None."""

    DEFAULT_CSS = _CSS.format(name="NoteDialog")

    def __init__(self, seq: int, evaluator: str) -> None:
        super().__init__(evaluator)
        self.seq = seq

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Note d'évaluateur sur l'événement n° {self.seq}[/b]")
            yield Label("Évaluateur :")
            yield Input(self._evaluator, id="evaluateur", placeholder="Nom de l'évaluateur")
            yield Label("Note :")
            yield Input(id="texte", placeholder="Observation…")
            yield from self._buttons()

    def initial_focus(self) -> str:
        return "#texte" if self._evaluator else "#evaluateur"

    def save(self) -> None:
        evaluator = self.query_one("#evaluateur", Input).value.strip()
        text = self.query_one("#texte", Input).value.strip()
        if not evaluator or not text:
            self.error("Indiquez l'évaluateur et la note.")
            return
        self.dismiss(NoteInput(text, evaluator))


class OverrideDialog(_EvaluatorDialog):
    """Replace a criterion's decision, with a justification."""

    DEFAULT_CSS = _CSS.format(name="OverrideDialog")

    def __init__(self, criteria: list[tuple[str, str]], evaluator: str,
                 selected: str | None = None) -> None:
        super().__init__(evaluator)
        self.criteria = criteria
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Décision de l'évaluateur[/b]")
            yield Label("Critère :")
            yield Select([(f"{cid} {label}"[:70], cid) for cid, label in self.criteria],
                         value=self.selected if self.selected else Select.NULL,
                         prompt="Choisir un critère", id="critere")
            yield Label("Décision :")
            with RadioSet(id="decision"):
                for i, decision in enumerate(DECISIONS):
                    yield RadioButton(decision, value=i == 0)
            yield Label("Justification :")
            yield Input(id="justification", placeholder="Pourquoi cette décision…")
            yield Label("Évaluateur :")
            yield Input(self._evaluator, id="evaluateur", placeholder="Nom de l'évaluateur")
            yield from self._buttons()

    def initial_focus(self) -> str:
        return "#justification"

    def save(self) -> None:
        criterion = self.query_one("#critere", Select).value
        index = self.query_one("#decision", RadioSet).pressed_index
        justification = self.query_one("#justification", Input).value.strip()
        evaluator = self.query_one("#evaluateur", Input).value.strip()
        if not isinstance(criterion, str) or index < 0 or not justification or not evaluator:
            self.error("Critère, décision, justification et évaluateur sont obligatoires.")
            return
        self.dismiss(OverrideInput(criterion, DECISIONS[index], justification, evaluator))
