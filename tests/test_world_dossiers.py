"""Shipped seller dossiers: present, complete, coherent prices."""

from __future__ import annotations

import pytest

from simulator.world import DossierError, list_dossiers, load_dossier


def test_both_dossiers_are_shipped() -> None:
    assert {"air-comprime", "manutention"} <= set(list_dossiers())


@pytest.mark.parametrize("dossier_id", ["air-comprime", "manutention"])
def test_prices_are_coherent(dossier_id: str) -> None:
    dossier = load_dossier(dossier_id)
    assert 0 < dossier["remise_max"] < dossier["remise_max_manager"] <= 20
    assert dossier["delai_paiement_standard"] <= dossier["delai_paiement_max"] <= 60
    ids = [p["id"] for p in dossier["produits"]] + [s["id"] for s in dossier["services"]]
    assert len(ids) == len(set(ids))
    for product in dossier["produits"]:
        assert product["cout_unitaire"] < product["prix_plancher"] < product["prix_liste"]
        # Even the manager's largest discount stays above the floor price.
        assert product["prix_liste"] * (1 - dossier["remise_max_manager"] / 100) >= (
            product["prix_plancher"])
        assert isinstance(product["delai_livraison"], int) and product["caracteristiques"]
        for option in product["options"]:
            assert option["cout"] < option["prix"]
    for service in dossier["services"]:
        assert service["cout"] < service["prix"]
    assert dossier["budget_pac"] > 0 and dossier["objectifs"]["ca_annuel"] > 0


def test_scenario_example_product_exists() -> None:
    ids = {p["id"] for p in load_dossier("air-comprime")["produits"]}
    assert "compresseur-vsd-37" in ids


def test_unknown_dossier_is_a_french_error() -> None:
    with pytest.raises(DossierError, match="dossier vendeur inconnu"):
        load_dossier("inexistant")
    with pytest.raises(DossierError):
        load_dossier("../etc/passwd")


def test_load_returns_a_copy() -> None:
    first = load_dossier("manutention")
    first["produits"].clear()
    assert load_dossier("manutention")["produits"]
