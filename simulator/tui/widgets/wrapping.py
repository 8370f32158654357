"""Radio buttons whose long labels wrap instead of being cut (« Sécheur frigorifique inté… »):
Textual's toggle buttons are one line high whatever their label."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import RadioButton


class WrappingRadioButton(RadioButton):
    """A radio button as high as its wrapped label (at least one line)."""

    DEFAULT_CSS = """
    WrappingRadioButton { width: 100%; height: auto; text-wrap: wrap; text-overflow: fold; }
    """

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.render().wrap(max(1, width))))
