"""`generate_world`: one seeded, JSON-serialisable snapshot of a sales territory.

Same (seed, companies, dossier, territory) -> byte-identical `json.dumps` output: each stage
(ids, companies, history, faults, indicators, market, visits) draws from its own stream seeded
with a string built from the parameters and the stage name (string seeds are hashed with
SHA-512 by Python, independent of PYTHONHASHSEED); nothing iterates a set or depends on the
clock. The snapshot is stored whole in the session log, so replay never regenerates it.

Identity fields (communes, names, SIREN/SIRET, NAF, sizes, addresses, phones, e-mails,
contacts) go through a `Faker("fr_FR")` seeded with `seed_instance` and carrying the world's
providers (providers.py); the bulk numeric stages (orders, invoices, faults, market, visits)
stay on plain `random.Random` streams: they are numbers, not Faker-like data, and a
provider call per order line would only add overhead. Faker's own methods are never called:
their output may change between Faker versions, ours only when this code changes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from simulator.world import geo
from simulator.world.dossiers import load_dossier
from simulator.world.faults import duplicate_count, inject_faults
from simulator.world.history import REFERENCE_DATE, abc_segments, make_history
from simulator.world.market import make_indicators, make_market
from simulator.world.record import CompanyRecord
from simulator.world.sectors import DEFAULT_SECTORS, SECTORS

Record = dict[str, Any]

WORLD_FORMAT = 1
DEFAULT_DOSSIER = "air-comprime"
MAX_COMPANIES = 100_000
VISIT_RADIUS_KM = 120.0


class WorldError(ValueError):
    """Bad generation parameters; the message is French."""


def _stage_seeds(seed: int, companies: int, dossier_id: str,
                 territory_id: str) -> Callable[[str], str]:
    def stage_seed(stage: str) -> str:
        return f"ntc-world/{seed}/{companies}/{dossier_id}/{territory_id}/{stage}"
    return stage_seed


def generate_world(seed: int, *, companies: int = 120, dossier: str | None = DEFAULT_DOSSIER,
                   territory: str | None = None, compact: bool = False) -> Record:
    """Generate the territory, client file, history, market, faults and indicators.

    `compact=True` (for `write_files`, which streams them) keeps `entreprises` as
    `record.Company` records, equal to the dicts but a quarter of their memory: the snapshot
    is then not `json.dumps`-able as is. Same values and order either way."""
    if isinstance(companies, bool) or not isinstance(companies, int) or companies < 0:
        raise WorldError(f"nombre d'entreprises invalide : {companies!r} (entier positif attendu)")
    if companies > MAX_COMPANIES:
        raise WorldError(f"nombre d'entreprises trop grand : {companies} (maximum "
                         f"{MAX_COMPANIES})")
    dossier_id = dossier or DEFAULT_DOSSIER
    seller = load_dossier(dossier_id)
    territory_id = territory or str(seller.get("territoire_defaut") or geo.DEFAULT_TERRITORY)
    if territory_id not in geo.TERRITORIES:
        known = ", ".join(sorted(geo.TERRITORIES))
        raise WorldError(f"territoire inconnu : « {territory_id} » (territoires : {known})")
    stage_seed = _stage_seeds(int(seed), companies, dossier_id, territory_id)

    def stream(stage: str) -> random.Random:
        return random.Random(stage_seed(stage))

    # Faker is imported here, not at module level: importing simulator.world stays cheap.
    from simulator.world.companies import make_companies
    from simulator.world.providers import world_faker

    duplicates = min(duplicate_count(companies), companies // 2)
    numbers = list(range(1, companies + 1))
    stream("ids").shuffle(numbers)
    width = max(4, len(str(companies)))
    ids = [f"E{n:0{width}d}" for n in numbers]
    base_ids, duplicate_ids = sorted(ids[:companies - duplicates]), ids[companies - duplicates:]

    sector_ids = [s for s in seller.get("secteurs_cibles", DEFAULT_SECTORS) if s in SECTORS]
    strings: dict[str, str] = {}         # equal strings shared (compact.py)
    firms, contacts = make_companies(world_faker(stage_seed("companies")), base_ids,
                                     territory_id, sector_ids or list(DEFAULT_SECTORS),
                                     strings, compact)
    orders, invoices = make_history(stream("history"), firms, seller, strings=strings)
    strings.clear()
    _segments(firms)
    faults = inject_faults(stream("faults"), firms, contacts, duplicate_ids, territory_id)
    firms.sort(key=lambda c: c["id"])
    contacts.sort(key=lambda c: c["id"])
    orders.sort(key=lambda o: (o["date"], o["id"]))
    invoices.sort(key=lambda f: (f["date"], f["id"]))

    indicators = make_indicators(stream("indicators"), firms, orders, invoices)
    market = make_market(stream("market"), firms, orders, seller, indicators["ca_total"])
    base = geo.base_of(territory_id)
    seller["base"] = base.as_dict()
    objectives = dict(seller.get("objectifs") or {})
    objectives["ca_annuel"] = indicators["objectif_ca"]
    objectives["nb_ventes"] = indicators["objectif_ventes"]
    seller["objectifs"] = objectives
    touched = {f["entreprise_id"] for f in faults} | {
        f["correction"] for f in faults if f["type"] == "doublon"}
    visits = _visits(stream("visits"), firms, touched)
    return {
        "format": WORLD_FORMAT,
        "graine": int(seed),
        "date_reference": REFERENCE_DATE.isoformat(),
        "territoire": _territory(territory_id, base, firms),
        "vendeur": seller,
        "entreprises": firms,
        "contacts": contacts,
        "commandes": orders,
        "factures": invoices,
        "visites": visits,
        "defauts": faults,
        "marche": market,
        "indicateurs": indicators,
    }


def _segments(firms: list[CompanyRecord]) -> None:
    """ABC segment on the actual 12-month turnover with the seller (Pareto over clients; a
    company with no turnover, every prospect included, is C) and potential class."""
    clients = abc_segments([(c["id"], c["ca_12_mois"]) for c in firms
                            if c["statut"] == "client" and c["ca_12_mois"] > 0])
    ranked = sorted(firms, key=lambda c: (-c["potentiel_ca"], c["id"]))
    classes: dict[str, str] = {}
    for rank, company in enumerate(ranked):
        share = rank / len(ranked)
        classes[company["id"]] = "fort" if share < 0.25 else "moyen" if share < 0.7 else "faible"
    for company in firms:
        company["segment"] = clients.get(company["id"], "C")
        company["potentiel"] = classes[company["id"]]


def _territory(territory_id: str, base: geo.Commune, firms: list[CompanyRecord]) -> Record:
    spec = geo.TERRITORIES[territory_id]
    regions: list[str] = []
    for dep in spec.departements:
        region = next(c.region for c in geo.communes_of(territory_id) if c.departement == dep)
        if region not in regions:
            regions.append(region)
    return {
        "id": spec.id, "nom": spec.nom, "departements": list(spec.departements),
        "departements_noms": [f"{geo.DEPARTMENTS[d]} ({d})" for d in spec.departements],
        "regions": regions, "base": base.as_dict(),
        "communes": sorted({str(c["commune"]) for c in firms}),
        "nb_communes_table": len(geo.communes_of(territory_id)),
    }


def _motif(company: CompanyRecord) -> str:
    if company["statut"] == "prospect":
        return "Rendez-vous de découverte" if company["potentiel"] != "faible" else "Démonstration"
    if company["litige"]:
        return "Règlement d'un litige sur facture"
    if company["retard_paiement"]:
        return "Relance d'une facture impayée"
    if company["segment"] == "A":
        return "Revue de compte annuelle"
    return "Présentation de la nouvelle gamme"


def _visits(rng: random.Random, firms: list[CompanyRecord], touched: set[str]
            ) -> list[Record]:
    """A week of 6-8 visits in distinct communes, within reach of the seller's base."""
    count = rng.randint(6, 8)
    pool = [c for c in firms if c["id"] not in touched]
    near = [c for c in pool if c["distance_km"] <= VISIT_RADIUS_KM]
    if len(near) < count:
        near = pool
    near = sorted(near, key=lambda c: c["id"])
    rng.shuffle(near)
    chosen: list[CompanyRecord] = []
    communes: set[str] = set()
    for company in near:
        if company["commune"] in communes:
            continue
        chosen.append(company)
        communes.add(company["commune"])
        if len(chosen) == count:
            break
    return [{"id": f"V{i}", "entreprise_id": c["id"], "raison_sociale": c["raison_sociale"],
             "adresse": c["adresse"], "code_postal": c["code_postal"], "commune": c["commune"],
             "lat": c["lat"], "lon": c["lon"], "motif": _motif(c)}
            for i, c in enumerate(chosen, start=1)]
