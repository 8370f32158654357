"""Faker providers for coherent French B2B data, and the seeded Faker the generator uses.

`CommuneProvider`, `EntrepriseProvider` and `ContactB2BProvider` are ordinary
`faker.providers.BaseProvider` subclasses: add them to any `Faker("fr_FR")` and call e.g.
`fake.raison_sociale()`, `fake.numero_siret()`, `fake.contact_b2b("berard.fr", "69")`. Each
method is a thin wrapper calling the world's own draw functions (geo, sectors, names, ids,
people) with `self.generator.random`, so the generator and a Faker user get the same
formats from one implementation, and `fake.seed_instance(...)` makes them reproducible.

Method names are French and distinct from Faker's built-ins (`numero_siren`, not `siren`,
whose fr_FR version contains spaces), so adding these providers never changes what
Faker's own methods return.

This module imports Faker: import it lazily (generate_world does), never from
simulator.world's package init, so `ntc scenarios validate` stays fast.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from faker.providers import BaseProvider

from simulator.world import geo
from simulator.world.ids import (
    domain_name,
    email_pattern,
    landline,
    line_extension,
    mailbox,
    mobile,
    person_email,
    siren,
    siret,
)
from simulator.world.names import company_name, pools, street
from simulator.world.people import (
    ROLES,
    Post,
    company_contacts,
    contact_fields,
    job_titles,
    person,
)
from simulator.world.sectors import (
    FAMILIES,
    SECTORS,
    Sector,
    headcount_band,
    pick_headcount,
    pick_legal_form,
    pick_naf,
    pick_sector,
)

if TYPE_CHECKING:
    from faker import Faker

Record = dict[str, Any]
P = TypeVar("P", bound=BaseProvider)

ESTABLISHMENTS: tuple[int, ...] = (1, 1, 1, 2, 3)  # NIC numbers: most files show the HQ


def _sector(rng: random.Random, secteur: str | None) -> Sector:
    """The named sector, or a random one when None."""
    if secteur is None:
        return pick_sector(rng)
    if secteur not in SECTORS:
        raise ValueError(f"secteur inconnu : {secteur!r}")
    return SECTORS[secteur]


class CommuneProvider(BaseProvider):
    """Real communes of a territory (communes table), weighted toward larger towns."""

    def commune_territoire(self, territoire: str | None = None) -> Record:
        """A commune of `territoire` (an id of geo.TERRITORIES; None: any) with its postcode,
        department, current region and coordinates, all from the same table row."""
        if territoire is not None and territoire not in geo.TERRITORIES:
            raise ValueError(f"territoire inconnu : {territoire!r}")
        return geo.pick_commune(self.generator.random, territoire).as_dict()


class EntrepriseProvider(BaseProvider):
    """Companies: sector, NAF, trade name, legal form, size, SIREN/SIRET, web identity."""

    def secteur_activite(self, secteurs: Sequence[str] | None = None) -> str:
        """A sector id (sectors.SECTORS) among `secteurs`, earlier ones slightly favoured."""
        unknown = [s for s in secteurs or () if s not in SECTORS]
        if unknown:
            raise ValueError(f"secteur inconnu : {unknown[0]!r}")
        return pick_sector(self.generator.random, secteurs).id

    def code_naf(self, secteur: str | None = None) -> tuple[str, str]:
        """(NAF code, label) belonging to the sector (None: a random sector)."""
        rng = self.generator.random
        return pick_naf(rng, _sector(rng, secteur))

    def raison_sociale(self, secteur: str | None = None, commune: str | None = None,
                       naf: str | None = None) -> str:
        """A trade name matching the sector and NAF activity: `Salaisons Bérard`..."""
        rng = self.generator.random
        sector = _sector(rng, secteur)
        town = commune if commune is not None else geo.pick_commune(rng).nom
        return company_name(rng, sector, pools(), town, naf)

    def effectif(self) -> int:
        """A headcount (3-499), drawn by INSEE band."""
        return pick_headcount(self.generator.random)

    def tranche_effectif(self, effectif: int | None = None) -> tuple[str, str]:
        """(INSEE code, label) of the headcount band (draws a headcount if None)."""
        return headcount_band(self.effectif() if effectif is None else effectif)

    def forme_juridique(self, effectif: int | None = None) -> str:
        """SARL, SAS, SA, EURL or SASU, plausible for the headcount."""
        rng = self.generator.random
        return pick_legal_form(rng, pick_headcount(rng) if effectif is None else effectif)

    def numero_siren(self) -> str:
        """A Luhn-valid SIREN, 9 digits, no spaces."""
        return siren(self.generator.random)

    def numero_siret(self, siren_number: str | None = None) -> str:
        """A Luhn-valid SIRET (14 digits, no spaces) of this SIREN (drawn if None)."""
        rng = self.generator.random
        number = siren(rng) if siren_number is None else siren_number
        return siret(number, rng.choice(ESTABLISHMENTS))

    def domaine_entreprise(self, raison_sociale: str | None = None) -> str:
        """`salaisons-berard.fr`: derived from the trade name (drawn if None)."""
        name = self.raison_sociale() if raison_sociale is None else raison_sociale
        return domain_name(self.generator.random, name)

    def site_web_entreprise(self, domaine: str | None = None) -> str:
        return f"www.{self.domaine_entreprise() if domaine is None else domaine}"

    def email_entreprise(self, domaine: str | None = None) -> str:
        """Generic mailbox on the company domain: `contact@salaisons-berard.fr`."""
        domain = self.domaine_entreprise() if domaine is None else domaine
        return mailbox(self.generator.random, domain)

    def adresse_entreprise(self) -> str:
        """Street line, often in an industrial zone: `3 rue Martin, ZI des Granges`."""
        return street(self.generator.random, pools())


class ContactB2BProvider(BaseProvider):
    """People in companies: civility, B2B title and buying role, phones, e-mail."""

    def civilite(self) -> str:
        """`M.` or `Mme`."""
        return "Mme" if self.generator.random.random() < 0.5 else "M."

    def fonction_b2b(self, role: str | None = None, famille: str | None = None,
                     effectif: int | None = None, forme_juridique: str | None = None,
                     feminin: bool = False) -> tuple[str, str]:
        """(job title, role) for a buying role (decideur, prescripteur, utilisateur,
        barrage) in a company of this family (industrie, logistique, commerce, btp);
        missing parameters are drawn."""
        post = self._post(role, famille, effectif, forme_juridique)
        return post.titles[1] if feminin else post.titles[0], post.role

    def _post(self, role: str | None, famille: str | None, effectif: int | None,
              forme_juridique: str | None) -> Post:
        rng = self.generator.random
        role = role or rng.choice(ROLES)
        famille = famille or rng.choice(sorted(FAMILIES))
        if role not in ROLES or famille not in FAMILIES:
            raise ValueError(f"rôle ou famille inconnus : {role!r}, {famille!r}")
        size = pick_headcount(rng) if effectif is None else effectif
        forme = forme_juridique or pick_legal_form(rng, size)
        return Post(job_titles(rng, role, famille, size, forme), role)

    def telephone_fixe(self, departement: str | None = None) -> str:
        """Landline `04 72 12 34 56` in the zone of the department (01-05)."""
        rng = self.generator.random
        dep = departement if departement is not None else rng.choice(sorted(geo.PHONE_ZONE))
        if dep not in geo.PHONE_ZONE:
            raise ValueError(f"département inconnu : {dep!r}")
        return landline(rng, geo.PHONE_ZONE[dep])

    def ligne_directe(self, standard: str) -> str:
        """A direct line next to the switchboard number."""
        return line_extension(self.generator.random, standard)

    def telephone_mobile(self) -> str:
        """Mobile `06 ..` or `07 ..`."""
        return mobile(self.generator.random)

    def email_contact(self, prenom: str, nom: str, domaine: str,
                      modele: str | None = None) -> str:
        """`marie.dupont@domaine` following the company scheme (drawn if None)."""
        pattern = modele if modele is not None else email_pattern(self.generator.random)
        return person_email(pattern, prenom, nom, domaine)

    def contact_b2b(self, domaine: str, departement: str | None = None,
                    role: str | None = None, famille: str | None = None,
                    effectif: int | None = None,
                    forme_juridique: str | None = None) -> Record:
        """One coherent contact: civility matching the first name, gendered title of the
        role, direct line in the department's zone, mobile for decision makers and
        prescribers, e-mail on `domaine`. Same fields as a world's `contacts[]` minus ids."""
        post = self._post(role, famille, effectif, forme_juridique)
        switchboard = self.telephone_fixe(departement)
        rng = self.generator.random
        return contact_fields(rng, pools(), post, switchboard, email_pattern(rng), domaine)

    def contacts_entreprise(self, entreprise: Record) -> list[Record]:
        """All contacts of a company record (as generated: needs id, effectif,
        forme_juridique, famille, domaine, telephone)."""
        return company_contacts(self.generator.random, pools(), entreprise)

    def personne_b2b(self, part_femmes: float = 0.5) -> Record:
        """Civility, first name of that gender and last name."""
        who = person(self.generator.random, pools(), part_femmes)
        return {"civilite": who.civilite, "prenom": who.first, "nom": who.last}


def provider(fake: Faker, kind: type[P]) -> P:
    """The instance of a provider class added to `fake`."""
    for candidate in fake.get_providers():
        if isinstance(candidate, kind):
            return candidate
    raise LookupError(f"{kind.__name__} is not added to this Faker")


def world_faker(seed: str) -> Faker:
    """`Faker("fr_FR")` with the three providers, seeded with `seed` (a string: Python hashes
    it with SHA-512, so draws do not depend on PYTHONHASHSEED)."""
    from faker import Faker

    fake = Faker("fr_FR", use_weighting=False)
    for kind in (CommuneProvider, EntrepriseProvider, ContactB2BProvider):
        fake.add_provider(kind)
    fake.seed_instance(seed)
    return fake
