"""Ask the evaluator's name before an exam session is resumed (the resume needs them)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class ResumeAuthorizationDialog(ModalScreen[str | None]):
    """Dismiss with the evaluator's name, or None to leave the exam log untouched."""

    DEFAULT_CSS = """
    ResumeAuthorizationDialog { align: center middle; }
    ResumeAuthorizationDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $warning 70%; background: $surface; padding: 1 2;
    }
    ResumeAuthorizationDialog #erreur { color: $error; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Reprise d'une séance d'examen[/b]")
            yield Static("Une séance d'examen ne se reprend qu'avec l'accord de l'évaluateur ; "
                         "son nom est enregistré dans le fichier d'évaluation du journal et "
                         "la reprise figure sur la grille. Nom de l'évaluateur (Entrée pour "
                         "reprendre, Échap pour annuler) :")
            yield Input(placeholder="Mme Dupont", id="evaluateur")
            yield Static("", id="erreur")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        if not name:
            self.query_one("#erreur", Static).update("Indiquez le nom de l'évaluateur.")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
