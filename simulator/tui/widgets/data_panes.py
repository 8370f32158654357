"""The raw files of the dossier: market study, orders, invoices. Pure views of world data.

They are what the calculation tasks work from (turnover, margin, overdue invoices, market
share); `hidden` names the fields a task asks for, shown « à calculer ».
"""

from __future__ import annotations

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
        table = Table(title="Concurrents", expand=True, show_edge=False)
        table.add_column("Concurrent")
        table.add_column("Part", justify="right")
        table.add_column("CA estimé", justify="right")
        table.add_column("Positionnement")
        for rival in rivals:
            table.add_row(str(rival.get("nom", "")),
                          fmt.percent(rival.get("part")), fmt.euros(rival.get("ca_estime")),
                          str(rival.get("positionnement", "")))
        parts.append(table)
    sectors = [s for s in market.get("segments", []) or [] if isinstance(s, dict)]
    if sectors and "segments" not in hidden:
        table = Table(title="Marché par secteur", expand=True, show_edge=False)
        for header in ("Secteur", "Taille (€ HT)", "Croissance", "Entreprises", "Clients",
                       "Part de l'entreprise"):
            table.add_column(header, justify="left" if header == "Secteur" else "right")
        for sector in sectors:
            table.add_row(str(sector.get("libelle", sector.get("secteur", ""))),
                          fmt.euros(sector.get("taille")),
                          fmt.percent(sector.get("croissance")),
                          fmt.number(sector.get("nb_entreprises")),
                          fmt.number(sector.get("nb_clients")),
                          fmt.percent(sector.get("part_vendeur")))
        parts.append(table)
    trends = [str(t) for t in market.get("tendances", []) or []]
    if trends and "tendances" not in hidden:
        parts.append(Text("Tendances du marché\n", style="bold")
                     + Text("\n".join(f"- {t}" for t in trends)))
    return Group(*parts)


def orders_table(orders: list[dict[str, Any]], names: dict[str, str],
                 hidden: frozenset[str] = frozenset()) -> Table:
    """Every order of the last 24 months, newest first."""
    table = Table(title=f"Commandes ({len(orders)})", expand=True, show_edge=False)
    columns = (("date", "Date", "left"), ("client", "Client", "left"),
               ("produit", "Produit", "left"), ("quantite", "Qté", "right"),
               ("montant_ht", "Montant HT", "right"), ("cout", "Coût", "right"),
               ("marge", "Marge", "right"))
    for key, header, justify in columns:
        table.add_column(header, justify=justify,  # type: ignore[arg-type]
                         no_wrap=key not in ("client", "produit"),
                         ratio=1 if key in ("client", "produit") else None)
    for order in sorted(orders, key=lambda o: str(o.get("date", "")), reverse=True):
        values = {
            "date": str(order.get("date", "")),
            "client": names.get(str(order.get("entreprise_id")), ""),
            "produit": str(order.get("produit", "")),
            "quantite": fmt.number(order.get("quantite")),
            "montant_ht": amount(order.get("montant_ht")),
            "cout": amount(order.get("cout")),
            "marge": amount(order.get("marge")),
        }
        table.add_row(*(_hide(hidden, key, values[key]) for key, _h, _j in columns))
    return table


def invoices_table(invoices: list[dict[str, Any]], names: dict[str, str],
                   hidden: frozenset[str] = frozenset()) -> Table:
    """Every invoice, newest first: due date, amount with VAT, payment, days late (for a
    paid one: at payment)."""
    table = Table(title=f"Factures ({len(invoices)})", expand=True, show_edge=False)
    columns = (("id", "Facture", "left"), ("client", "Client", "left"),
               ("echeance", "Échéance", "left"), ("montant_ttc", "Montant TTC", "right"),
               ("payee", "Payée", "left"), ("en_retard", "Retard", "left"),
               ("jours_retard", "Jours", "right"))
    for key, header, justify in columns:
        table.add_column(header, justify=justify,  # type: ignore[arg-type]
                         no_wrap=key != "client", ratio=1 if key == "client" else None)
    for invoice in sorted(invoices, key=lambda i: str(i.get("date", "")), reverse=True):
        values = {
            "id": str(invoice.get("id", "")),
            "client": names.get(str(invoice.get("entreprise_id")), ""),
            "echeance": str(invoice.get("echeance", "")),
            "montant_ttc": amount(invoice.get("montant_ttc")),
            "payee": _yes(invoice.get("payee")),
            "en_retard": _yes(invoice.get("en_retard")),
            "jours_retard": fmt.number(invoice.get("jours_retard")),
        }
        table.add_row(*(_hide(hidden, key, values[key]) for key, _h, _j in columns))
    return table
