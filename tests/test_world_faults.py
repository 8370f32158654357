"""Injected faults: each one is recorded with the ground truth, and nothing else is faulty."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.world import generate_world, geo
from simulator.world.faults import CEASED_NOTES, FAULT_TYPES, LEFT_NOTES, fault_count
from simulator.world.ids import valid_email, valid_phone

SEEDS = range(15)


def detect(world: dict[str, Any]) -> set[tuple[str, str]]:
    """An independent checker of the file: (type, entity id) for every anomaly found."""
    found: set[tuple[str, str]] = set()
    table = {(c.nom, c.departement): c.code_postal for c in geo.communes()}
    first_by_siren: dict[str, str] = {}
    domains = {c["id"]: c["domaine"] for c in world["entreprises"]}
    for company in sorted(world["entreprises"], key=lambda c: c["id"]):
        cid = company["id"]
        if company["telephone"] is None:
            found.add(("telephone_manquant", cid))
        elif not valid_phone(company["telephone"]):
            found.add(("telephone_invalide", cid))
        if table[(company["commune"], company["departement"])] != company["code_postal"]:
            found.add(("code_postal_incoherent", cid))
        if company["note"] in CEASED_NOTES:
            found.add(("entreprise_radiee", cid))
        first_by_siren.setdefault(company["siren"], cid)
    sirens: dict[str, list[dict[str, Any]]] = {}
    for company in world["entreprises"]:
        sirens.setdefault(company["siren"], []).append(company)
    for group in sirens.values():
        if len(group) > 1:
            # The duplicate is the record without commercial history / the later note.
            for company in group:
                if company["note"] == "Fiche créée lors d'un salon professionnel.":
                    found.add(("doublon", company["id"]))
    for contact in world["contacts"]:
        email = contact["email"]
        if email is None:
            found.add(("email_manquant", contact["id"]))
        elif not valid_email(email):
            found.add(("email_invalide", contact["id"]))
        elif not email.endswith("@" + domains[contact["entreprise_id"]]):
            found.add(("email_domaine", contact["id"]))
        if contact["note"] in LEFT_NOTES:
            found.add(("contact_parti", contact["id"]))
    return found


def recorded(world: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["type"], f["contact_id"] or f["entreprise_id"]) for f in world["defauts"]}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_fault_is_recorded_and_vice_versa(seed: int) -> None:
    world = generate_world(seed, companies=60 + 7 * seed,
                           dossier=("air-comprime", "manutention")[seed % 2])
    assert len(world["defauts"]) == fault_count(len(world["entreprises"]))
    assert detect(world) == recorded(world)
    assert {f["type"] for f in world["defauts"]} == set(FAULT_TYPES)


def test_fault_records_show_the_file_value_and_the_correction() -> None:
    world = generate_world(11, companies=150)
    companies = {c["id"]: c for c in world["entreprises"]}
    contacts = {c["id"]: c for c in world["contacts"]}
    for fault in world["defauts"]:
        assert set(fault) == {"id", "type", "entreprise_id", "contact_id", "champ", "valeur",
                              "correction", "detail"}
        assert fault["detail"]
        record = contacts[fault["contact_id"]] if fault["contact_id"] else companies[
            fault["entreprise_id"]]
        if fault["type"] in ("contact_parti", "entreprise_radiee"):
            assert record["actif"] is True and fault["correction"] is False
        else:
            assert record[fault["champ"]] == fault["valeur"]
            assert fault["valeur"] != fault["correction"]
        if fault["type"] == "doublon":
            original = companies[fault["correction"]]
            assert original["siren"] == record["siren"]
            assert original["raison_sociale"] != record["raison_sociale"]


def test_applying_the_corrections_gives_a_clean_file() -> None:
    world = copy.deepcopy(generate_world(5, companies=200))
    companies = {c["id"]: c for c in world["entreprises"]}
    contacts = {c["id"]: c for c in world["contacts"]}
    removed: set[str] = set()
    for fault in world["defauts"]:
        if fault["type"] == "doublon":
            removed.add(fault["entreprise_id"])
            continue
        record = contacts[fault["contact_id"]] if fault["contact_id"] else companies[
            fault["entreprise_id"]]
        record[fault["champ"]] = fault["correction"]
        if fault["champ"] == "actif":
            record["note"] = None
    world["entreprises"] = [c for c in world["entreprises"] if c["id"] not in removed]
    world["contacts"] = [c for c in world["contacts"] if c["entreprise_id"] not in removed]
    assert detect(world) == set()


def test_small_files_get_no_faults() -> None:
    assert generate_world(1, companies=5)["defauts"] == []


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**40), companies=st.integers(10, 70),
       territory=st.sampled_from(sorted(geo.TERRITORIES)),
       dossier=st.sampled_from(["air-comprime", "manutention"]))
def test_faults_match_ground_truth_for_any_parameters(seed: int, companies: int,
                                                      territory: str, dossier: str) -> None:
    world = generate_world(seed, companies=companies, dossier=dossier, territory=territory)
    assert len(world["entreprises"]) == companies
    assert detect(world) == recorded(world)
