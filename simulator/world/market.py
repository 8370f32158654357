"""Market data of the territory and the dashboard indicators computed from the file.

The market is sized so that the seller's 12-month turnover is its market share:
`taille = ca_total / part_vendeur`, so a trainee can recompute the share. Segment sizes
split the market in proportion to the headcount of the file's companies per sector.
Indicators are computed from the generated records (documented formulas, see
docs/CONTRACTS.md §2); the prospecting funnel and objectives are drawn around them.
"""

from __future__ import annotations

import math
import random
from typing import Any

from simulator.world.history import PERIOD_START, REFERENCE_DATE, cents
from simulator.world.record import CompanyRecord
from simulator.world.sectors import SECTORS

Record = dict[str, Any]


def make_market(rng: random.Random, companies: list[CompanyRecord], orders: list[Record],
                dossier: dict[str, Any], ca_total: float) -> Record:
    """Market size by segment, competitors and shares (the seller's included), trend."""
    share = float(dossier.get("part_vendeur", 12)) + rng.uniform(-1.5, 1.5)
    per_employee = float(dossier.get("marche_par_salarie", 100))
    if ca_total > 0:
        taille = float(round(ca_total * 100 / share, -3))
    else:
        taille = float(round(sum(int(c["effectif"]) for c in companies) * per_employee, -3))
    part_vendeur = round(100 * ca_total / taille, 1) if taille else 0.0
    competitors: list[Record] = []
    remaining = 100.0 - part_vendeur
    for comp in dossier.get("concurrents", []):
        part = round(max(1.0, float(comp.get("part", 10)) + rng.uniform(-2.0, 2.0)), 1)
        part = min(part, round(remaining - 1.0, 1))
        remaining = round(remaining - part, 1)
        competitors.append({"nom": comp["nom"], "part": part,
                            "ca_estime": float(round(taille * part / 100, -3)),
                            "positionnement": comp.get("positionnement", "")})
    competitors.append({"nom": "Autres acteurs", "part": round(remaining, 1),
                        "ca_estime": float(round(taille * remaining / 100, -3)),
                        "positionnement": "Petits distributeurs et réparateurs locaux"})
    headcount: dict[str, int] = {}
    counts: dict[str, list[int]] = {}
    seller_ca: dict[str, float] = {}
    for company in companies:
        sector = str(company["secteur"])
        headcount[sector] = headcount.get(sector, 0) + int(company["effectif"])
        count = counts.setdefault(sector, [0, 0])
        count[0] += 1
        count[1] += company["statut"] == "client"
        seller_ca[sector] = seller_ca.get(sector, 0.0) + float(company["ca_12_mois"])
    sectors = sorted(headcount, key=lambda s: (-headcount[s], s))
    total_heads = sum(headcount.values()) or 1
    by_segment: dict[str, float] = {}
    for sector in sectors:
        by_segment[sector] = float(round(taille * headcount[sector] / total_heads, -2))
    if sectors:
        by_segment[sectors[0]] = round(
            by_segment[sectors[0]] + taille - sum(by_segment.values()), 2)
    growth = round(float(dossier.get("croissance_marche", 2.0)) + rng.uniform(-1.0, 1.0), 1)
    segments = []
    for sector in sectors:
        size = by_segment[sector]
        segments.append({
            "secteur": sector, "libelle": SECTORS[sector].libelle if sector in SECTORS
            else sector, "taille": size,
            "part_vendeur": round(100 * seller_ca[sector] / size, 1) if size else 0.0,
            "nb_entreprises": counts[sector][0], "nb_clients": counts[sector][1],
            "croissance": round(growth + rng.uniform(-2.0, 2.0), 1),
        })
    return {
        "annee": REFERENCE_DATE.year, "taille": taille, "unite": "€ HT par an",
        "taille_par_segment": by_segment, "segments": segments,
        "croissance": growth,
        "tendance": "hausse" if growth > 0.5 else "baisse" if growth < -0.5 else "stable",
        "tendances": list(dossier.get("tendances", [])),
        "concurrents": competitors, "part_vendeur": part_vendeur,
    }


def make_indicators(rng: random.Random, companies: list[CompanyRecord], orders: list[Record],
                    invoices: list[Record]) -> Record:
    """KPIs of the last 12 months, computed from the records."""
    start = PERIOD_START.isoformat()
    recent = [o for o in orders if o["date"] >= start]
    ca_total = cents(sum(o["montant_ht"] for o in recent))
    margin = cents(sum(o["marge"] for o in recent))
    cost = cents(sum(o["cout"] for o in recent))
    nb_orders = len(recent)
    clients = [c for c in companies if c["statut"] == "client"]
    late = [f for f in invoices if f["en_retard"]]
    sales = nb_orders
    proposals = max(sales, round(sales / rng.uniform(0.22, 0.38))) if sales else 0
    meetings = max(proposals, round(proposals / rng.uniform(0.5, 0.7)))
    calls = max(meetings, round(meetings / rng.uniform(0.3, 0.5)))
    objective = float(round(ca_total * rng.uniform(1.08, 1.3), -3))
    sales_objective = math.ceil(sales * rng.uniform(1.1, 1.4)) if sales else 1
    segment_ca = {"A": 0.0, "B": 0.0, "C": 0.0}
    for company in clients:
        segment_ca[str(company["segment"])] += float(company["ca_12_mois"])
    return {
        "periode_debut": start, "periode_fin": REFERENCE_DATE.isoformat(),
        "ca_total": ca_total, "marge_totale": margin,
        "taux_marge": round(100 * margin / cost, 2) if cost else 0.0,
        "taux_marque": round(100 * margin / ca_total, 2) if ca_total else 0.0,
        "nb_commandes": nb_orders,
        "panier_moyen": cents(ca_total / nb_orders) if nb_orders else 0.0,
        "nb_clients": len(clients),
        "nb_prospects": sum(1 for c in companies if c["statut"] == "prospect"),
        "nb_clients_actifs": sum(1 for c in clients if c["ca_12_mois"] > 0),
        "nb_contacts": calls, "nb_rdv": meetings, "nb_propositions": proposals,
        "nb_ventes": sales,
        "taux_transformation": round(100 * sales / proposals, 1) if proposals else 0.0,
        "factures_en_retard": len(late),
        "montant_en_retard": cents(sum(f["montant_ttc"] for f in late)),
        "retard_moyen_jours": round(sum(f["jours_retard"] for f in late) / len(late), 1)
        if late else 0.0,
        "nb_litiges": sum(1 for f in invoices if f["litige"]),
        "objectif_ca": objective, "ecart_objectif_ca": cents(ca_total - objective),
        "taux_realisation_ca": round(100 * ca_total / objective, 1) if objective else 0.0,
        "objectif_ventes": sales_objective,
        "part_ca_segment_a": round(100 * segment_ca["A"] / ca_total, 1) if ca_total else 0.0,
        "nb_segment_a": sum(1 for c in clients if c["segment"] == "A"),
        "nb_segment_b": sum(1 for c in clients if c["segment"] == "B"),
        "nb_segment_c": sum(1 for c in clients if c["segment"] == "C"),
        "cycle_vente_jours": round(sum(o["cycle_jours"] for o in recent) / nb_orders, 1)
        if nb_orders else 0.0,
    }
