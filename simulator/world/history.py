"""Commercial history: client/prospect status, orders, invoices, payments, ABC segments.

Conventions (documented for task authors):
- the reference date is REFERENCE_DATE; "12 mois" = the 365 days up to it, orders go back 24
  months;
- unpaid invoices and disputes are less than OLD_DEBT_DAYS past due (older ones were
  settled, late);
- an invoice is issued when the order is delivered (order date + product lead time, at most
  60 days); due date = invoice date + the client's payment term (30, 45 or 60 days);
- `taux_marge` = marge / coût x 100 (French "taux de marge"); `taux_marque` = marge / CA HT
  x 100;
- ABC (Pareto 80/15/5): companies sorted by value, descending (ties by id); a company is A
  when the cumulative share of the companies *before* it is below 80 %, B below 95 %, else
  C. Clients are segmented on `ca_12_mois`; a company with no turnover (prospects) is C
  (simulator/world/generator.py).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from simulator.world.compact import Compactor
from simulator.world.record import CompanyRecord

Record = dict[str, Any]

REFERENCE_DATE = dt.date(2026, 11, 30)
PERIOD_START = REFERENCE_DATE - dt.timedelta(days=364)
HISTORY_DAYS = 730
OLD_DEBT_DAYS = 150  # unpaid invoices and disputes are recent: older ones were settled
VAT = 0.20


def cents(value: float) -> float:
    """Round money to the cent (half away from zero, stable for display)."""
    return math.floor(abs(value) * 100 + 0.5) / 100 * (1 if value >= 0 else -1)


def abc_segments(values: list[tuple[str, float]]) -> dict[str, str]:
    """Pareto 80/15/5 segments for (id, value) pairs (see module doc)."""
    ordered = sorted(values, key=lambda item: (-item[1], item[0]))
    total = sum(v for _, v in ordered)
    result: dict[str, str] = {}
    cumulative = 0.0
    for key, value in ordered:
        share_before = cumulative / total if total > 0 else 1.0
        result[key] = "A" if share_before < 0.80 else "B" if share_before < 0.95 else "C"
        cumulative += value
    return result


def _catalogue(dossier: dict[str, Any]) -> list[Record]:
    """Products and services as order lines: id, name, list price, unit cost, lead time."""
    items: list[Record] = []
    for prod in dossier.get("produits", []):
        items.append({"id": prod["id"], "nom": prod["nom"], "prix": float(prod["prix_liste"]),
                      "cout": float(prod["cout_unitaire"]),
                      "delai": int(prod.get("delai_livraison", 15)), "service": False})
    for serv in dossier.get("services", []):
        items.append({"id": serv["id"], "nom": serv["nom"], "prix": float(serv["prix"]),
                      "cout": float(serv["cout"]), "delai": 7, "service": True})
    return items


def _quantity(rng: random.Random, item: Record) -> int:
    if item["prix"] >= 8000:
        return rng.choices((1, 2, 3), (80, 15, 5))[0]
    if item["service"]:
        return rng.choices((1, 2, 3, 4, 6), (40, 25, 15, 10, 10))[0]
    return rng.choices((1, 2, 3, 4), (50, 25, 15, 10))[0]


def make_history(rng: random.Random, companies: list[CompanyRecord], dossier: dict[str, Any],
                 client_share: float = 0.4, strings: dict[str, str] | None = None
                 ) -> tuple[list[Record], list[Record]]:
    """Fill commercial fields of `companies` in place; return (orders, invoices)."""
    catalogue = _catalogue(dossier)
    weights = [1 / math.sqrt(item["prix"]) for item in catalogue]
    remise_max = float(dossier.get("remise_max", 5))
    competitors = [c["nom"] for c in dossier.get("concurrents", [])] or ["Concurrent local"]
    competitor_weights = [float(c.get("part", 1)) for c in dossier.get("concurrents", [])] or [1]
    per_employee = float(dossier.get("marche_par_salarie", 100))
    orders: list[Record] = []
    invoices: list[Record] = []
    order_records, invoice_records = Compactor("order", strings), Compactor("invoice", strings)
    company_records = Compactor("company", strings)
    for company in companies:
        effectif = int(company["effectif"])
        is_client = rng.random() < client_share
        company["statut"] = "client" if is_client else "prospect"
        company["potentiel_ca"] = float(
            round(effectif * per_employee * rng.lognormvariate(0, 0.4), -2))
        has_competitor = rng.random() < (0.3 if is_client else 0.75)
        company["concurrent"] = (rng.choices(competitors, competitor_weights)[0]
                                 if has_competitor else None)
        if is_client:
            days = rng.randint(3, 120)
        else:
            days = rng.randint(20, 540) if rng.random() < 0.6 else -1
        company["dernier_contact"] = (
            (REFERENCE_DATE - dt.timedelta(days=days)).isoformat() if days >= 0 else None)
        company["conditions_paiement"] = rng.choices((30, 45, 60), (60, 30, 10))[0]
        payer = rng.choices(("bon", "lent", "mauvais"), (70, 22, 8))[0]
        own_orders: list[Record] = []
        own_invoices: list[Record] = []
        if is_client:
            _client_orders(rng, company, payer, catalogue, weights, remise_max,
                           own_orders, own_invoices)
        _summarise(company, own_orders, own_invoices)
        company_records.record(company)          # its dates and texts shared, in place
        orders.extend(order_records.records(own_orders))
        invoices.extend(invoice_records.records(own_invoices))
    return orders, invoices


def _client_orders(rng: random.Random, company: CompanyRecord, payer: str,
                   catalogue: list[Record],
                   weights: list[float], remise_max: float, orders: list[Record],
                   invoices: list[Record]) -> None:
    effectif = int(company["effectif"])
    count = 2 + min(12, int(rng.expovariate(1.0) * (1.5 + effectif / 40)))
    dates = sorted(REFERENCE_DATE - dt.timedelta(days=rng.randint(0, HISTORY_DAYS - 1))
                   for _ in range(count))
    term = int(company["conditions_paiement"])
    for number, date in enumerate(dates, start=1):
        item = rng.choices(catalogue, weights)[0]
        quantity = _quantity(rng, item)
        remise = rng.choices((0.0, 2.0, 3.0, remise_max, remise_max + 3),
                             (35, 20, 20, 20, 5))[0]
        unit_price = cents(item["prix"] * (1 - remise / 100))
        amount = cents(unit_price * quantity)
        cost = cents(item["cout"] * quantity)
        margin = cents(amount - cost)
        order_id = f"{company['id']}-K{number}"
        orders.append({
            "id": order_id, "entreprise_id": company["id"], "date": date.isoformat(),
            "produit_id": item["id"], "produit": item["nom"], "quantite": quantity,
            "prix_liste": item["prix"], "remise": remise, "prix_unitaire": unit_price,
            "montant_ht": amount, "cout": cost, "marge": margin,
            "taux_marge": round(100 * margin / cost, 2) if cost else 0.0,
            "taux_marque": round(100 * margin / amount, 2) if amount else 0.0,
            "cycle_jours": rng.randint(20, 140),
        })
        invoice_date = date + dt.timedelta(days=min(60, int(item["delai"])))
        due = invoice_date + dt.timedelta(days=term)
        recent = (REFERENCE_DATE - due).days < OLD_DEBT_DAYS
        dispute = payer != "bon" and recent and rng.random() < 0.15
        if payer == "bon":
            paid_on: dt.date | None = due + dt.timedelta(days=rng.randint(-8, 3))
        elif payer == "lent":
            paid_on = due + dt.timedelta(days=rng.randint(5, 45))
        else:
            paid_on = (due + dt.timedelta(days=rng.randint(30, 90))
                       if rng.random() < 0.5 else None)
        if dispute:
            paid_on = None
        if paid_on is None and not recent:
            paid_on = due + dt.timedelta(days=rng.randint(20, 90))  # old debts got settled
        if paid_on is not None and paid_on > REFERENCE_DATE:
            paid_on = None if recent else REFERENCE_DATE - dt.timedelta(days=1)
        if invoice_date > REFERENCE_DATE:
            continue  # not delivered yet: no invoice
        paid = paid_on is not None
        late = not paid and due < REFERENCE_DATE
        if paid_on is not None:
            delay = max(0, (paid_on - due).days)
        else:
            delay = (REFERENCE_DATE - due).days if late else 0
        invoices.append({
            "id": f"F{invoice_date.year}-{company['id'][1:]}{number:02d}",
            "entreprise_id": company["id"], "commande_id": order_id,
            "date": invoice_date.isoformat(), "echeance": due.isoformat(),
            "montant_ht": amount, "tva": cents(amount * VAT),
            "montant_ttc": cents(amount * (1 + VAT)),
            "payee": paid, "date_paiement": paid_on.isoformat() if paid_on else None,
            "jours_retard": delay, "en_retard": late, "litige": dispute,
        })


def _summarise(company: CompanyRecord, own_orders: list[Record],
               own_invoices: list[Record]) -> None:
    """12-month turnover and margin, outstanding amount, late payment and dispute flags."""
    start = PERIOD_START.isoformat()
    recent = [o for o in own_orders if o["date"] >= start]
    company["ca_12_mois"] = cents(sum(o["montant_ht"] for o in recent))
    company["marge_12_mois"] = cents(sum(o["marge"] for o in recent))
    company["nb_commandes_12_mois"] = len(recent)
    company["derniere_commande"] = max((o["date"] for o in own_orders), default=None)
    company["encours"] = cents(sum(f["montant_ttc"] for f in own_invoices if not f["payee"]))
    company["retard_paiement"] = any(f["en_retard"] for f in own_invoices)
    company["litige"] = any(f["litige"] for f in own_invoices)
