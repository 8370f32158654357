"""Properties of generated worlds over many seeds: identifiers, geography, commerce, market."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from simulator.world import generate_world, geo
from simulator.world.history import REFERENCE_DATE, abc_segments
from simulator.world.ids import luhn_valid, valid_email, valid_phone

SEEDS = range(20)


@pytest.fixture(scope="module")
def worlds() -> list[dict[str, Any]]:
    result = []
    for seed in SEEDS:
        dossier = "air-comprime" if seed % 2 == 0 else "manutention"
        territory = sorted(geo.TERRITORIES)[seed % len(geo.TERRITORIES)]
        result.append(generate_world(seed, companies=40 + seed, dossier=dossier,
                                     territory=territory))
    return result


def _faulty(world: dict[str, Any], field: str) -> set[str]:
    """Ids (company or contact) whose `field` carries a recorded fault."""
    ids = set()
    for fault in world["defauts"]:
        if fault["champ"] == field:
            ids.add(fault["contact_id"] or fault["entreprise_id"])
    return ids


def test_sizes_and_keys(worlds: list[dict[str, Any]]) -> None:
    for seed, world in zip(SEEDS, worlds, strict=True):
        assert len(world["entreprises"]) == 40 + seed
        assert world["graine"] == seed
        ids = [c["id"] for c in world["entreprises"]]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert len({c["id"] for c in world["contacts"]}) == len(world["contacts"])


def test_siren_and_siret_are_luhn_valid(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        for company in world["entreprises"]:
            siren, siret = company["siren"], company["siret"]
            assert len(siren) == 9 and siren.isdigit() and luhn_valid(siren), siren
            assert len(siret) == 14 and siret.startswith(siren) and luhn_valid(siret), siret


def test_luhn_rejects_a_changed_digit() -> None:
    assert luhn_valid("732829320")
    assert not luhn_valid("732829321")
    assert not luhn_valid("73282932a")


def test_postcode_department_region_are_coherent(worlds: list[dict[str, Any]]) -> None:
    table = {(c.nom, c.departement): c for c in geo.communes()}
    for world in worlds:
        bad_postcodes = _faulty(world, "code_postal")
        deps = set(world["territoire"]["departements"])
        for company in world["entreprises"]:
            commune = table[(company["commune"], company["departement"])]
            assert company["departement"] in deps
            assert company["region"] == geo.REGIONS[commune.region_code]
            assert (company["lat"], company["lon"]) == (commune.lat, commune.lon)
            if company["id"] in bad_postcodes:
                assert company["code_postal"][:2] != company["departement"]
            else:
                assert company["code_postal"] == commune.code_postal
                if company["code_postal"] is not None:
                    assert company["code_postal"].startswith(company["departement"])


def test_segment_follows_actual_turnover(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        for company in world["entreprises"]:
            if company["ca_12_mois"] <= 0:
                assert company["segment"] == "C", company
        turnover = {s: [c["ca_12_mois"] for c in world["entreprises"] if c["segment"] == s]
                    for s in "ABC"}
        assert turnover["A"] and min(turnover["A"]) > 0
        assert min(turnover["A"]) >= max(turnover["C"])


def test_coordinates_inside_the_territory(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        lat_min, lat_max, lon_min, lon_max = geo.bounding_box(world["territoire"]["id"])
        for record in world["entreprises"] + world["visites"]:
            assert lat_min <= record["lat"] <= lat_max
            assert lon_min <= record["lon"] <= lon_max


def test_emails_and_phones_are_well_formed_except_recorded_faults(
        worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        domains = {c["id"]: c["domaine"] for c in world["entreprises"]}
        bad_emails = _faulty(world, "email")
        bad_phones = _faulty(world, "telephone")
        for company in world["entreprises"]:
            assert company["site_web"] == f"www.{company['domaine']}"
            assert company["email"].endswith("@" + company["domaine"])
            assert valid_email(company["email"])
            assert valid_phone(company["telephone"]) != (company["id"] in bad_phones)
        for contact in world["contacts"]:
            ok = valid_email(contact["email"]) and contact["email"].endswith(
                "@" + domains[contact["entreprise_id"]])
            assert ok != (contact["id"] in bad_emails), contact
            assert valid_phone(contact["telephone"])
            assert contact["mobile"] is None or contact["mobile"][:2] in ("06", "07")


def test_every_company_has_a_decision_maker_and_a_gatekeeper(
        worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        roles: dict[str, set[str]] = {}
        for contact in world["contacts"]:
            roles.setdefault(contact["entreprise_id"], set()).add(contact["role"])
            assert contact["civilite"] in ("M.", "Mme")
        for company in world["entreprises"]:
            assert {"decideur", "barrage"} <= roles[company["id"]]


def test_abc_segments_follow_revenue_shares(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        duplicates = {f["entreprise_id"] for f in world["defauts"] if f["type"] == "doublon"}
        clients = [c for c in world["entreprises"]
                   if c["statut"] == "client" and c["id"] not in duplicates]
        total = sum(c["ca_12_mois"] for c in clients)
        ordered = sorted(clients, key=lambda c: (-c["ca_12_mois"], c["id"]))
        before = 0.0
        for company in ordered:
            share = before / total if total else 1.0
            expected = "A" if share < 0.8 else "B" if share < 0.95 else "C"
            assert company["segment"] == expected
            before += company["ca_12_mois"]
        if total:
            a_share = sum(c["ca_12_mois"] for c in clients if c["segment"] == "A") / total
            assert a_share >= 0.8
        for company in world["entreprises"]:
            assert company["segment"] in ("A", "B", "C")
            assert company["potentiel"] in ("fort", "moyen", "faible")


def test_abc_helper_on_a_known_case() -> None:
    segments = abc_segments([("a", 50), ("b", 30), ("c", 10), ("d", 6), ("e", 4)])
    assert segments == {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C"}


def _money(value: float) -> bool:
    return round(value, 2) == value


def test_orders_invoices_and_company_totals_agree(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        products = {p["id"] for p in world["vendeur"]["produits"]}
        products |= {s["id"] for s in world["vendeur"]["services"]}
        by_company: dict[str, float] = {}
        period_start = world["indicateurs"]["periode_debut"]
        for order in world["commandes"]:
            assert order["produit_id"] in products
            assert _money(order["montant_ht"]) and _money(order["marge"])
            assert order["montant_ht"] == round(order["prix_unitaire"] * order["quantite"], 2)
            assert abs(order["marge"] - (order["montant_ht"] - order["cout"])) < 0.011
            assert order["date"] <= REFERENCE_DATE.isoformat()
            if order["date"] >= period_start:
                by_company[order["entreprise_id"]] = (
                    by_company.get(order["entreprise_id"], 0.0) + order["montant_ht"])
        for company in world["entreprises"]:
            assert abs(company["ca_12_mois"] - by_company.get(company["id"], 0.0)) < 0.01
            if company["statut"] == "prospect":
                assert company["ca_12_mois"] == 0.0
        orders = {o["id"]: o for o in world["commandes"]}
        for invoice in world["factures"]:
            order = orders[invoice["commande_id"]]
            assert invoice["montant_ht"] == order["montant_ht"]
            assert abs(invoice["montant_ttc"] - invoice["montant_ht"] * 1.2) < 0.011
            assert invoice["echeance"] > invoice["date"] >= order["date"]
            if invoice["en_retard"]:
                assert not invoice["payee"] and invoice["echeance"] < REFERENCE_DATE.isoformat()
                assert invoice["jours_retard"] > 0
            if invoice["payee"]:
                assert invoice["date_paiement"] is not None and not invoice["litige"]


def test_indicators_are_computed_from_the_data(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        ind = world["indicateurs"]
        recent = [o for o in world["commandes"] if o["date"] >= ind["periode_debut"]]
        assert abs(ind["ca_total"] - sum(o["montant_ht"] for o in recent)) < 0.01
        assert abs(ind["marge_totale"] - sum(o["marge"] for o in recent)) < 0.01
        assert ind["nb_commandes"] == len(recent)
        if recent:
            assert abs(ind["panier_moyen"] - ind["ca_total"] / len(recent)) < 0.01
        late = [f for f in world["factures"] if f["en_retard"]]
        assert ind["factures_en_retard"] == len(late)
        assert abs(ind["montant_en_retard"] - sum(f["montant_ttc"] for f in late)) < 0.01
        assert ind["nb_contacts"] >= ind["nb_rdv"] >= ind["nb_propositions"] >= ind["nb_ventes"]
        if ind["nb_propositions"]:
            assert ind["taux_transformation"] == round(
                100 * ind["nb_ventes"] / ind["nb_propositions"], 1)
        assert ind["ecart_objectif_ca"] == round(ind["ca_total"] - ind["objectif_ca"], 2)
        assert world["vendeur"]["objectifs"]["ca_annuel"] == ind["objectif_ca"]


def test_market_shares_add_up(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        market = world["marche"]
        assert abs(sum(market["taille_par_segment"].values()) - market["taille"]) < 0.5
        parts = sum(c["part"] for c in market["concurrents"]) + market["part_vendeur"]
        assert abs(parts - 100) < 0.2
        if market["taille"]:
            share = 100 * world["indicateurs"]["ca_total"] / market["taille"]
            assert abs(share - market["part_vendeur"]) <= 0.05


def test_visits_are_a_week_in_distinct_communes(worlds: list[dict[str, Any]]) -> None:
    for world in worlds:
        companies = {c["id"]: c for c in world["entreprises"]}
        visits = world["visites"]
        assert 6 <= len(visits) <= 8
        assert len({v["commune"] for v in visits}) == len(visits)
        for visit in visits:
            company = companies[visit["entreprise_id"]]
            assert (visit["lat"], visit["lon"]) == (company["lat"], company["lon"])


def test_snapshot_is_plain_json(worlds: list[dict[str, Any]]) -> None:
    def walk(value: Any) -> None:
        assert value is None or isinstance(value, (str, int, float, bool, list, dict))
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, str)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    for world in worlds[:3]:
        walk(world)
        assert json.loads(json.dumps(world)) == world


def test_same_seed_same_bytes_different_seed_different() -> None:
    first = json.dumps(generate_world(7, companies=60), ensure_ascii=False)
    again = json.dumps(generate_world(7, companies=60), ensure_ascii=False)
    other = json.dumps(generate_world(8, companies=60), ensure_ascii=False)
    assert first == again
    assert first != other


def test_output_does_not_depend_on_hash_seed() -> None:
    code = ("import hashlib, json; from simulator.world import generate_world; "
            "print(hashlib.sha256(json.dumps(generate_world(3, companies=50)).encode())"
            ".hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env).stdout.strip()
        digests.add(out)
    local = hashlib.sha256(json.dumps(generate_world(3, companies=50)).encode()).hexdigest()
    assert digests == {local}


def test_bad_parameters_raise_french_errors() -> None:
    from simulator.world import WorldError
    with pytest.raises(WorldError, match="nombre d'entreprises"):
        generate_world(1, companies=-1)
    with pytest.raises(WorldError, match="territoire inconnu"):
        generate_world(1, territory="atlantide")


def test_tiny_and_empty_worlds_work() -> None:
    empty = generate_world(1, companies=0)
    assert empty["entreprises"] == [] and empty["defauts"] == []
    small = generate_world(1, companies=3)
    assert len(small["entreprises"]) == 3
