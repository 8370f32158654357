"""French typography and dates for everything the centre shows (CLI, HTML, TUI).

Messages are written with ordinary spaces in the code; `typo` puts the no-break spaces
French requires: before « : ; ? ! », inside « », between a number and its unit or « % ».
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
NBSP = "\u00a0"
_BEFORE_PUNCT = re.compile(r"[ \u00a0](?=[:;?!](?:\s|$|[»)\"'.,]))")
_OPEN_QUOTE = re.compile(r"«[ \u00a0]")
_CLOSE_QUOTE = re.compile(r"[ \u00a0]»")
_UNIT = re.compile(r"(?<=\d) (?=(?:%|s|ms|min|h|j|km|€|Ko|Mo|Go|ans?)(?![\w]))")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")


def typo(text: str) -> str:
    """`text` with French no-break spaces (idempotent)."""
    text = _BEFORE_PUNCT.sub(NNBSP, text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    return _UNIT.sub(NBSP, text)


def fr_date(iso: str | None) -> str:
    """« 2026-03-12… » → « 12/03/2026 » (what a French spreadsheet reads as a date)."""
    if not iso or len(iso) < 10 or iso[4] != "-" or iso[7] != "-":
        return ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def fr_long_date(iso: str | None) -> str:
    """« 2026-03-01 » → « 1er mars 2026 »."""
    if not iso or len(iso) < 10:
        return ""
    try:
        year, month, day = int(iso[0:4]), int(iso[5:7]), int(iso[8:10])
        name = _MONTHS[month - 1]
    except (ValueError, IndexError):
        return ""
    return f"{'1er' if day == 1 else day} {name} {year}"


def fr_datetime(iso: str | None) -> str:
    """« 2026-03-12T14:05:09+00:00 » → « 12/03/2026 15:05 »: French local time, as the
    score tables show the same session (a recorded instant without offset as written)."""
    if not iso:
        return ""
    from scoring.render.dates import local_datetime

    moment = local_datetime(iso)
    if moment is not None and moment.tzinfo is not None:
        return moment.strftime("%d/%m/%Y %H:%M")
    day = fr_date(iso)
    clock = iso[11:16] if len(iso) >= 16 and iso[10] in "T " else ""
    return f"{day} {clock}".strip()


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 séance », « 0 séance », « 3 séances » (French: plural from 2)."""
    return f"{n} {singular if n < 2 else (plural_form or singular + 's')}"


def upper_first(text: str) -> str:
    """« titre obtenu… » → « Titre obtenu… » (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]
