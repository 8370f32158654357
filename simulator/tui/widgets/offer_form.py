"""Negotiation offer form: the terms and the counterparts asked, with margin and floor
distance updated as you type.

The counterparts take one line (a list of seven checkboxes left the transcript two lines at
80×24): F6 or Entrée on that line opens `CounterpartsDialog`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from simulator.nlu.numbers import parse_number
from simulator.scenario.model import COUNTERPARTS
from simulator.tui import formatting as fmt

# issue, label, unit
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("prix_unitaire", "Prix", "€"),
    ("remise", "Remise", "%"),
    ("quantite", "Quantité", ""),
    ("delai_paiement", "Paiement", "j"),
    ("livraison", "Livraison", "j"),
    ("services", "Services", ""),
)
# The offer's key for the counterparts the seller asks (engine/nodes/negotiation_terms.py).
COUNTERPARTS_KEY = "contreparties"


def counterpart_name(cid: str) -> str:
    """The vocabulary's wording without its parenthesis (« référence client »): the summary
    line stays short, the dialog and the buyer's lines say it in full."""
    return COUNTERPARTS.get(cid, cid).split(" (")[0]


def preview_text(margin: dict[str, float], discount: float, authority: float) -> str:
    """One French line about the offer being typed."""
    gap = margin.get("ecart_plancher", 0.0)
    gap_style = "green" if gap >= 0 else "bold red"
    auth = (f"[green]remise dans la délégation (≤ {fmt.number(authority, 1)} %)[/]"
            if discount <= authority else
            f"[bold red]remise au-delà de la délégation ({fmt.number(authority, 1)} %)[/]")
    return (f"Prix net {fmt.euros(margin.get('prix_net'), 2)} · montant "
            f"{fmt.euros(margin.get('montant'))} · marge {fmt.euros(margin.get('marge'))} "
            f"({fmt.percent(margin.get('taux_marge'))})\n"
            f"Écart au prix plancher : [{gap_style}]{'+' if gap >= 0 else ''}"
            f"{fmt.euros(gap, 2)}[/] par unité · {auth}")


def counterparts_summary(asked: list[str]) -> str:
    """The summary line: the counterparts asked (short labels) and the key to change them."""
    if not asked:
        return ("[b]En échange\u00a0:[/b] aucune contrepartie "
                "[dim]— F6 pour en demander[/dim]")
    names = ", ".join(escape(counterpart_name(cid)) for cid in asked)
    return f"[b]En échange\u00a0:[/b] {names} [dim]— F6 pour modifier[/dim]"


class CounterpartsLine(Static, can_focus=True):
    """The counterparts asked, on one line (wrapping); Entrée or a click opens the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Contreparties", show=False),
    ]

    class Choose(Message):
        """The trainee wants to change the counterparts asked."""

    def action_choose(self) -> None:
        self.post_message(self.Choose())

    def on_click(self) -> None:
        self.post_message(self.Choose())


class OfferForm(Vertical):
    """Six inputs, the counterparts asked (one line, a dialog to change them), a live
    preview line and the three actions."""

    DEFAULT_CSS = """
    OfferForm { height: auto; border: round $primary 50%; padding: 0 1; }
    OfferForm Grid { grid-size: 3; grid-gutter: 0 2; height: auto; grid-rows: 1; }
    OfferForm .champ { height: 1; }
    OfferForm .champ Label { width: 15; color: $text-muted; }
    OfferForm .champ Input { border: none; height: 1; padding: 0; width: 1fr; }
    OfferForm .champ Input:focus { background: $accent 20%; }
    OfferForm #contreparties { height: auto; }
    OfferForm #contreparties:focus { background: $accent 20%; }
    OfferForm #apercu { height: 2; margin-top: 0; }
    OfferForm #boutons { height: 1; }
    OfferForm Button { margin-right: 2; }
    """

    @dataclass
    class Action(Message):
        """`proposer`, `accepter` or `rompre`, with the offer typed (for `proposer`)."""

        action: str
        offer: dict[str, float]

    def __init__(self, preview: Callable[[dict[str, float]], dict[str, float]] | None = None,
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._preview = preview
        self.authority = 0.0
        self.border_title = "Votre offre"
        self._asked: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        with Grid():
            for issue, label, unit in FIELDS:
                with Horizontal(classes="champ"):
                    yield Label(f"{label}{' (' + unit + ')' if unit else ''} :")
                    yield Input(id=f"offre-{issue}", compact=True)
        line = CounterpartsLine(counterparts_summary([]), id="contreparties")
        line.tooltip = "Ce que vous demandez au client en échange (F6)"
        yield line
        yield Static("", id="apercu")
        with Horizontal(id="boutons"):
            yield Button("Proposer (Ctrl+O)", id="proposer", variant="primary", compact=True)
            yield Button("Accepter la contre-offre (F7)", id="accepter", compact=True)
            yield Button("Rompre (F8)", id="rompre", variant="error", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)

    def set_values(self, values: dict[str, Any], authority: float) -> None:
        """Fill the inputs (the trainee's last offer or the standard terms)."""
        self.authority = authority
        for issue, _, _ in FIELDS:
            value = values.get(issue)
            text = "" if value is None else fmt.number(value, 2).replace("\u202f", "")
            if text.endswith(",00"):
                text = text[:-3]
            self.query_one(f"#offre-{issue}", Input).value = text
        self.set_counterparts(values.get(COUNTERPARTS_KEY) or ())
        self.update_preview()

    def set_counterparts(self, asked: Any) -> None:
        """Ask these counterparts (ids outside the vocabulary are ignored)."""
        self._asked = frozenset(str(cid) for cid in asked if str(cid) in COUNTERPARTS)
        self.query_one("#contreparties", Static).update(
            counterparts_summary(self.counterparts()))

    def choose_counterparts(self) -> None:
        """Open the list of counterparts; what is validated there is asked."""
        from simulator.tui.dialogs.counterparts import CounterpartsDialog

        def chosen(asked: frozenset[str] | None) -> None:
            if asked is not None:
                self.set_counterparts(asked)

        self.app.push_screen(CounterpartsDialog(self._asked), chosen)

    def on_counterparts_line_choose(self, event: CounterpartsLine.Choose) -> None:
        event.stop()
        self.choose_counterparts()

    def offer(self) -> dict[str, float]:
        """The terms typed, as numbers (fields left empty or invalid are left out)."""
        out: dict[str, float] = {}
        for issue, _, _ in FIELDS:
            number = parse_number(self.query_one(f"#offre-{issue}", Input).value)
            if number is not None:
                out[issue] = number
        return out

    def counterparts(self) -> list[str]:
        """The counterparts asked, in the vocabulary's order."""
        return [cid for cid in COUNTERPARTS if cid in self._asked]

    def update_preview(self) -> None:
        preview = self.query_one("#apercu", Static)
        if self._preview is None:
            return
        offer = self.offer()
        try:
            margin = self._preview(offer)
        except (ValueError, ZeroDivisionError):
            preview.update("[red]Offre incomplète.[/]")
            return
        preview.update(preview_text(margin, offer.get("remise", 0.0), self.authority))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.update_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Action("proposer", self.offer()))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.post_message(self.Action(event.button.id, self.offer()))
