"""Generated world: territory, companies, contacts, history, market, faults, dossiers.

Public API (docs/CONTRACTS.md §2): `generate_world`, `pick_roles`, `load_dossier`,
`list_dossiers`, `route_km`, `optimal_route`. The Faker providers live in
`simulator.world.providers`, deliberately not imported here: importing this package (as
`ntc scenarios validate` does for world.schema) must not pay Faker's import time.
"""

from simulator.world.dossiers import DossierError, list_dossiers, load_dossier
from simulator.world.generator import WorldError, generate_world
from simulator.world.geo import ROAD_FACTOR, TERRITORIES, optimal_route, route_km
from simulator.world.roles import pick_roles

__all__ = [
    "ROAD_FACTOR", "TERRITORIES", "DossierError", "WorldError", "generate_world",
    "list_dossiers", "load_dossier", "optimal_route", "pick_roles", "route_km",
]
