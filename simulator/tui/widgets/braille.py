"""A tiny braille canvas: each terminal cell holds 2×4 dots, plus optional marker glyphs.

Pure Python (no Textual) so it is easy to test; the map widget draws with it.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

# Bit of each dot (x in 0..1, y in 0..3) in the braille block U+2800.
_DOT_BITS: tuple[tuple[int, ...], ...] = (
    (0x01, 0x02, 0x04, 0x40),
    (0x08, 0x10, 0x20, 0x80),
)
BRAILLE_BASE = 0x2800


class BrailleCanvas:
    """A grid of `width`×`height` cells, addressed in dots (`2*width` × `4*height`)."""

    def __init__(self, width: int, height: int) -> None:
        self.width = max(0, width)
        self.height = max(0, height)
        self._bits = [[0] * self.width for _ in range(self.height)]
        self._dot_style: list[list[str | None]] = [[None] * self.width for _ in range(self.height)]
        self._markers: dict[tuple[int, int], tuple[str, str]] = {}

    @property
    def dot_width(self) -> int:
        return self.width * 2

    @property
    def dot_height(self) -> int:
        return self.height * 4

    def set(self, x: int, y: int, style: str | None = None) -> None:
        """Light the dot at (x, y); out-of-range dots are ignored."""
        if not (0 <= x < self.dot_width and 0 <= y < self.dot_height):
            return
        cx, cy = x // 2, y // 4
        self._bits[cy][cx] |= _DOT_BITS[x % 2][y % 4]
        if style is not None:
            self._dot_style[cy][cx] = style

    def line(self, x0: int, y0: int, x1: int, y1: int, style: str | None = None) -> None:
        """Bresenham line between two dots."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx = 1 if x0 < x1 else -1
        sy = 1 if y0 < y1 else -1
        err = dx + dy
        while True:
            self.set(x0, y0, style)
            if x0 == x1 and y0 == y1:
                break
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def marker(self, x: int, y: int, glyph: str, style: str = "") -> None:
        """Put a glyph in the cell containing dot (x, y); later markers win."""
        cx, cy = x // 2, y // 4
        if 0 <= cx < self.width and 0 <= cy < self.height:
            self._markers[(cx, cy)] = (glyph, style)

    def cell(self, cx: int, cy: int) -> str:
        """The character shown in a cell (marker, braille or space)."""
        if (cx, cy) in self._markers:
            return self._markers[(cx, cy)][0]
        bits = self._bits[cy][cx]
        return chr(BRAILLE_BASE + bits) if bits else " "

    def rows(self) -> list[str]:
        return ["".join(self.cell(cx, cy) for cx in range(self.width)) for cy in range(self.height)]

    def to_text(self, dot_style: str = "") -> Text:
        """Render as Rich text, one line per row."""
        text = Text(no_wrap=True, overflow="crop")
        for cy in range(self.height):
            for cx in range(self.width):
                if (cx, cy) in self._markers:
                    glyph, style = self._markers[(cx, cy)]
                    text.append(glyph, Style.parse(style) if style else None)
                    continue
                bits = self._bits[cy][cx]
                char = chr(BRAILLE_BASE + bits) if bits else " "
                style_name = self._dot_style[cy][cx] or dot_style
                text.append(char, Style.parse(style_name) if style_name and bits else None)
            if cy < self.height - 1:
                text.append("\n")
        return text
