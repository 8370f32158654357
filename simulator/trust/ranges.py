"""Numbers read from a log are range-checked before any command computes with them.

JSON integers have no size limit: a hand-edited `t_ms` of 10**4000 is a valid JSON number
that overflows every float conversion and duration format. A log whose numbers no writer
can produce is refused with the line, before replay or scoring.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

MAX_T_MS = 366 * 24 * 3600 * 1000      # a session lasts less than a year
MAX_NUMBER = 10**15                     # money, quantities, offers: far beyond any dossier
MAX_DEPTH = 40


def _bad_number(value: Any, depth: int = 0) -> str | None:
    """Why a value holds a number out of range (None when all are fine).

    Every event of every log goes through here: the scalars of a container are checked
    inline (JSON gives exact types), only nested containers recurse — same verdicts as
    `_bad_value`, a few times faster.
    """
    kind = type(value)
    if kind is dict:
        items: Any = value.values()
    elif kind is list:
        items = value
    else:
        return _bad_value(value, depth)
    if depth > MAX_DEPTH:
        return "données trop imbriquées"
    deeper = depth + 1
    for item in items:
        kind = type(item)
        if kind is str or kind is bool or item is None:
            if deeper > MAX_DEPTH:
                return "données trop imbriquées"
            continue
        if kind is int and deeper <= MAX_DEPTH:
            if -MAX_NUMBER <= item <= MAX_NUMBER:
                continue
            return "nombre hors limites"
        found = _bad_number(item, deeper)
        if found:
            return found
    return None


def _bad_value(value: Any, depth: int = 0) -> str | None:
    """The plain recursive check (any type, subclasses included)."""
    if depth > MAX_DEPTH:
        return "données trop imbriquées"
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, int):
        return None if -MAX_NUMBER <= value <= MAX_NUMBER else "nombre hors limites"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "nombre non fini (NaN ou infini)"
        return None if abs(value) <= MAX_NUMBER else "nombre hors limites"
    if isinstance(value, dict):
        for item in value.values():
            found = _bad_number(item, depth + 1)
            if found:
                return found
        return None
    if isinstance(value, list):
        for item in value:
            found = _bad_number(item, depth + 1)
            if found:
                return found
    return None


def event_problem(event: dict[str, Any]) -> str | None:
    """French reason why an event's numbers are impossible, else None."""
    seq = event.get("seq")
    if not isinstance(seq, int) or not 0 < seq <= MAX_NUMBER:
        return "numéro d'événement hors limites"
    t_ms = event.get("t_ms")
    if not isinstance(t_ms, int) or isinstance(t_ms, bool) or not 0 <= t_ms <= MAX_T_MS:
        return (f"événement n° {seq} : horodatage « t_ms » hors limites (entre 0 et "
                f"{MAX_T_MS} ms attendu)")
    found = _bad_number(event.get("data"))
    if found:
        return f"événement n° {seq} : {found} dans les données"
    return None


def header_problem(header: dict[str, Any]) -> str | None:
    """French reason why the header's numbers are impossible (seed, world), else None."""
    seed = header.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool) and abs(seed) > 2**63:
        return "en-tête : graine hors limites"
    # The world snapshot is not walked (400,000 values): the replay computes with it and
    # refuses the log on any arithmetic fault, and reports read the events only.
    found = _bad_number({k: v for k, v in header.items() if k not in ("seed", "world")})
    return f"en-tête : {found}" if found else None


def first_problem(header: dict[str, Any], events: Iterable[dict[str, Any]]) -> str | None:
    """The first range fault of a log (header first), None when every number is plausible."""
    found = header_problem(header)
    if found:
        return found
    for event in events:
        found = event_problem(event)
        if found:
            return found
    return None
