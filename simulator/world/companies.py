"""Companies and their contacts for one territory.

Everything is drawn from one `random.Random` in a fixed order, so a seed gives the same file.
Commercial fields (statut, segment, CA with the seller...) are filled later by history.py.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from typing import Any

from simulator.world import geo
from simulator.world.ids import landline, mobile, siren, siret, slug
from simulator.world.names import Pools, company_name, street
from simulator.world.sectors import HEADCOUNT_BANDS, HEADCOUNT_WEIGHTS, SECTORS, headcount_band

Record = dict[str, Any]

# Functions as (masculine, feminine, role). Role: decideur | prescripteur | utilisateur | barrage.
GATEKEEPERS: tuple[tuple[str, str], ...] = (
    ("Assistant de direction", "Assistante de direction"),
    ("Standardiste", "Standardiste"),
    ("Chargé d'accueil", "Chargée d'accueil"),
    ("Secrétaire de direction", "Secrétaire de direction"),
)
SMALL_GATEKEEPERS: tuple[tuple[str, str], ...] = (
    ("Assistant administratif", "Assistante administrative"),
    ("Secrétaire", "Secrétaire"),
)
LEADERS: dict[str, tuple[str, str]] = {
    "SARL": ("Gérant", "Gérante"), "EURL": ("Gérant", "Gérante"),
    "SAS": ("Président", "Présidente"), "SASU": ("Président", "Présidente"),
    "SA": ("Président-directeur général", "Présidente-directrice générale"),
}
BIG_DECIDERS: dict[str, tuple[tuple[str, str], ...]] = {
    "industrie": (("Directeur d'usine", "Directrice d'usine"),
                  ("Directeur technique", "Directrice technique"),
                  ("Directeur des opérations", "Directrice des opérations")),
    "logistique": (("Directeur de site", "Directrice de site"),
                   ("Directeur des opérations", "Directrice des opérations")),
    "commerce": (("Directeur de site", "Directrice de site"),
                 ("Directeur général", "Directrice générale")),
    "btp": (("Directeur technique", "Directrice technique"),
            ("Directeur général", "Directrice générale")),
}
PRESCRIBERS: dict[str, tuple[tuple[str, str], ...]] = {
    "industrie": (("Responsable maintenance", "Responsable maintenance"),
                  ("Responsable achats", "Responsable achats"),
                  ("Responsable production", "Responsable production"),
                  ("Responsable HSE", "Responsable HSE")),
    "logistique": (("Responsable logistique", "Responsable logistique"),
                   ("Responsable achats", "Responsable achats"),
                   ("Responsable d'exploitation", "Responsable d'exploitation")),
    "commerce": (("Responsable logistique", "Responsable logistique"),
                 ("Responsable achats", "Responsable achats"),
                 ("Responsable des services généraux", "Responsable des services généraux")),
    "btp": (("Responsable du parc matériel", "Responsable du parc matériel"),
            ("Responsable achats", "Responsable achats"),
            ("Conducteur de travaux principal", "Conductrice de travaux principale")),
}
USERS: dict[str, tuple[tuple[str, str], ...]] = {
    "industrie": (("Chef d'atelier", "Cheffe d'atelier"),
                  ("Technicien de maintenance", "Technicienne de maintenance")),
    "logistique": (("Chef d'entrepôt", "Cheffe d'entrepôt"),
                   ("Chef d'équipe caristes", "Cheffe d'équipe caristes")),
    "commerce": (("Chef de dépôt", "Cheffe de dépôt"),
                 ("Chef d'équipe réception", "Cheffe d'équipe réception")),
    "btp": (("Chef de dépôt", "Cheffe de dépôt"),
            ("Mécanicien d'atelier", "Mécanicienne d'atelier")),
}
EMAIL_PATTERNS: tuple[str, ...] = ("{p}.{n}", "{i}{n}", "{i}.{n}", "{n}.{p}", "{p}.{n}")
GENERIC_MAILBOXES: tuple[str, ...] = ("contact", "accueil", "info", "contact", "secretariat")
NEUTRAL_NOTES: tuple[str, ...] = (
    "Rappeler après la période de congés.",
    "Préfère être contacté par courriel.",
    "Salon professionnel : carte de visite récupérée.",
    "Demande de documentation envoyée.",
    "Projet d'extension du bâtiment évoqué.",
    "Accueil téléphonique filtrant.",
    "Réunion d'équipe le lundi matin : éviter d'appeler.",
)


@functools.lru_cache(maxsize=16)
def _commune_weights(territory_id: str) -> tuple[tuple[geo.Commune, ...], tuple[float, ...]]:
    """Communes of the territory and cumulative weights (industry follows population)."""
    rows = geo.communes_of(territory_id)
    cumulative = tuple(itertools.accumulate(c.population ** 0.6 for c in rows))
    return rows, cumulative


def _pick_commune(rng: random.Random, territory_id: str) -> geo.Commune:
    rows, cumulative = _commune_weights(territory_id)
    return rows[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _legal_form(rng: random.Random, effectif: int) -> str:
    forms: tuple[str, ...]
    weights: tuple[int, ...]
    if effectif < 10:
        forms, weights = ("SARL", "SAS", "EURL", "SASU"), (40, 30, 15, 15)
    elif effectif < 50:
        forms, weights = ("SAS", "SARL", "SA"), (55, 40, 5)
    else:
        forms, weights = ("SAS", "SA", "SARL"), (70, 25, 5)
    return rng.choices(forms, weights)[0]


def _headcount(rng: random.Random) -> int:
    band = rng.choices(HEADCOUNT_BANDS, HEADCOUNT_WEIGHTS)[0]
    return rng.randint(band[1], band[2])


def _person(rng: random.Random, p: Pools, female_share: float) -> tuple[bool, str, str]:
    female = rng.random() < female_share
    first = rng.choice(p.first_female if female else p.first_male)
    return female, first, rng.choice(p.last)


def _email(pattern: str, first: str, last: str, domain: str) -> str:
    local = pattern.format(p=slug(first), n=slug(last, sep=""), i=slug(first)[:1])
    return f"{local}@{domain}"


def make_companies(rng: random.Random, ids: list[str], territory_id: str,
                   sector_ids: list[str], p: Pools) -> tuple[list[Record], list[Record]]:
    """Companies (identity, size, address, phone, web) and their contacts."""
    companies: list[Record] = []
    contacts: list[Record] = []
    used_names: set[str] = set()
    used_domains: set[str] = set()
    used_sirens: set[str] = set()
    sector_weights = [1.0 + 0.5 * (len(sector_ids) - i) / len(sector_ids)
                      for i in range(len(sector_ids))]
    base = geo.base_of(territory_id)
    for company_id in ids:
        sector = SECTORS[rng.choices(sector_ids, sector_weights)[0]]
        commune = _pick_commune(rng, territory_id)
        naf_code, naf_label = rng.choice(sector.naf)
        name = company_name(rng, sector, p, commune.nom, naf_code)
        if name in used_names:
            name = company_name(rng, sector, p, commune.nom, naf_code)
        if name in used_names:
            name = f"{name} {commune.nom}"
        unique, suffix = name, 2
        while unique in used_names:  # only in very large files
            unique, suffix = f"{name} {suffix}", suffix + 1
        name = unique
        used_names.add(name)
        domain_root = slug(name)
        domain = f"{domain_root}.{'fr' if rng.random() < 0.8 else 'com'}"
        if domain in used_domains:
            domain = f"{domain_root}-{commune.departement}.fr"
        counter = 2
        while domain in used_domains:
            domain = f"{domain_root}{counter}.fr"
            counter += 1
        used_domains.add(domain)
        number = siren(rng)
        while number in used_sirens:
            number = siren(rng)
        used_sirens.add(number)
        effectif = _headcount(rng)
        code, label = headcount_band(effectif)
        forme = _legal_form(rng, effectif)
        ca = round(effectif * sector.ca_par_salarie * rng.lognormvariate(0, 0.3), -3)
        zone = geo.PHONE_ZONE[commune.departement]
        phone = landline(rng, zone)
        company: Record = {
            "id": company_id, "raison_sociale": name, "nom_commercial": name,
            "forme_juridique": forme, "siren": number,
            "siret": siret(number, rng.choice((1, 1, 1, 2, 3))),
            "naf": naf_code, "naf_libelle": naf_label, "secteur": sector.id,
            "secteur_libelle": sector.libelle, "famille": sector.famille,
            "effectif": effectif, "tranche_effectif": label, "code_tranche_effectif": code,
            "ca_annuel": float(ca), "annee_creation": rng.randint(1950, 2022),
            "adresse": street(rng, p), "code_postal": commune.code_postal,
            "commune": commune.nom, "departement": commune.departement,
            "region": commune.region, "lat": commune.lat, "lon": commune.lon,
            "site_web": f"www.{domain}", "domaine": domain, "telephone": phone,
            "email": f"{rng.choice(GENERIC_MAILBOXES)}@{domain}",
            "distance_km": round(geo.road_km((base.lat, base.lon), (commune.lat, commune.lon)), 1),
            "actif": True,
            "note": rng.choice(NEUTRAL_NOTES) if rng.random() < 0.15 else None,
        }
        companies.append(company)
        contacts.extend(_contacts(rng, company, p, forme, sector.famille))
    return companies, contacts


def _contacts(rng: random.Random, company: Record, p: Pools, forme: str,
              famille: str) -> list[Record]:
    """Gatekeeper + decision maker always, then prescribers/users depending on size."""
    effectif = int(company["effectif"])
    domain = str(company["domaine"])
    pattern = rng.choice(EMAIL_PATTERNS)
    small = effectif < 50
    wanted: list[tuple[tuple[str, str], str, float]] = [
        (rng.choice(SMALL_GATEKEEPERS if effectif < 20 else GATEKEEPERS), "barrage", 0.85),
        (LEADERS[forme] if small else rng.choice(BIG_DECIDERS[famille]), "decideur", 0.3),
    ]
    extra = 0 if effectif < 10 else 1 if effectif < 50 else 2
    extra += rng.random() < 0.4
    prescribers = list(PRESCRIBERS[famille])
    rng.shuffle(prescribers)
    for i in range(extra):
        if i < len(prescribers) - 1 and (i == 0 or rng.random() < 0.6):
            wanted.append((prescribers[i], "prescripteur", 0.35))
        else:
            wanted.append((rng.choice(USERS[famille]), "utilisateur", 0.25))
    records: list[Record] = []
    emails: set[str] = set()
    phone = str(company["telephone"])
    for offset, (titles, role, female_share) in enumerate(wanted):
        female, first, last = _person(rng, p, female_share)
        email = _email(pattern, first, last, domain)
        while email in emails:
            email = email.replace("@", f"{len(emails)}@", 1)
        emails.add(email)
        direct = phone if role == "barrage" else f"{phone[:-2]}{rng.randint(10, 99)}"
        records.append({
            "id": f"{company['id']}-C{offset + 1}", "entreprise_id": company["id"],
            "civilite": "Mme" if female else "M.", "prenom": first, "nom": last,
            "fonction": titles[1] if female else titles[0], "role": role,
            "telephone": direct,
            "mobile": mobile(rng) if role in ("decideur", "prescripteur")
            and rng.random() < 0.7 else None,
            "email": email, "actif": True, "note": None,
        })
    return records
