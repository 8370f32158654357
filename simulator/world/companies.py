"""Companies and their contacts for one territory, drawn through the world's Faker providers.

`make_companies` takes the seeded Faker built by providers.world_faker and calls its providers
in a fixed order (sector, commune, NAF, name, domain, SIREN, size, form, phone, SIRET,
address, mailbox, contacts), so a seed gives the same file. The few plain numbers of the
record (turnover, creation year, note) come from the same seeded `fake.random`. Commercial
fields (statut, segment, CA with the seller...) are filled later by history.py.

Imports Faker (through providers): generator.py imports this module lazily.
"""

from __future__ import annotations

from typing import Any

from faker import Faker

from simulator.world import geo
from simulator.world.compact import Compactor
from simulator.world.providers import (
    CommuneProvider,
    ContactB2BProvider,
    EntrepriseProvider,
    provider,
)
from simulator.world.record import LATER_FIELDS, Company, CompanyRecord
from simulator.world.sectors import SECTORS, headcount_band

Record = dict[str, Any]

# Fields of the later stages (history.py, generator._segments) exist from the start, as
# None: every record has its final keys, in output order, and can become a `Company`.
_LATER: dict[str, None] = dict.fromkeys(LATER_FIELDS)

NEUTRAL_NOTES: tuple[str, ...] = (
    "Rappeler après la période de congés.",
    "Préfère être contacté par courriel.",
    "Salon professionnel : carte de visite récupérée.",
    "Demande de documentation envoyée.",
    "Projet d'extension du bâtiment évoqué.",
    "Accueil téléphonique filtrant.",
    "Réunion d'équipe le lundi matin : éviter d'appeler.",
)


def make_companies(fake: Faker, ids: list[str], territory_id: str,
                   sector_ids: list[str], strings: dict[str, str] | None = None,
                   compact: bool = False) -> tuple[list[CompanyRecord], list[Record]]:
    """Companies (identity, size, address, phone, web) and their contacts; with `compact`,
    companies are `Company` records (large worlds written to files, see record.py).

    Names, domains and SIRENs are unique within the file: a clash is redrawn or suffixed.
    """
    communes = provider(fake, CommuneProvider)
    firms = provider(fake, EntrepriseProvider)
    people = provider(fake, ContactB2BProvider)
    rng = fake.random
    companies: list[CompanyRecord] = []
    contacts: list[Record] = []
    used_names: set[str] = set()
    used_domains: set[str] = set()
    used_sirens: set[str] = set()
    base = geo.base_of(territory_id)
    compactor = Compactor("contact", strings)   # ~3.6 contacts per company: the bulk
    for company_id in ids:
        sector = SECTORS[firms.secteur_activite(sector_ids)]
        commune = communes.commune_territoire(territory_id)
        town, departement = str(commune["commune"]), str(commune["departement"])
        naf_code, naf_label = firms.code_naf(sector.id)
        name = firms.raison_sociale(sector.id, town, naf_code)
        if name in used_names:
            name = firms.raison_sociale(sector.id, town, naf_code)
        if name in used_names:
            name = f"{name} {town}"
        unique, suffix = name, 2
        while unique in used_names:  # only in very large files
            unique, suffix = f"{name} {suffix}", suffix + 1
        name = unique
        used_names.add(name)
        domain = firms.domaine_entreprise(name)
        domain_root = domain.rsplit(".", 1)[0]
        if domain in used_domains:
            domain = f"{domain_root}-{departement}.fr"
        counter = 2
        while domain in used_domains:
            domain = f"{domain_root}{counter}.fr"
            counter += 1
        used_domains.add(domain)
        number = firms.numero_siren()
        while number in used_sirens:
            number = firms.numero_siren()
        used_sirens.add(number)
        effectif = firms.effectif()
        code, label = headcount_band(effectif)
        forme = firms.forme_juridique(effectif)
        ca = round(effectif * sector.ca_par_salarie * rng.lognormvariate(0, 0.3), -3)
        phone = people.telephone_fixe(departement)
        siret = firms.numero_siret(number)
        created = rng.randint(1950, 2022)
        address = firms.adresse_entreprise()
        email = firms.email_entreprise(domain)
        note = rng.choice(NEUTRAL_NOTES) if rng.random() < 0.15 else None
        company: Record = {
            "id": company_id, "raison_sociale": name, "nom_commercial": name,
            "forme_juridique": forme, "siren": number, "siret": siret,
            "naf": naf_code, "naf_libelle": naf_label, "secteur": sector.id,
            "secteur_libelle": sector.libelle, "famille": sector.famille,
            "effectif": effectif, "tranche_effectif": label, "code_tranche_effectif": code,
            "ca_annuel": float(ca), "annee_creation": created,
            "adresse": address, "code_postal": commune["code_postal"],
            "commune": town, "departement": departement,
            "region": commune["region"], "lat": commune["lat"], "lon": commune["lon"],
            "site_web": f"www.{domain}", "domaine": domain, "telephone": phone,
            "email": email,
            "distance_km": round(geo.road_km((base.lat, base.lon),
                                             (float(commune["lat"]), float(commune["lon"]))), 1),
            "actif": True, "note": note,
            **_LATER,
        }
        contacts.extend(compactor.records(people.contacts_entreprise(company)))
        companies.append(Company.from_dict(company) if compact else company)
    return companies, contacts
