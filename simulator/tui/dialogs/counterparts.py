"""The counterparts the seller asks in exchange for a concession, picked in a list.

The offer form shows them on one line (it must fit at 80×24 beside the transcript); this
dialog lists them in full French, Espace ticks, Entrée validates, Échap keeps the previous
choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, Static

from simulator.french.typography import typeset
from simulator.scenario.model import COUNTERPARTS


def counterpart_label(cid: str) -> str:
    """The vocabulary's French wording, capitalised for a list (« Contrat de maintenance »)."""
    text = typeset(COUNTERPARTS.get(cid, cid))
    return text[:1].upper() + text[1:]


class CounterpartsDialog(ModalScreen[frozenset[str]]):
    """Dismissed with the counterparts ticked; Échap dismisses with those given."""

    DEFAULT_CSS = """
    CounterpartsDialog { align: center middle; }
    CounterpartsDialog > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary 70%; background: $surface; padding: 0 1;
    }
    CounterpartsDialog .titre { text-style: bold; }
    CounterpartsDialog .aide { color: $text-muted; }
    CounterpartsDialog SelectionList { height: auto; max-height: 9; border: none;
                                       padding: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: Entrée would otherwise toggle the highlighted line (OptionList's select).
        Binding("enter", "validate", "Valider", priority=True),
        Binding("escape", "cancel", "Annuler"),
    ]

    def __init__(self, asked: Iterable[str] = ()) -> None:
        super().__init__()
        self._asked = frozenset(asked)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("En échange, vous demandez\u00a0:", classes="titre")
            yield SelectionList[str](
                *((counterpart_label(cid), cid, cid in self._asked) for cid in COUNTERPARTS),
                id="liste-contreparties")
            yield Static("Espace\u00a0: cocher · Entrée\u00a0: valider · "
                         "Échap\u00a0: annuler", classes="aide")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_validate(self) -> None:
        self.dismiss(frozenset(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(self._asked)
