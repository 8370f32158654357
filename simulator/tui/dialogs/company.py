"""Detail of one company of the client file: its record and its contacts."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from simulator.tui import formatting as fmt

FIELDS: tuple[tuple[str, str], ...] = (
    ("raison_sociale", "Raison sociale"), ("forme_juridique", "Forme juridique"),
    ("siret", "SIRET"), ("naf_libelle", "Activité (NAF)"), ("secteur_libelle", "Secteur"),
    ("adresse", "Adresse"), ("code_postal", "Code postal"), ("commune", "Commune"),
    ("telephone", "Téléphone"), ("email", "E-mail"), ("effectif", "Effectif"),
    ("ca_annuel", "CA annuel"), ("statut", "Statut"), ("segment", "Segment"),
    ("potentiel", "Potentiel"), ("concurrent", "Fournisseur actuel"),
    ("dernier_contact", "Dernier contact"), ("ca_12_mois", "CA 12 mois"),
    ("encours", "Encours"), ("retard_paiement", "Retard de paiement"),
    ("distance_km", "Distance (km)"),
)
AMOUNTS = frozenset({"ca_annuel", "ca_12_mois", "encours"})


DATES = frozenset({"dernier_contact", "derniere_commande"})


def show_value(key: str, value: Any) -> str:
    if key in DATES:
        return fmt.date_fr(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return fmt.euros(value) if key in AMOUNTS else fmt.number(value)
    return "—" if value in (None, "") else str(value)


class CompanyDialog(ModalScreen[None]):
    """Read-only card of a company and the people known there."""

    DEFAULT_CSS = """
    CompanyDialog { align: center middle; }
    CompanyDialog > VerticalScroll {
        width: 90; max-width: 100%; height: 90%;
        border: thick $primary 60%; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Fermer"),
        Binding("enter", "close", "Fermer", show=False),
    ]

    def __init__(self, company: dict[str, Any], contacts: list[dict[str, Any]], *,
                 hidden: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.company = company
        self.hidden = hidden              # fields the trainee has to compute
        self.contacts = contacts

    def compose(self) -> ComposeResult:
        card = Table(show_header=False, expand=True, show_edge=False,
                     title=str(self.company.get("raison_sociale", "")))
        card.add_column("Champ", style="bold")
        card.add_column("Valeur")
        for key, label in FIELDS:
            if key in self.company and not (key == "code_postal" and not self.company[key]):
                card.add_row(label, "à calculer" if key in self.hidden
                             else show_value(key, self.company[key]))
        people = Table(title="Contacts", expand=True, show_edge=False)
        for header in ("Nom", "Fonction", "Téléphone", "E-mail"):
            people.add_column(header)
        for contact in self.contacts:
            name = " ".join(str(contact.get(k, "")) for k in ("civilite", "prenom", "nom"))
            people.add_row(name, str(contact.get("fonction", "")),
                           str(contact.get("telephone", "")), str(contact.get("email", "")))
        with VerticalScroll():
            yield Static(card)
            yield Static(people)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
