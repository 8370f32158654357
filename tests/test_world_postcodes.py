"""Postcodes are real or absent: never invented (simulator/world/data/postcodes.csv)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from simulator.world import geo


def _verified() -> dict[tuple[str, str], str]:
    text = resources.files("simulator.world").joinpath("data", "postcodes.csv").read_text(
        encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {(r["departement"], r["commune"]): r["code_postal"] for r in csv.DictReader(lines)}


def test_every_shown_postcode_is_a_verified_one() -> None:
    verified = _verified()
    shown = {(c.departement, c.nom): c.code_postal for c in geo.communes() if c.code_postal}
    assert shown == verified


def test_verified_table_names_real_rows_of_the_communes_table() -> None:
    rows = {(c.departement, c.nom) for c in geo.communes()}
    for (dep, name), code in _verified().items():
        assert (dep, name) in rows, name
        assert code.isdigit() and len(code) == 5 and code.startswith(dep), (name, code)


@pytest.mark.parametrize(("dep", "name", "code"), [
    ("38", "Le Pont-de-Claix", "38800"), ("69", "Bron", "69500"), ("69", "Meyzieu", "69330"),
    ("01", "Ambérieu-en-Bugey", "01500"), ("69", "Villeurbanne", "69100"),
])
def test_known_postcodes(dep: str, name: str, code: str) -> None:
    table = {(c.departement, c.nom): c.code_postal for c in geo.communes()}
    assert table[(dep, name)] == code


def test_a_commune_without_verified_code_shows_none() -> None:
    verified = _verified()
    unknown = [c for c in geo.communes() if (c.departement, c.nom) not in verified]
    assert unknown and all(c.code_postal is None for c in unknown)
    assert all(c.as_dict()["code_postal"] is None for c in unknown[:20])
