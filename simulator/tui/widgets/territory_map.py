"""Map of the territory drawn in the terminal: companies, the seller's base, a route."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from simulator.tui.widgets.braille import BrailleCanvas

# kind -> (glyph, style)
MARKERS: dict[str, tuple[str, str]] = {
    "base": ("◆", "bold yellow"),
    "client": ("●", "green"),
    "prospect": ("○", "cyan"),
    "cible": ("◎", "bold magenta"),
    "etape": ("■", "bold magenta"),
}

LEGEND = "◆ base  ● client  ○ prospect  ◎ interlocuteur  ⠶ tournée"


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    kind: str
    label: str = ""


def project(
    points: list[tuple[float, float]], dot_width: int, dot_height: int
) -> list[tuple[int, int]]:
    """Equirectangular projection of (lat, lon) into the dot grid, keeping the aspect ratio."""
    if not points or dot_width <= 0 or dot_height <= 0:
        return []
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    mid_lat = math.radians((min(lats) + max(lats)) / 2)
    xs = [lon * math.cos(mid_lat) for lon in lons]
    ys = lats
    span_x = max(max(xs) - min(xs), 1e-6)
    span_y = max(max(ys) - min(ys), 1e-6)
    scale = min((dot_width - 1) / span_x, (dot_height - 1) / span_y)
    off_x = (dot_width - 1 - span_x * scale) / 2
    off_y = (dot_height - 1 - span_y * scale) / 2
    min_x, max_y = min(xs), max(ys)
    return [
        (round(off_x + (x - min_x) * scale), round(off_y + (max_y - y) * scale))
        for x, y in zip(xs, ys, strict=True)
    ]


def draw_map(
    width: int, height: int, points: list[MapPoint], route: list[tuple[float, float]]
) -> BrailleCanvas:
    """Draw points and route on a canvas of `width`×`height` cells."""
    canvas = BrailleCanvas(width, height)
    coords = [(p.lat, p.lon) for p in points] + list(route)
    dots = project(coords, canvas.dot_width, canvas.dot_height)
    if not dots:
        return canvas
    point_dots = dots[: len(points)]
    route_dots = dots[len(points):]
    for (x0, y0), (x1, y1) in itertools.pairwise(route_dots):
        canvas.line(x0, y0, x1, y1, style="magenta")
    order = {"prospect": 0, "client": 1, "etape": 2, "cible": 3, "base": 4}
    for point, (x, y) in sorted(
        zip(points, point_dots, strict=True), key=lambda item: order.get(item[0].kind, 0)
    ):
        glyph, style = MARKERS.get(point.kind, ("•", ""))
        canvas.marker(x, y, glyph, style)
    return canvas


class TerritoryMap(Widget):
    """Braille map; set `points` and `route` to redraw."""

    DEFAULT_CSS = """
    TerritoryMap {
        height: 1fr;
        min-height: 6;
        border: round $primary 50%;
        border-title-color: $text;
    }
    """

    points: reactive[list[MapPoint]] = reactive(list, always_update=True)
    route: reactive[list[tuple[float, float]]] = reactive(list, always_update=True)

    def on_mount(self) -> None:
        self.border_title = "Carte du secteur"
        self.border_subtitle = LEGEND

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        if not self.points:
            return Text("Aucune donnée géographique.", style="dim")
        return draw_map(width, height, self.points, self.route).to_text()
