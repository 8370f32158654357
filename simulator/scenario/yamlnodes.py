"""The composed YAML tree's node and failure types, and the values YAML gives scalars.

Split out of `yamlsource` (which had grown past 400 lines) so that module keeps one job:
reading and composing a file under its guards. What lives here is what the rest of the
code uses on the composed tree (`YNode`, `YamlFailure`, `to_plain`, `scalar_value`); it
depends on nothing in `yamlsource`, which imports and re-exports every name, so
`from simulator.scenario.yamlsource import YNode` keeps working. The composed content
itself (what `composecache` stores, keyed on `yamlsource.py`) is still decided there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.scenario.model import Pos
from simulator.scenario.problems import Problem


@dataclass(slots=True, eq=False)
class YNode:
    """A composed YAML node.

    `kind` is "scalar", "seq" or "map"; `tag` the short YAML type ("str", "int", "bool",
    "null", "float", "timestamp", "seq", "map"); `value` the raw text (scalar), a list of
    nodes (seq) or a list of (key, value) pairs (map); `style` the scalar quoting style
    (None = plain).
    """

    kind: str
    tag: str
    value: Any
    path: str
    line: int
    col: int
    style: str | None = None
    keys: dict[str, tuple[YNode, YNode]] = field(default_factory=dict)
    # Where a block scalar's (| or >) content starts; 0 when unknown or not a block.
    content_line: int = 0
    content_col: int = 0

    @property
    def pos(self) -> Pos:
        return Pos(self.path, self.line, self.col)

    @property
    def plain(self) -> bool:
        return self.kind == "scalar" and self.style is None

    def get(self, key: str) -> YNode | None:
        pair = self.keys.get(key)
        return pair[1] if pair else None


class YamlFailure(Exception):
    """Reading stopped: `problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


def to_plain(node: YNode) -> Any:
    """JSON-able value of a node, for canonical hashing and free-form data."""
    if node.kind == "map":
        return {k.value: to_plain(v) for k, v in node.value}
    if node.kind == "seq":
        return [to_plain(v) for v in node.value]
    return scalar_value(node)


def scalar_value(node: YNode) -> Any:
    """The value YAML gives a scalar (timestamps stay text)."""
    raw: str = node.value
    tag = node.tag
    if tag == "null":
        return None
    if tag == "bool":
        return raw.lower() in ("yes", "true", "on", "y")
    if tag == "int":
        return _int_value(raw)
    if tag == "float":
        text = raw.replace("_", "").lower()
        if text in (".inf", "+.inf"):
            return "inf"
        if text == "-.inf":
            return "-inf"
        if text == ".nan":
            return "nan"
        try:
            return float(text)
        except ValueError:
            return raw
    return raw


def _int_value(raw: str) -> int | str:
    text = raw.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    try:
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if ":" in text:
            value = 0
            for part in text.split(":"):
                value = value * 60 + int(part)
            return sign * value
        if len(text) > 1 and text.startswith("0"):
            return sign * int(text, 8)
        return sign * int(text)
    except ValueError:
        return raw
