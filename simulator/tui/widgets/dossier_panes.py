"""Contents of the dossier tabs: brief, seller company, dashboard. Pure views of world data."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from simulator.tui import formatting as fmt
from simulator.tui.widgets.territory_map import MapPoint

INDICATOR_LABELS: dict[str, tuple[str, str]] = {
    # key: (label, kind) kind: euros | pct | ratio | int | days
    "ca_total": ("Chiffre d'affaires", "euros"),
    "objectif_ca": ("Objectif de CA", "euros"),
    "ecart_objectif_ca": ("Écart à l'objectif de CA", "euros"),
    "marge_totale": ("Marge brute", "euros"),
    "taux_marge": ("Taux de marge", "pct"),
    "nb_commandes": ("Commandes", "int"),
    "panier_moyen": ("Panier moyen", "euros"),
    "nb_clients": ("Clients", "int"),
    "nb_prospects": ("Prospects", "int"),
    "nb_contacts": ("Contacts pris", "int"),
    "nb_rdv": ("Rendez-vous", "int"),
    "nb_propositions": ("Propositions", "int"),
    "nb_ventes": ("Ventes", "int"),
    "objectif_ventes": ("Objectif de ventes", "int"),
    "taux_transformation": ("Taux de transformation", "pct"),
    "cycle_vente_jours": ("Cycle de vente (jours)", "int"),
    "factures_en_retard": ("Factures en retard", "int"),
    "montant_en_retard": ("Montant en retard", "euros"),
    "retard_moyen_jours": ("Retard moyen (jours)", "num"),
    "nb_segment_a": ("Clients segment A", "int"),
    "nb_segment_b": ("Clients segment B", "int"),
    "nb_segment_c": ("Clients segment C", "int"),
    "part_ca_segment_a": ("Part du CA segment A", "pct"),
    "taux_marque": ("Taux de marque", "pct"),
    "taux_realisation_ca": ("Taux de réalisation de l'objectif de CA", "pct"),
    "nb_clients_actifs": ("Clients actifs", "int"),
    "nb_litiges": ("Litiges en cours", "int"),
    "periode_debut": ("Début de la période", "date"),
    "periode_fin": ("Fin de la période", "date"),
}


TO_COMPUTE = "à calculer"


def _show(value: Any, kind: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "euros":
            return fmt.euros(value)
        if kind == "pct":
            return fmt.ratio_percent(value)
        if kind == "num":
            return fmt.number(value, 1)
        return fmt.number(value)
    if kind == "date":
        return fmt.date_fr(value)
    return "—" if value is None else str(value)


def indicators_table(indicators: dict[str, Any],
                     hidden: frozenset[str] = frozenset()) -> Table:
    """The dashboard figures in a fixed, readable order; `hidden` keys read « à calculer »."""
    table = Table(expand=True, show_edge=False, title="Tableau de bord du secteur")
    table.add_column("Indicateur")
    table.add_column("Valeur", justify="right")

    def cell(key: str, kind: str) -> Text | str:
        if key in hidden:
            return Text(TO_COMPUTE, style="italic")
        return _show(indicators[key], kind)

    for key, (label, kind) in INDICATOR_LABELS.items():
        if key in indicators:
            table.add_row(label, cell(key, kind))
    for key, value in indicators.items():
        if key not in INDICATOR_LABELS and not isinstance(value, dict | list):
            table.add_row(fmt.field_label(key), cell(key, "num"))
    return table


def seller_view(seller: dict[str, Any]) -> RenderableType:
    """Seller company, product catalogue (prices, costs, floor prices) and authority."""
    head = Text()
    head.append(f"{seller.get('nom', '')}", style="bold")
    if seller.get("raison_sociale"):
        head.append(f" — {seller['raison_sociale']}")
    if seller.get("ligne"):
        head.append(f"\n{seller['ligne']}", style="italic")
    if seller.get("description"):
        head.append(f"\n{seller['description']}")
    head.append("\n\n")
    head.append("Délégation de remise : ", style="bold")
    head.append(f"{fmt.percent(seller.get('remise_max'), 0)} sans accord du responsable")
    if seller.get("remise_max_manager") is not None:
        head.append(f", {fmt.percent(seller.get('remise_max_manager'), 0)} avec son accord")
    head.append("\nDélai de paiement standard : ", style="bold")
    head.append(f"{seller.get('delai_paiement_standard', '—')} jours")
    manager = seller.get("responsable")
    if isinstance(manager, dict):
        head.append("\nResponsable : ", style="bold")
        head.append(" ".join(str(manager.get(k, "")) for k in ("civilite", "prenom", "nom"))
                    + f", {manager.get('fonction', '')}")
    products = Table(title="Catalogue (€ HT)", expand=True, show_edge=False)
    products.add_column("Produit")
    products.add_column("Prix liste", justify="right")
    products.add_column("Coût", justify="right")
    products.add_column("Plancher", justify="right")
    products.add_column("Marge liste", justify="right")
    products.add_column("Livr. (j)", justify="right")
    for product in seller.get("produits", []) or []:
        price = product.get("prix_liste")
        cost = product.get("cout_unitaire")
        rate = ((price - cost) / price * 100) if isinstance(price, int | float) and isinstance(
            cost, int | float) and price else None
        products.add_row(str(product.get("nom", product.get("id", ""))), fmt.euros(price),
                         fmt.euros(cost), fmt.euros(product.get("prix_plancher")),
                         fmt.percent(rate), str(product.get("delai_livraison", "—")))
    parts: list[RenderableType] = [head, products]
    services = seller.get("services") or []
    if services:
        table = Table(title="Services", expand=True, show_edge=False)
        table.add_column("Service")
        table.add_column("Prix", justify="right")
        table.add_column("Coût", justify="right")
        for service in services:
            if isinstance(service, dict):
                table.add_row(str(service.get("nom", service.get("id", ""))),
                              fmt.euros(service.get("prix")),
                              fmt.euros(service.get("cout")))
            else:
                table.add_row(str(service), "", "")
        parts.append(table)
    return Group(*parts)


def _coords(item: Any) -> tuple[float, float] | None:
    if isinstance(item, dict):
        lat, lon = item.get("lat"), item.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            return float(lat), float(lon)
    return None


def base_point(world: dict[str, Any]) -> tuple[float, float] | None:
    """Where the seller's base is (territory base, or the seller's)."""
    for holder in (world.get("territoire"), world.get("vendeur")):
        if isinstance(holder, dict):
            coords = _coords(holder.get("base"))
            if coords is not None:
                return coords
    return None


def map_points(world: dict[str, Any]) -> list[MapPoint]:
    """Companies as client/prospect markers, the scenario's client and the seller's base."""
    points: list[MapPoint] = []
    for company in world.get("entreprises", []) or []:
        coords = _coords(company)
        if coords is None:
            continue
        kind = "client" if company.get("statut") == "client" else "prospect"
        points.append(MapPoint(coords[0], coords[1], kind, str(company.get("raison_sociale", ""))))
    target = _coords(world.get("client"))
    if target is not None:
        points.append(MapPoint(target[0], target[1], "cible",
                               str((world.get("client") or {}).get("raison_sociale", ""))))
    base = base_point(world)
    if base is not None:
        points.append(MapPoint(base[0], base[1], "base", "Base"))
    return points
