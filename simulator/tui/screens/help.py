"""Help screen: the keys of the screen it was opened from, and how the app works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, Static

GUIDE = """\
## Déroulé d'une session

1. **Accueil** : saisissez votre nom, choisissez le mode (entraînement ou examen, F6) et un
   scénario (Entrée ou F5). Les sessions récentes se rejouent avec Entrée ; Ctrl+O ouvre un
   journal quelconque.
2. **Dossier** : lisez le brief, l'entreprise, le fichier clients (filtre `/`, tri `s`,
   Entrée pour la fiche d'une entreprise), la carte et les indicateurs (Ctrl+← / Ctrl+→
   pour changer d'onglet), puis commencez (F5).
   Le dossier reste consultable pendant la session (F2).
3. **Entretien** : répondez avec vos mots (F3, puis Entrée) : le simulateur comprend votre
   phrase ; en entraînement, il dit « compris comme : … » avant d'agir. En examen, les
   répliques proposées sont masquées, comme à l'épreuve ; en entraînement, F5 les affiche
   ou les masque (touches 1 à 9, flèches, Entrée). Les chiffres choisissent toujours une
   réplique, sauf dans un champ où vous êtes entré.
4. **Négociation** : F4 passe des répliques au formulaire d'offre et inversement ; ce que
   vous avez tapé reste en place si vous choisissez une réplique entre-temps. La marge et
   l'écart au prix plancher se mettent à jour pendant la saisie. F6 ouvre la liste des
   contreparties à demander en échange (Espace pour cocher, Entrée pour valider). Proposez
   (Ctrl+O ou Entrée dans un champ), acceptez la contre-offre (F7) ou rompez (F8).
5. **Tâches** : remplissez le formulaire (Tab pour passer d'un champ à l'autre, Espace pour
   cocher, - / + pour déplacer une étape de tournée) puis validez (Ctrl+S).
6. **Bilan** : chaque critère est acquis, non acquis ou non évalué ; Entrée ouvre ses preuves,
   Entrée sur une preuve montre le moment de l'échange. Exportez la grille en HTML (e).

En mode **examen**, le chrono décompte et le coach se tait.

**Quitter en cours de session** (Échap ou Ctrl+Q) : « Reprendre plus tard » (le choix par
défaut) garde la session ; l'accueil la propose en premier et **Ctrl+E** la reprend là où
vous l'avez laissée. « Abandonner » la termine pour de bon. Dans les deux cas, le journal
garde tout ce qui a été fait. Ctrl+Q quitte de partout.

**Rejeu** (évaluateur) : avancez pas à pas (← →), consultez les preuves de chaque étape,
annotez (a) ou modifiez la décision d'un critère (d) : notes et décisions sont enregistrées
dans un fichier signé à côté du journal, jamais dans le journal du stagiaire.
"""


class HelpScreen(ModalScreen[None]):
    """Lists the bindings given by the caller (key label, description)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: 90%;
        border: thick $primary 60%; background: $surface; padding: 0 1;
    }
    HelpScreen #touches { height: auto; margin-bottom: 1; }
    HelpScreen Markdown { height: auto; margin: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Fermer"),
        Binding("f1", "close", "Fermer", show=False),
        Binding("q", "close", "Fermer", show=False),
    ]

    def __init__(self, screen_title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._screen_title = screen_title
        self._keys = keys

    def compose(self) -> ComposeResult:
        table = Table(title=f"Touches — {self._screen_title}", expand=True, show_edge=False)
        table.add_column("Touche", style="bold cyan", no_wrap=True)
        table.add_column("Action")
        for key, description in self._keys:
            table.add_row(key, description)
        with VerticalScroll():
            yield Static(table, id="touches")
            yield Markdown(GUIDE)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
