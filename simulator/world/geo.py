"""Geography: the shipped communes table, territories, distances and visit routes.

The communes table (data/communes.csv) is derived from GeoNames (CC BY 4.0) by
tools/derive_communes.py. Its postcodes are La Poste's (tools/derive_postcodes.py, from the
codes-postaux base); a commune the base does not match has none, never an invented one.

Distances: great-circle (haversine) kilometres multiplied by ROAD_FACTOR = 1.3, the usual
ratio between road and straight-line distance in France, so a route is comparable to what a
trainee would read on a road map. The same function serves the engine and the scoring.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import math
import random
from dataclasses import dataclass
from importlib import resources

ROAD_FACTOR = 1.3
EARTH_RADIUS_KM = 6371.0

# Current regions (2016), INSEE codes.
REGIONS: dict[str, str] = {
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté",
    "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire",
    "53": "Bretagne", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}

DEPARTMENTS: dict[str, str] = {
    "01": "Ain", "02": "Aisne", "09": "Ariège", "22": "Côtes-d'Armor", "29": "Finistère",
    "31": "Haute-Garonne", "32": "Gers", "35": "Ille-et-Vilaine", "38": "Isère",
    "42": "Loire", "44": "Loire-Atlantique", "49": "Maine-et-Loire", "53": "Mayenne",
    "54": "Meurthe-et-Moselle", "56": "Morbihan", "57": "Moselle", "59": "Nord",
    "60": "Oise", "62": "Pas-de-Calais", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "72": "Sarthe", "73": "Savoie", "80": "Somme", "81": "Tarn",
    "82": "Tarn-et-Garonne", "85": "Vendée", "88": "Vosges",
}

# Landline prefix (zone) of every metropolitan department (ARCEP numbering plan): 01
# Île-de-France, 02 north-west, 03 north-east, 04 south-east, 05 south-west.
PHONE_ZONE: dict[str, str] = {
    **dict.fromkeys(("75", "77", "78", "91", "92", "93", "94", "95"), "01"),
    **dict.fromkeys(("14", "18", "22", "27", "28", "29", "35", "36", "37", "41", "44", "45",
                     "49", "50", "53", "56", "61", "72", "76", "85"), "02"),
    **dict.fromkeys(("02", "08", "10", "21", "25", "39", "51", "52", "54", "55", "57", "58",
                     "59", "60", "62", "67", "68", "70", "71", "80", "88", "89", "90"), "03"),
    **dict.fromkeys(("01", "03", "04", "05", "06", "07", "11", "13", "15", "26", "2A", "2B",
                     "30", "34", "38", "42", "43", "48", "63", "66", "69", "73", "74", "83",
                     "84"), "04"),
    **dict.fromkeys(("09", "12", "16", "17", "19", "23", "24", "31", "32", "33", "40", "46",
                     "47", "64", "65", "79", "81", "82", "86", "87"), "05"),
}

# Population bands shown to the user.
POPULATION_BANDS: tuple[tuple[int, str], ...] = (
    (2000, "moins de 2 000 habitants"),
    (10000, "2 000 à 10 000 habitants"),
    (50000, "10 000 à 50 000 habitants"),
    (200000, "50 000 à 200 000 habitants"),
    (10**9, "plus de 200 000 habitants"),
)


@dataclass(frozen=True)
class Commune:
    """One row of the communes table."""

    nom: str
    departement: str
    region_code: str
    lat: float
    lon: float
    population: int
    code_postal: str | None     # real La Poste code, None when not known (never invented)

    @property
    def region(self) -> str:
        return REGIONS[self.region_code]

    @property
    def tranche_population(self) -> str:
        return next(label for limit, label in POPULATION_BANDS if self.population < limit)

    def as_dict(self) -> dict[str, object]:
        """JSON form used in the world snapshot."""
        return {"commune": self.nom, "code_postal": self.code_postal,
                "departement": self.departement, "region": self.region,
                "lat": self.lat, "lon": self.lon, "population": self.population,
                "tranche_population": self.tranche_population}


@dataclass(frozen=True)
class Territory:
    """A sales territory: departments plus the seller's home base (a commune name)."""

    id: str
    nom: str
    departements: tuple[str, ...]
    base: str


TERRITORIES: dict[str, Territory] = {t.id: t for t in (
    Territory("rhone-alpes", "Rhône-Alpes nord", ("69", "01", "38", "42", "73"), "Villeurbanne"),
    Territory("pays-de-la-loire", "Pays de la Loire",
              ("44", "49", "85", "72", "53"), "Saint-Herblain"),
    Territory("hauts-de-france", "Nord – Picardie",
              ("59", "62", "80", "60", "02"), "Villeneuve-d'Ascq"),
    Territory("lorraine-alsace", "Lorraine – Alsace", ("57", "54", "88", "67", "68"), "Metz"),
    Territory("midi-toulousain", "Midi toulousain", ("31", "81", "82", "32", "09"), "Toulouse"),
    Territory("bretagne", "Bretagne", ("35", "22", "29", "56"), "Rennes"),
)}
DEFAULT_TERRITORY = "rhone-alpes"


@functools.lru_cache(maxsize=1)
def communes() -> tuple[Commune, ...]:
    """All communes of the shipped table, in file order (department, name)."""
    text = resources.files("simulator.world").joinpath("data", "communes.csv").read_text(
        encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)))
    return tuple(Commune(r["commune"], r["departement"], r["region"], float(r["lat"]),
                         float(r["lon"]), int(r["population"]), r["code_postal"] or None)
                 for r in rows)


@functools.lru_cache(maxsize=16)
def communes_of(territory_id: str) -> tuple[Commune, ...]:
    """Communes of a territory's departments."""
    deps = set(TERRITORIES[territory_id].departements)
    return tuple(c for c in communes() if c.departement in deps)


@functools.lru_cache(maxsize=16)
def _commune_weights(territory_id: str | None) -> tuple[tuple[Commune, ...], tuple[float, ...]]:
    """Communes of the territory (None: the whole table) and cumulative draw weights."""
    rows = communes() if territory_id is None else communes_of(territory_id)
    cumulative = tuple(itertools.accumulate(c.population ** 0.6 for c in rows))
    return rows, cumulative


def pick_commune(rng: random.Random, territory_id: str | None = None) -> Commune:
    """A commune of the territory, drawn with weight population^0.6 (industry follows
    population, but less than proportionally)."""
    rows, cumulative = _commune_weights(territory_id)
    return rows[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def find_commune(name: str, departement: str | None = None) -> Commune | None:
    """The commune with this name (in this department if given), or None."""
    for commune in communes():
        if commune.nom == name and (departement is None or commune.departement == departement):
            return commune
    return None


def base_of(territory_id: str) -> Commune:
    """The seller's home commune for a territory."""
    territory = TERRITORIES[territory_id]
    found = find_commune(territory.base)
    if found is None or found.departement not in territory.departements:
        raise ValueError(f"base {territory.base!r} absent du tableau des communes")
    return found


@functools.lru_cache(maxsize=16)
def bounding_box(territory_id: str) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of the territory's communes."""
    rows = communes_of(territory_id)
    return (min(c.lat for c in rows), max(c.lat for c in rows),
            min(c.lon for c in rows), max(c.lon for c in rows))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def road_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Estimated road distance: haversine x ROAD_FACTOR."""
    return haversine_km(a, b) * ROAD_FACTOR


def route_km(points: list[tuple[float, float]]) -> float:
    """Road kilometres of a path visiting the points in the given order (not closed).

    To count a round trip from a base, put the base first and last.
    """
    total = 0.0
    for a, b in itertools.pairwise(points):
        total += road_km(a, b)
    return round(total, 1)


def optimal_route(base: tuple[float, float],
                  points: list[tuple[float, float]]) -> tuple[list[int], float]:
    """Shortest round trip base -> all points -> base (Held-Karp, exact).

    Returns the visiting order as indexes into `points` and the road kilometres.
    Exact and fast up to about 12 points; ties are broken by the smallest index order.
    """
    n = len(points)
    if n == 0:
        return [], 0.0
    nodes = [base, *points]
    dist = [[road_km(p, q) for q in nodes] for p in nodes]
    # best[(mask, j)] = (cost, previous) for paths from base over `mask`, ending at point j.
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for j in range(n):
        best[(1 << j, j)] = (dist[0][j + 1], -1)
    for mask in range(1, 1 << n):
        for j in range(n):
            if not mask & (1 << j) or (mask, j) not in best:
                continue
            cost = best[(mask, j)][0]
            for k in range(n):
                if mask & (1 << k):
                    continue
                key = (mask | (1 << k), k)
                candidate = cost + dist[j + 1][k + 1]
                if key not in best or candidate < best[key][0] - 1e-9:
                    best[key] = (candidate, j)
    full = (1 << n) - 1
    last = min(range(n), key=lambda j: (best[(full, j)][0] + dist[j + 1][0], j))
    order: list[int] = []
    mask, j = full, last
    while j != -1:
        order.append(j)
        previous = best[(mask, j)][1]
        mask &= ~(1 << j)
        j = previous
    order.reverse()
    return order, route_km([base, *[points[i] for i in order], base])
