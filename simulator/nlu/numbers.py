"""The one French number and amount parser of the project.

A trainee types « 265 483 € », « 19,8 % », « 12 500,50 € HT », « 12 k€ », « 1,2 M€ »; the
engine's grading, the TUI forms and the CLI all call `parse_number` so that the command
line and the app can never grade the same answer differently. Numbers written in words
(« vingt-quatre mille ») are the entity extractor's job; it turns them into digits first
and then calls this parser.
"""

from __future__ import annotations

import math
import re

# Spaces a word processor or a French keyboard puts inside numbers: ordinary, no-break,
# narrow no-break, thin, figure space, and the apostrophe used as a thousands separator.
_GROUP_SPACES = " \u00a0\u202f\u2009\u2007\u2008\u200a'’"
_MINUS = "-\u2212\u2013"

# Unit words that may follow a number; they are dropped (what the number means is the
# field's business). Longest first so « k€ » wins over « € ».
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "Md": 1e9, "G": 1e9}
_UNIT = re.compile(
    r"""^(?P<num>.*?)\s*
        (?P<scale>Md|k|K|M|G)?\s*
        (?:€|eur(?:o|os)?|%|pour\s*cent|pourcents?|ht|ttc|h\.t\.|t\.t\.c\.)?\s*
        (?:ht|ttc|h\.t\.|t\.t\.c\.)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$")
_DOT_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$")
_COMMA_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+\.\d+$")

MAX_MAGNITUDE = 1e15   # beyond, a typo (or an attack): no trainee answer is that large


def parse_number(text: object) -> float | None:
    """The number in `text`, or None when it is not exactly one number (with its unit).

    Accepts a decimal comma or point, grouping spaces of every kind (« 265 483 »,
    « 265\u202f483 »), a sign, a trailing « € », « % », « k€ », « M€ », « HT »/« TTC »,
    « euros ». Numbers already of type int/float pass through (bool is not a number).
    NaN, infinities and magnitudes past 10^15 give None.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        try:
            value = float(text)
        except OverflowError:
            return None
        return value if math.isfinite(value) and abs(value) <= MAX_MAGNITUDE else None
    if not isinstance(text, str):
        return None
    raw = text.strip()
    if not raw or len(raw) > 64:
        return None
    match = _UNIT.match(raw)
    if match is None:
        return None
    body = match.group("num").strip()
    scale = _SCALE.get(match.group("scale") or "", 1.0)
    for ch in _MINUS:
        if body.startswith(ch):
            body = "-" + body[1:].lstrip()
            break
    if body.startswith("+"):
        body = "+" + body[1:].lstrip()
    body = _drop_group_spaces(body)
    if body is None:
        return None
    body = _normalise_separators(body)
    if body is None or not _NUMBER.match(body):
        return None
    try:
        value = float(body.replace(",", ".")) * scale
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return None
    return value


def _drop_group_spaces(body: str) -> str | None:
    """Remove grouping spaces, only where they really group digits by three."""
    if not any(ch in body for ch in _GROUP_SPACES):
        return body
    sign = body[0] if body[:1] in "+-" else ""
    rest = body[len(sign):]
    parts = re.split(f"[{re.escape(_GROUP_SPACES)}]+", rest)
    head, tail = parts[0], parts[1:]
    if not head.isdigit() or len(head) > 3:
        return None
    for i, part in enumerate(tail):
        last = i == len(tail) - 1
        digits = part
        if last:
            digits = re.split(r"[.,]", part, maxsplit=1)[0]
        if len(digits) != 3 or not digits.isdigit():
            return None
    return sign + head + "".join(tail)


def _normalise_separators(body: str) -> str | None:
    """« 1.234.567 », « 1.234,5 » (dots grouping) and « 1,234.5 » (English) to one decimal."""
    if _GROUPED_DOTS.match(body) or _DOT_THOUSANDS_COMMA.match(body):
        return body.replace(".", "")
    if _COMMA_THOUSANDS_DOT.match(body):
        return body.replace(",", "")
    return body


def number_or_text(text: str) -> float | str:
    """A parsed number when `text` is one, else the text stripped (forms keep what was typed)."""
    value = parse_number(text)
    return text.strip() if value is None else value
