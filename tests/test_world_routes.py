"""Distances and visit routes: road factor, exact optimum on small tours."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.world import ROAD_FACTOR, optimal_route, route_km
from simulator.world.geo import haversine_km

LYON = (45.7640, 4.8357)
GRENOBLE = (45.1885, 5.7245)

points = st.tuples(st.floats(44.5, 46.5), st.floats(3.5, 7.0))


def test_known_distance_with_road_factor() -> None:
    crow = haversine_km(LYON, GRENOBLE)
    assert 90 < crow < 100          # Lyon - Grenoble, about 94 km as the crow flies
    assert route_km([LYON, GRENOBLE]) == round(crow * ROAD_FACTOR, 1)
    assert route_km([LYON]) == 0.0


@settings(max_examples=30, deadline=None)
@given(base=points, stops=st.lists(points, min_size=0, max_size=6))
def test_optimal_route_matches_brute_force(base: tuple[float, float],
                                           stops: list[tuple[float, float]]) -> None:
    order, km = optimal_route(base, stops)
    assert sorted(order) == list(range(len(stops)))
    assert km == route_km([base, *[stops[i] for i in order], base])
    best = min((route_km([base, *[stops[i] for i in perm], base])
                for perm in itertools.permutations(range(len(stops)))), default=0.0)
    assert km <= best + 0.11       # both rounded to 0.1 km


def test_nine_points_is_fast_and_exact_enough() -> None:
    stops = [(45.0 + 0.1 * i, 4.0 + 0.3 * ((i * 7) % 9)) for i in range(9)]
    order, km = optimal_route(LYON, stops)
    assert len(order) == 9
    naive = route_km([LYON, *stops, LYON])
    assert km <= naive
