"""Negotiation zone: the offer form and the history of offers and counter-offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable

from simulator.tui import formatting as fmt
from simulator.tui.widgets.offer_form import OfferForm

HISTORY_COLUMNS = ("Tour", "Qui", "Prix", "Remise", "Qté", "Paiement", "Livr.", "Serv.",
                   "Suite")
DECISIONS_FR = {"counter": "contre-offre", "accept": "accord", "break": "rupture"}


def history_rows(events: list[dict[str, Any]], node_id: str) -> list[list[str]]:
    """One row per offer made and per client answer on this negotiation node."""

    def cells(round_no: Any, who: str, offer: dict[str, Any], decision: str) -> list[str]:
        return [str(round_no), who, fmt.euros(offer.get("prix_unitaire")),
                fmt.percent(offer.get("remise"), 1), fmt.number(offer.get("quantite")),
                f"{fmt.number(offer.get('delai_paiement'))} j",
                f"{fmt.number(offer.get('livraison'))} j",
                fmt.number(offer.get("services")), decision]

    rows: list[list[str]] = []
    for event in events:
        data = event.get("data", {}) or {}
        if data.get("node") != node_id:
            continue
        if event.get("type") == "offer_made":
            rows.append(cells(data.get("round"), "Vous", data.get("offer", {}) or {}, ""))
        elif event.get("type") == "offer_received":
            decision = DECISIONS_FR.get(str(data.get("decision")), "")
            rows.append(cells(data.get("round"), "Client", data.get("offer", {}) or {},
                              decision))
    return rows


class NegotiationPanel(Vertical):
    """Shows a `NegotiationView` of the engine; the form posts `OfferForm.Action`."""

    DEFAULT_CSS = """
    NegotiationPanel { height: auto; }
    NegotiationPanel #historique { height: auto; max-height: 5; }
    """

    def __init__(self, preview: Callable[[dict[str, float]], dict[str, float]], *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self._preview = preview
        self._filled_for: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield OfferForm(self._preview, id="offre")
        table: DataTable[str] = DataTable(id="historique", cursor_type="row")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in HISTORY_COLUMNS:
            table.add_column(column)

    def show(self, view: Any, events: list[dict[str, Any]], node_id: str,
             standard_payment: object) -> None:
        """Fill the form with the trainee's last offer (or the standard terms) and the
        history table."""
        current = view.last_offer or {
            "prix_unitaire": view.list_price, "remise": 0, "quantite": view.quantity,
            "delai_paiement": standard_payment,
            "livraison": view.product.get("delai_livraison"), "services": 0}
        form = self.query_one(OfferForm)
        form.border_title = (
            f"Votre offre — {escape(str(view.product.get('nom', '')))} · tour {view.round}/"
            f"{view.max_rounds} · liste {fmt.euros(view.list_price)} · plancher "
            f"{fmt.euros(view.floor_price)}")
        # Refill only for a new round: terms typed but not sent survive a reply picked
        # meanwhile (the trainee's work is never wiped by another action).
        if self._filled_for != (node_id, int(view.round)):
            self._filled_for = (node_id, int(view.round))
            form.set_values(dict(current), view.max_discount)
        table: DataTable[str] = self.query_one(DataTable)
        table.clear()
        for row in history_rows(events, node_id):
            table.add_row(*row)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def offer(self) -> dict[str, Any]:
        """The terms typed, with the counterparts ticked (`contreparties`) when any."""
        form = self.query_one(OfferForm)
        asked = form.counterparts()
        return {**form.offer(), **({"contreparties": asked} if asked else {})}
