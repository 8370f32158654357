"""Dates shown to French users: the recorded ISO 8601 instant in French local time.

Logs record UTC offsets (`2026-11-28T10:00:00+00:00`); a jury reads « 28 novembre 2026 à
11 h 00 » (Europe/Paris). Unparseable values are shown as recorded, never an error.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def _paris() -> tzinfo | None:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:   # no tz database on this system: keep the recorded offset
        return None


_ZONE = _paris()


def local_datetime(value: object) -> datetime | None:
    """The instant in French local time, None when not an ISO 8601 date with an offset."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_ZONE) if _ZONE is not None else moment


def french_datetime(value: object) -> str:
    """« 28 novembre 2026 à 11 h 05 » (French local time); the text as given otherwise."""
    moment = local_datetime(value)
    if moment is None:
        return str(value or "")
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {MONTHS[moment.month - 1]} {moment.year} à {moment.hour} h {moment.minute:02d}"


def short_datetime(value: object) -> str:
    """« 28/11/2026 11:05 » (French local time) for tables and spreadsheets."""
    moment = local_datetime(value)
    if moment is None:
        return str(value or "")
    return moment.strftime("%d/%m/%Y %H:%M")
