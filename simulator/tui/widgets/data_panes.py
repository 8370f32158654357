"""The raw files of the dossier: market study, orders, invoices. Pure views of world data
(the orders and invoices as column definitions for a sortable `FileTable`).

They are what the calculation tasks work from (turnover, margin, overdue invoices, market
share); `hidden` names the fields a task asks for, shown « à calculer ».
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from simulator.tui import formatting as fmt

TO_COMPUTE = "à calculer"


def _hide(hidden: frozenset[str], key: str, shown: str) -> Text | str:
    return Text(TO_COMPUTE, style="italic") if key in hidden else shown


def amount(value: Any) -> str:
    """Euros, with cents only when there are some (narrower columns at 80 columns)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt.euros(value, 0 if float(value).is_integer() else 2)
    return fmt.euros(None)


def _yes(value: Any) -> str:
    return "oui" if value is True else "non" if value is False else "—"


def company_names(world: dict[str, Any]) -> dict[str, str]:
    return {str(c.get("id")): str(c.get("raison_sociale", "")) for c in
            world.get("entreprises", []) or [] if isinstance(c, dict)}


def market_view(market: dict[str, Any], hidden: frozenset[str] = frozenset()) -> RenderableType:
    """Size, growth, trend, competitors and sectors of the market."""
    head = Table(title="Étude de marché", expand=True, show_edge=False, show_header=False)
    head.add_column("Donnée", style="bold")
    head.add_column("Valeur", justify="right")
    head.add_row("Taille du marché (€ HT par an)",
                 _hide(hidden, "taille", fmt.euros(market.get("taille"))))
    head.add_row("Croissance annuelle", _hide(hidden, "croissance",
                                              fmt.percent(market.get("croissance"))))
    head.add_row("Tendance", _hide(hidden, "tendance", str(market.get("tendance", "—"))))
    head.add_row("Part de marché de l'entreprise",
                 _hide(hidden, "part_vendeur", fmt.percent(market.get("part_vendeur"))))
    parts: list[RenderableType] = [head]
    rivals = [c for c in market.get("concurrents", []) or [] if isinstance(c, dict)]
    if rivals and "concurrents" not in hidden:
        parts.append(_table("Concurrents", rivals, (
            ("nom", "Concurrent", str, False), ("part", "Part", fmt.percent, True),
            ("ca_estime", "CA estimé", fmt.euros, True),
            ("positionnement", "Positionnement", str, False)), _columns(hidden, "concurrents")))
    sectors = [s for s in market.get("segments", []) or [] if isinstance(s, dict)]
    if sectors and "segments" not in hidden:
        parts.append(_table("Marché par secteur", sectors, (
            ("libelle", "Secteur", str, False), ("taille", "Taille (€ HT)", fmt.euros, True),
            ("croissance", "Croissance", fmt.percent, True),
            ("nb_entreprises", "Entreprises", fmt.number, True),
            ("nb_clients", "Clients", fmt.number, True),
            ("part_vendeur", "Part de l'entreprise", fmt.percent, True)),
            _columns(hidden, "segments")))
    trends = [str(t) for t in market.get("tendances", []) or []]
    if trends and "tendances" not in hidden:
        parts.append(Text("Tendances du marché\n", style="bold")
                     + Text("\n".join(f"- {t}" for t in trends)))
    return Group(*parts)


def _columns(hidden: frozenset[str], table: str) -> frozenset[str]:
    """Columns of a market table that give an answer away (`concurrents.part`): not shown."""
    prefix = f"{table}."
    return frozenset(p[len(prefix):] for p in hidden if p.startswith(prefix))


def _table(title: str, rows: list[dict[str, Any]],
           columns: tuple[tuple[str, str, Callable[[Any], str], bool], ...],
           dropped: frozenset[str]) -> Table:
    table = Table(title=title, expand=True, show_edge=False)
    shown = [c for c in columns if c[0] not in dropped]
    for _key, header, _show, right in shown:
        table.add_column(header, justify="right" if right else "left")
    for row in rows:
        cells = []
        for key, _header, show, _right in shown:
            value = row.get(key, "")
            if key == "libelle":
                value = row.get("libelle", row.get("secteur", ""))
            cells.append(show(value))
        table.add_row(*cells)
    return table


@dataclass(frozen=True)
class FileColumn:
    """A column of a raw file: the value it is sorted on, and how it is shown."""

    key: str
    header: str
    value: Callable[[dict[str, Any]], Any]
    show: Callable[[Any], str] = str
    right: bool = False


def newest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The order the files open in: newest first (by their `date`)."""
    return sorted(rows, key=lambda r: str(r.get("date", "")), reverse=True)


def _field(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row.get(key)


def _client(names: dict[str, str]) -> Callable[[dict[str, Any]], Any]:
    return lambda row: names.get(str(row.get("entreprise_id")), "")


def order_columns(names: dict[str, str]) -> tuple[FileColumn, ...]:
    """Every order of the last 24 months; the figures first, to fit in 80 columns (the
    names scroll)."""
    return (
        FileColumn("date", "Date", _field("date"), lambda v: str(v or "")),
        FileColumn("quantite", "Qté", _field("quantite"), fmt.number, right=True),
        FileColumn("montant_ht", "Montant HT", _field("montant_ht"), amount, right=True),
        FileColumn("cout", "Coût", _field("cout"), amount, right=True),
        FileColumn("marge", "Marge", _field("marge"), amount, right=True),
        FileColumn("client", "Client", _client(names)),
        FileColumn("produit", "Produit", _field("produit"), lambda v: str(v or "")),
    )


def invoice_columns(names: dict[str, str]) -> tuple[FileColumn, ...]:
    """Every invoice: due date, amount with VAT, payment, days late (for a paid one: at
    payment), then the client (it scrolls at 80 columns)."""
    return (
        FileColumn("id", "Facture", _field("id"), lambda v: str(v or "")),
        FileColumn("echeance", "Échéance", _field("echeance"), lambda v: str(v or "")),
        FileColumn("montant_ttc", "Montant TTC", _field("montant_ttc"), amount, right=True),
        FileColumn("payee", "Payée", _field("payee"), _yes),
        FileColumn("en_retard", "Retard", _field("en_retard"), _yes),
        FileColumn("jours_retard", "Jours", _field("jours_retard"), fmt.number, right=True),
        FileColumn("client", "Client", _client(names)),
    )
