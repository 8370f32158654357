"""Ask the evaluator's name before an exam session is resumed (the resume needs them)."""

from __future__ import annotations

from simulator.tui.dialogs.prompt import PromptDialog, Refused


class ResumeAuthorizationDialog(PromptDialog[str]):
    """Dismiss with the evaluator's name, or None to leave the exam log untouched."""

    TITLE_TEXT = "Reprise d'une séance d'examen"
    PROMPT = ("Une séance d'examen ne se reprend qu'avec l'accord de l'évaluateur ; son nom est "
              "enregistré dans le fichier d'évaluation du journal et la reprise figure sur la "
              "grille. Nom de l'évaluateur (Entrée pour reprendre, Échap pour annuler) :")
    PLACEHOLDER = "Mme Dupont"
    FIELD_ID = "evaluateur"
    ACCENT = "warning"

    def read(self, text: str) -> str:
        name = " ".join(text.split())
        if not name:
            raise Refused("Indiquez le nom de l'évaluateur.")
        return name
