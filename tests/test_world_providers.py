"""The world's Faker providers used directly on a seeded Faker("fr_FR"): coherent B2B data."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from faker import Faker

from simulator.world import generate_world, geo
from simulator.world.ids import luhn_complete, luhn_valid, slug, valid_email, valid_phone
from simulator.world.names import pools
from simulator.world.people import GATEKEEPERS, LEADERS, ROLES, SMALL_GATEKEEPERS
from simulator.world.providers import (
    CommuneProvider,
    ContactB2BProvider,
    EntrepriseProvider,
    world_faker,
)
from simulator.world.sectors import SECTORS, headcount_band

DRAWS = 200


@pytest.fixture
def fake() -> Faker:
    fake = Faker("fr_FR")
    for kind in (CommuneProvider, EntrepriseProvider, ContactB2BProvider):
        fake.add_provider(kind)
    fake.seed_instance(4)
    return fake


def test_commune_is_a_real_row_of_the_territory(fake: Faker) -> None:
    table = {(c.nom, c.departement): c for c in geo.communes()}
    for territory_id, territory in geo.TERRITORIES.items():
        for _ in range(DRAWS // 4):
            commune = fake.commune_territoire(territory_id)
            row = table[(commune["commune"], commune["departement"])]
            assert commune["departement"] in territory.departements
            assert commune["code_postal"] == row.code_postal
            if commune["code_postal"] is not None:
                assert commune["code_postal"].startswith(commune["departement"])
                assert len(commune["code_postal"]) == 5
            assert commune["region"] == geo.REGIONS[row.region_code]
            assert (commune["lat"], commune["lon"]) == (row.lat, row.lon)


def test_commune_without_territory_and_unknown_territory(fake: Faker) -> None:
    departments = {c.departement for c in geo.communes()}
    seen = {fake.commune_territoire()["departement"] for _ in range(DRAWS)}
    assert seen <= departments and len(seen) > 5
    with pytest.raises(ValueError, match="territoire inconnu"):
        fake.commune_territoire("atlantide")


def test_siren_and_siret_are_luhn_valid_without_spaces(fake: Faker) -> None:
    for _ in range(DRAWS):
        siren = fake.numero_siren()
        assert len(siren) == 9 and siren.isdigit() and luhn_valid(siren), siren
        siret = fake.numero_siret(siren)
        assert len(siret) == 14 and siret.isdigit() and luhn_valid(siret), siret
        assert siret.startswith(siren)
        alone = fake.numero_siret()
        assert len(alone) == 14 and luhn_valid(alone) and luhn_valid(alone[:9])


def test_faker_builtins_are_not_shadowed(fake: Faker) -> None:
    assert " " in fake.siren()  # Faker's own fr_FR format is kept


def test_naf_and_name_follow_the_sector(fake: Faker) -> None:
    for sector_id, sector in SECTORS.items():
        for _ in range(10):
            code, label = fake.code_naf(sector_id)
            assert (code, label) in sector.naf
            name = fake.raison_sociale(sector_id, "Voiron", code)
            assert name and name == name.strip()
    assert fake.secteur_activite(["btp"]) == "btp"
    drawn = {fake.secteur_activite(["chimie", "textile"]) for _ in range(50)}
    assert drawn == {"chimie", "textile"}
    drawn_naf = fake.code_naf()
    assert any(drawn_naf in s.naf for s in SECTORS.values())
    for call in (lambda: fake.code_naf("spatial"), lambda: fake.raison_sociale("spatial"),
                 lambda: fake.secteur_activite(["btp", "spatial"])):
        with pytest.raises(ValueError, match="secteur inconnu"):
            call()


def test_size_band_and_legal_form_agree(fake: Faker) -> None:
    for _ in range(DRAWS):
        effectif = fake.effectif()
        assert 3 <= effectif <= 499
        assert fake.tranche_effectif(effectif) == headcount_band(effectif)
        forme = fake.forme_juridique(effectif)
        assert forme in ("SARL", "SAS", "SA", "EURL", "SASU")
        if effectif >= 10:
            assert forme not in ("EURL", "SASU")
    code, label = fake.tranche_effectif()
    assert code.isdigit() and "salariés" in label


def test_domain_site_and_mailbox_derive_from_the_name(fake: Faker) -> None:
    for _ in range(DRAWS // 2):
        name = fake.raison_sociale()
        domain = fake.domaine_entreprise(name)
        root, _, tld = domain.rpartition(".")
        assert root == slug(name) and tld in ("fr", "com")
        email = fake.email_entreprise(domain)
        assert valid_email(email) and email.endswith("@" + domain)
        assert fake.site_web_entreprise(domain) == f"www.{domain}"
        assert valid_email(fake.email_entreprise())
    assert fake.adresse_entreprise()[0].isdigit()


@pytest.mark.parametrize(("departement", "zone"), [
    ("75", "01"), ("35", "02"), ("59", "03"), ("69", "04"), ("31", "05"), ("2A", "04"),
])
def test_landline_matches_the_department_zone(fake: Faker, departement: str,
                                              zone: str) -> None:
    for _ in range(20):
        phone = fake.telephone_fixe(departement)
        assert valid_phone(phone) and phone.startswith(zone + " ")


def test_phone_formats(fake: Faker) -> None:
    for _ in range(DRAWS):
        mobile = fake.telephone_mobile()
        assert valid_phone(mobile) and mobile[:2] in ("06", "07")
        phone = fake.telephone_fixe()
        assert valid_phone(phone) and phone[:2] in ("01", "02", "03", "04", "05")
        direct = fake.ligne_directe(phone)
        assert valid_phone(direct) and direct[:-2] == phone[:-2]
    with pytest.raises(ValueError, match="département inconnu"):
        fake.telephone_fixe("99")


def _gender_ok(contact: dict[str, Any]) -> bool:
    p = pools()
    names = p.first_female if contact["civilite"] == "Mme" else p.first_male
    return contact["prenom"] in names and contact["nom"] in p.last


def test_contact_is_coherent(fake: Faker) -> None:
    for _ in range(DRAWS):
        contact = fake.contact_b2b("berard-fils.fr", "69")
        assert contact["civilite"] in ("M.", "Mme") and _gender_ok(contact)
        assert contact["role"] in ROLES
        assert valid_email(contact["email"]) and contact["email"].endswith("@berard-fils.fr")
        assert valid_phone(contact["telephone"]) and contact["telephone"].startswith("04 ")
        if contact["role"] in ("barrage", "utilisateur"):
            assert contact["mobile"] is None
        elif contact["mobile"] is not None:
            assert contact["mobile"][:2] in ("06", "07")
    small = fake.contact_b2b("x.fr", role="decideur", famille="industrie", effectif=8,
                             forme_juridique="SARL")
    assert small["fonction"] == LEADERS["SARL"][small["civilite"] == "Mme"]
    big = fake.contact_b2b("x.fr", role="barrage", effectif=300)
    assert big["fonction"] in {t for pair in GATEKEEPERS for t in pair}
    tiny = fake.contact_b2b("x.fr", role="barrage", effectif=5)
    assert tiny["fonction"] in {t for pair in SMALL_GATEKEEPERS for t in pair}


def test_function_person_and_email(fake: Faker) -> None:
    title, role = fake.fonction_b2b("decideur", "btp", 12, "SAS", feminin=True)
    assert (title, role) == ("Présidente", "decideur")
    for _ in range(50):
        title, role = fake.fonction_b2b()
        assert title and role in ROLES
        who = fake.personne_b2b(part_femmes=1.0)
        assert who["civilite"] == "Mme" and who["prenom"] in pools().first_female
    assert fake.email_contact("Hélène", "Le Bœuf", "acme.fr", "{p}.{n}") == "helene.leboeuf@acme.fr"
    assert fake.civilite() in ("M.", "Mme")
    with pytest.raises(ValueError):
        fake.fonction_b2b("patron")


def test_contacts_of_a_company_record(fake: Faker) -> None:
    company = {"id": "E0042", "effectif": 120, "forme_juridique": "SAS", "famille": "logistique",
               "domaine": "transports-girard.fr", "telephone": "02 40 12 34 56"}
    contacts = fake.contacts_entreprise(company)
    roles = [c["role"] for c in contacts]
    assert roles.count("decideur") == 1 and roles.count("barrage") == 1 and len(contacts) >= 4
    assert [c["id"] for c in contacts] == [f"E0042-C{i}" for i in range(1, len(contacts) + 1)]
    assert len({c["email"] for c in contacts}) == len(contacts)
    for contact in contacts:
        assert contact["entreprise_id"] == "E0042" and _gender_ok(contact)
        assert contact["email"].endswith("@transports-girard.fr")
        assert contact["telephone"][:-2] == "02 40 12 34 "


def _sample(fake: Faker) -> list[object]:
    return [fake.commune_territoire("bretagne"), fake.raison_sociale(), fake.numero_siret(),
            fake.code_naf(), fake.forme_juridique(), fake.contact_b2b("a.fr"),
            fake.telephone_fixe(), fake.adresse_entreprise()]


def test_seed_instance_makes_draws_reproducible() -> None:
    def seeded(seed: str) -> Faker:
        fake = Faker("fr_FR")
        for kind in (CommuneProvider, EntrepriseProvider, ContactB2BProvider):
            fake.add_provider(kind)
        fake.seed_instance(seed)
        return fake
    assert _sample(seeded("a")) == _sample(seeded("a"))
    assert _sample(seeded("a")) != _sample(seeded("b"))
    assert _sample(world_faker("a")) == _sample(world_faker("a"))


def test_generator_draws_identity_through_the_providers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    counter = iter(range(10_000_000, 20_000_000))
    monkeypatch.setattr(EntrepriseProvider, "numero_siren",
                        lambda self: luhn_complete(str(next(counter))))
    monkeypatch.setattr(ContactB2BProvider, "telephone_fixe",
                        lambda self, departement=None: "05 55 55 55 55")
    world = generate_world(1, companies=12)
    # Real draws start with 3-9: every SIREN came through the patched provider.
    assert all(c["siren"].startswith("1") for c in world["entreprises"])
    phones = {c["telephone"] for c in world["entreprises"]}
    assert phones <= {"05 55 55 55 55", None} | {f["valeur"] for f in world["defauts"]}


def test_importing_the_world_package_does_not_import_faker() -> None:
    code = ("import sys, simulator.world, simulator.world.schema; "
            "print('faker' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
