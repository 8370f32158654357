"""The snapshot and schema.FIELDS agree in both directions."""

from __future__ import annotations

from typing import Any

from simulator.world import generate_world, schema


def _keys(records: list[dict[str, Any]]) -> set[str]:
    keys: set[str] = set()
    for record in records:
        keys |= set(record)
    return keys


def test_world_fields_match_schema_both_ways() -> None:
    for seed, dossier in ((1, "air-comprime"), (2, "manutention")):
        world = generate_world(seed, companies=80, dossier=dossier)
        assert set(world) == schema.WORLD_KEYS
        for root in schema.COLLECTIONS:
            assert _keys(world[root]) == schema.FIELDS[root], root
        for root in ("territoire", "marche", "indicateurs", "vendeur"):
            assert set(world[root]) == schema.FIELDS[root], root
        seller = world["vendeur"]
        assert _keys(seller["produits"]) == schema.PRODUCT_FIELDS
        assert _keys(seller["services"]) == schema.SERVICE_FIELDS
        options = [o for p in seller["produits"] for o in p["options"]]
        assert _keys(options) == schema.OPTION_FIELDS
        assert set(seller["base"]) == schema.COMMUNE_FIELDS
        assert _keys(world["marche"]["concurrents"]) == schema.COMPETITOR_FIELDS
        assert _keys(world["marche"]["segments"]) == schema.MARKET_SEGMENT_FIELDS


def test_roles_use_company_and_contact_fields() -> None:
    from simulator.world import pick_roles
    world = generate_world(3, companies=50)
    roles = pick_roles(world, {"statut": "client"}, 1)
    assert set(roles["client"]) == schema.FIELDS["client"]
    assert set(roles["contact"]) == schema.FIELDS["contact"]
    assert set(roles["barrage"]) == schema.FIELDS["barrage"]
