"""Postcodes are real or absent: never invented (simulator/world/data/postcodes.csv, derived
from the La Poste base by tools/derive_postcodes.py)."""

from __future__ import annotations

import csv
import importlib.util
from importlib import resources
from pathlib import Path
from types import ModuleType

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
    ("69", "Lyon", "69001"), ("31", "Toulouse", "31000"), ("67", "Haguenau", "67500"),
    ("59", "Lomme", "59160"),
])
def test_known_postcodes(dep: str, name: str, code: str) -> None:
    table = {(c.departement, c.nom): c.code_postal for c in geo.communes()}
    assert table[(dep, name)] == code


def test_a_commune_without_verified_code_shows_none() -> None:
    verified = _verified()
    unknown = [c for c in geo.communes() if (c.departement, c.nom) not in verified]
    assert unknown and all(c.code_postal is None for c in unknown)
    assert all(c.as_dict()["code_postal"] is None for c in unknown[:20])


def test_most_communes_have_a_code_and_the_rest_are_listed_as_unmatched() -> None:
    # The derivation matches current communes; the few left are former communes (merged).
    shown = [c for c in geo.communes() if c.code_postal]
    assert len(shown) > 0.9 * len(geo.communes())


def _tool() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "tools" / "derive_postcodes.py"
    spec = importlib.util.spec_from_file_location("derive_postcodes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ways(counts: dict[str, int], insee: str = "99001") -> list[tuple[str, str]]:
    return [(code, insee) for code, n in counts.items() for _ in range(n)]


def test_main_code_is_the_code_serving_most_ways() -> None:
    tool = _tool()
    assert tool.main_code("67180", _ways({"67240": 1, "67500": 900, "67580": 3})) == "67500"
    assert tool.main_code("1", _ways({"12345": 5, "12300": 5})) == "12300"   # tie: lowest


def test_a_sectored_city_keeps_its_lowest_sector_code() -> None:
    tool = _tool()
    ways = _ways({"31100": 800, "31200": 780, "31000": 520, "31300": 500, "31998": 1})
    assert tool.main_code("31555", ways) == "31000"
    assert tool.main_code("69123", _ways({"69003": 900, "69001": 100})) == "69001"


@pytest.mark.parametrize(("a", "b"), [
    ("Saint-Étienne", "ST ETIENNE"), ("Villeneuve-d'Ascq", "villeneuve d ascq"),
    ("Œuilly", "oeuilly"), ("Le  Pont-de-Claix", "LE PONT DE CLAIX"),
])
def test_names_are_compared_without_accents_case_or_punctuation(a: str, b: str) -> None:
    tool = _tool()
    assert tool.normalise(a) == tool.normalise(b)


def test_arrondissements_fold_into_their_commune() -> None:
    tool = _tool()
    assert tool.commune_of("69383", "Lyon 3e Arrondissement") == ("69123", "Lyon")
    assert tool.commune_of("38317", "Le Pont-de-Claix") == ("38317", "Le Pont-de-Claix")
