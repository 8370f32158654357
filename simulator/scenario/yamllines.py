"""The source lines of a scenario as the YAML hints read them: each line's indentation,
« - » markers and key, comments stripped, and the invisible characters that look like a
space. Kept apart from the rules (`yamlhints`), which only decide what a failure means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.scenario.model import Pos
from simulator.scenario.problems import Problem

PREFIX = "erreur de syntaxe YAML : "

# Characters that look like a space (or like nothing) but are not one for YAML.
INVISIBLE: dict[str, str] = {
    "\u00a0": "espace insécable",
    "\u202f": "espace fine insécable",
    "\u2007": "espace tabulaire",
    "\u2000": "espace demi-cadratin",
    "\u2001": "espace cadratin",
    "\u2002": "espace demi-cadratin",
    "\u2003": "espace cadratin",
    "\u2004": "espace d'un tiers de cadratin",
    "\u2005": "espace d'un quart de cadratin",
    "\u2006": "espace d'un sixième de cadratin",
    "\u2008": "espace de ponctuation",
    "\u2009": "espace fine",
    "\u200a": "espace ultrafine",
    "\u200b": "espace sans chasse",
    "\u200c": "antiliant sans chasse",
    "\u200d": "liant sans chasse",
    "\u2060": "gluon de mots",
    "\ufeff": "indicateur d'ordre des octets (BOM)",
    "\u00ad": "trait d'union conditionnel",
    "\u3000": "espace idéographique",
    "\u205f": "espace moyenne mathématique",
    "\u1680": "espace ogham",
    "\u2028": "séparateur de ligne",
    "\u2029": "séparateur de paragraphe",
}
INVISIBLE_CLASS = _INV_CLASS = "".join(INVISIBLE)
_BLANK = " \t" + _INV_CLASS
# A key line: indentation, optional « - » markers, a plain key, « : » then a blank or the end.
_KEY_LINE = re.compile(rf"^(?P<lead>[{_BLANK}]*)(?P<dashes>(?:-[{_BLANK}]+)*)"
                       rf"(?P<key>[^{_BLANK}\"'{{\[#&*!|>%@`-][^:#]*?)(?P<colon>:)"
                       rf"(?=[{_BLANK}]|$)")
_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")


def invisible_name(ch: str) -> str:
    return f"{INVISIBLE.get(ch, 'caractère invisible')} (U+{ord(ch):04X})"


def invisible_message(ch: str) -> str:
    return (f"{PREFIX}caractère invisible « {invisible_name(ch)} » : copié depuis un traitement "
            "de texte ? Remplacez-le par une espace ordinaire (ou supprimez-le)")


@dataclass(frozen=True)
class Line:
    """One source line with what the rules need to know about it."""

    number: int            # 1-based
    text: str
    indent: int            # count of leading spaces
    block: bool            # content of a literal / folded block scalar (| or >)

    @property
    def blank(self) -> bool:
        stripped = self.text.strip(" \t")
        return not stripped or stripped.startswith("#")

    @property
    def key_col(self) -> int:
        """1-based column of the first key or value after indentation and « - » markers."""
        match = re.match(r"^( *)((?:- +)*)", self.text)
        assert match is not None
        return len(match.group(0)) + 1

    @property
    def dash(self) -> bool:
        return self.text[self.indent:self.indent + 2] in ("- ", "-") and \
            (len(self.text) == self.indent + 1 or self.text[self.indent + 1] == " ")


def scan_lines(text: str) -> list[Line]:
    """The lines of `text`, marking those inside block scalars (their text is free)."""
    out: list[Line] = []
    block_parent: int | None = None     # indentation of the line that opened the block
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        indent = len(raw) - len(raw.lstrip(" "))
        stripped = raw.strip(" \t")
        if block_parent is not None:
            if not stripped or indent > block_parent:
                out.append(Line(number, raw, indent, True))
                continue
            block_parent = None
        out.append(Line(number, raw, indent, False))
        body = _strip_comment(raw)
        match = _KEY_LINE.match(body)
        rest = body[match.end():] if match else body[indent:].lstrip("- ")
        if _BLOCK_INDICATOR.match(rest.strip()) and (match or body[indent:].startswith("-")):
            block_parent = indent
    return out


def _strip_comment(raw: str) -> str:
    """The line without a trailing « # comment » outside quotes (approximate)."""
    quote = ""
    for i, ch in enumerate(raw):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or raw[i - 1] in " \t:-[{,"):
            quote = ch
        elif ch == "#" and (i == 0 or raw[i - 1] in " \t"):
            return raw[:i]
    return raw


def _problem(display: str, line: int, col: int, message: str) -> Problem:
    return Problem(Pos(display, line, col), PREFIX + message)
