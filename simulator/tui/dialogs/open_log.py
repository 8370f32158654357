"""Ask for the path of a session log to replay."""

from __future__ import annotations

from pathlib import Path

from simulator.tui.dialogs.prompt import PromptDialog, Refused


class OpenLogDialog(PromptDialog[Path]):
    """Dismiss with the path typed (checked to exist) or None."""

    TITLE_TEXT = "Rejouer un journal de session"
    PROMPT = "Chemin du fichier .jsonl (Entrée pour ouvrir, Échap pour annuler) :"
    PLACEHOLDER = "sessions/….jsonl"
    FIELD_ID = "chemin"

    def read(self, text: str) -> Path:
        path = Path(text.strip()).expanduser()
        if not text.strip() or not path.is_file():
            raise Refused(f"Fichier introuvable : {text}")
        return path
