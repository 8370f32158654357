"""Read access to the world snapshot stored in the log header (never regenerated).

Also the route maths the `tournee` task needs: kilometres of a given visiting order from the
seller's base and back, and the optimal order, both through `simulator.world`.
"""

from __future__ import annotations

from typing import Any

from simulator.world.schema import COLLECTIONS, FIELDS

Point = tuple[float, float]


class WorldAccess:
    """Lookups into one snapshot: roots, seller, products, collections, routes."""

    def __init__(self, world: dict[str, Any]) -> None:
        self.world = world
        self._optimal: dict[tuple[str, ...], dict[str, Any]] = {}

    def root(self, name: str) -> object:
        """A world root (client, vendeur, entreprises…); KeyError when unknown."""
        if name in self.world and (name in FIELDS or name in COLLECTIONS):
            return self.world[name]
        if name in FIELDS:
            return [] if name in COLLECTIONS else {}
        raise KeyError(name)

    def seller(self) -> dict[str, Any]:
        seller = self.world.get("vendeur")
        return seller if isinstance(seller, dict) else {}

    def product(self, product_id: str | None) -> dict[str, Any] | None:
        for item in self.seller().get("produits", []) or []:
            if isinstance(item, dict) and item.get("id") == product_id:
                return item
        return None

    def collection(self, name: str) -> list[dict[str, Any]]:
        rows = self.world.get(name, [])
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []

    def base(self) -> Point:
        """The seller's base (start and end of every round)."""
        for holder in (self.seller(), self.world.get("territoire") or {}):
            base = holder.get("base") if isinstance(holder, dict) else None
            point = _point(base)
            if point is not None:
                return point
        return (0.0, 0.0)

    def _points(self, ids: list[str], source: str) -> list[Point] | None:
        by_id = {str(r.get("id")): r for r in self.collection(source)}
        points: list[Point] = []
        for item in ids:
            row = by_id.get(str(item))
            point = _point(row)
            if point is None:
                return None
            points.append(point)
        return points

    def route_km_for(self, order: object, source: str = "visites") -> float | None:
        """Km of base -> visits in `order` -> base; None unless every visit appears once."""
        if not isinstance(order, list | tuple):
            return None
        ids = [str(x) for x in order]
        expected = {str(r.get("id")) for r in self.collection(source)}
        if len(ids) != len(set(ids)) or set(ids) != expected:
            return None
        points = self._points(ids, source)
        if points is None:
            return None
        from simulator.world import route_km

        base = self.base()
        return float(route_km([base, *points, base]))

    def optimal_route(self, ids: list[str], source: str = "visites") -> dict[str, Any]:
        """{"order": ids in the optimal order, "km": its length} (cached per id set)."""
        key = tuple(ids)
        if key not in self._optimal:
            from simulator.world import optimal_route

            points = self._points(ids, source) or []
            order, km = optimal_route(self.base(), points)
            self._optimal[key] = {"order": [ids[i] for i in order], "km": float(km)}
        return self._optimal[key]


def _point(value: object) -> Point | None:
    if isinstance(value, dict):
        lat, lon = value.get("lat"), value.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            return (float(lat), float(lon))
    return None
