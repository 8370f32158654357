"""C1.6 / C6.4: kilometres of the visit round against the optimum.

A `tournee` answer is an ordered list of visit ids (world `visites`, with coordinates). The
round starts and ends at the seller's base when its coordinates are known. Distances are
great-circle kilometres; the optimum is exact (Held-Karp) up to 10 visits, else a 2-opt
improved nearest-neighbour round. Within 10 % of the optimum is favourable. Tasks whose
answers already gave authored evidence (a field `critere`) are left to it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from scoring.analysers.base import Context, data, fmt, number, seq
from scoring.analysers.feed import Feed, TaskFolder, run_folder
from scoring.evidence import Evidence

CRITERIA = ("C1.6", "C6.4")
TOLERANCE = 1.10
EXACT_MAX = 10
Point = tuple[float, float]


def km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def length(points: tuple[Point, ...], base: Point | None) -> float:
    path = (base, *points, base) if base is not None else points
    return sum(km(path[i], path[i + 1]) for i in range(len(path) - 1))


@lru_cache(maxsize=256)
def optimum(points: tuple[Point, ...], base: Point | None) -> float:
    """Shortest round through `points` (closed at `base` if given)."""
    if len(points) <= 1:
        return length(points, base)
    if len(points) <= EXACT_MAX:
        return _held_karp(points, base)
    return _two_opt(points, base)


def _held_karp(points: tuple[Point, ...], base: Point | None) -> float:
    n = len(points)
    start = [km(base, p) if base is not None else 0.0 for p in points]
    dist = [[km(a, b) for b in points] for a in points]
    best: dict[tuple[int, int], float] = {(1 << i, i): start[i] for i in range(n)}
    for mask in range(1, 1 << n):
        for last in range(n):
            cur = best.get((mask, last))
            if cur is None:
                continue
            for nxt in range(n):
                if mask & (1 << nxt):
                    continue
                key = (mask | (1 << nxt), nxt)
                value = cur + dist[last][nxt]
                if value < best.get(key, math.inf):
                    best[key] = value
    full = (1 << n) - 1
    return min(best[(full, i)] + start[i] for i in range(n))


def _two_opt(points: tuple[Point, ...], base: Point | None) -> float:
    remaining = list(points)
    here = base if base is not None else remaining.pop(0)
    order: list[Point] = [] if base is not None else [here]
    while remaining:
        nxt = min(remaining, key=lambda p: km(here, p))
        remaining.remove(nxt)
        order.append(nxt)
        here = nxt
    improved = True
    while improved:
        improved = False
        for i in range(len(order) - 1):
            for j in range(i + 2, len(order) + 1):
                cand = order[:i] + order[i:j][::-1] + order[j:]
                if length(tuple(cand), base) + 1e-9 < length(tuple(order), base):
                    order, improved = cand, True
    return length(tuple(order), base)


def _point(obj: Any) -> Point | None:
    if not isinstance(obj, dict):
        return None
    lat, lon = number(obj.get("lat")), number(obj.get("lon"))
    return (lat, lon) if lat is not None and lon is not None else None


def _base(world: dict[str, Any]) -> Point | None:
    for root in ("vendeur", "territoire"):
        holder = world.get(root)
        if isinstance(holder, dict):
            point = _point(holder.get("base")) or _point(holder)
            if point is not None:
                return point
    return None


class Route(TaskFolder):
    """Each visit round against the optimum (the world's visits, read on first use)."""

    def __init__(self) -> None:
        super().__init__()
        self.places: dict[str, Point | None] | None = None
        self.base: Point | None = None

    def _world(self, feed: Feed) -> dict[str, Point | None]:
        if self.places is None and not feed.world_mentions("visites"):
            self.places = {}
        if self.places is None:
            world = feed.world()
            visits = world.get("visites")
            self.places = ({str(v.get("id")): _point(v) for v in visits if isinstance(v, dict)}
                           if isinstance(visits, list) else {})
            self.base = _base(world) if isinstance(visits, list) else None
        return self.places

    def answer(self, ev: dict[str, Any], feed: Feed) -> list[Evidence]:
        answers = data(ev).get("answers")
        if not isinstance(answers, dict):
            return []
        places = self._world(feed)
        if not places:
            return []
        out: list[Evidence] = []
        for field_id in sorted(answers):
            value = answers[field_id]
            if not isinstance(value, list) or len(value) < 2 or not all(
                    isinstance(v, str) and places.get(v) for v in value):
                continue
            points = tuple(p for p in (places[v] for v in value) if p is not None)
            done = length(points, self.base)
            best = optimum(tuple(sorted(points)), self.base)
            ok = done <= best * TOLERANCE + 1e-6
            share = round(100 * done / best) if best else 100
            text = (f"Tournée de {fmt(round(done, 1))} km pour un optimum de "
                    f"{fmt(round(best, 1))} km ({share} % de l'optimum).")
            out.append(Evidence(feed.pick(CRITERIA), 1 if ok else -1, text, "tournee",
                                (seq(ev),)))
        return out


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Route(), ctx.header, ctx.events, ctx.scenario)
