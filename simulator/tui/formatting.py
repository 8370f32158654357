"""French formatting of numbers, amounts, durations and labels shown in the app."""

from __future__ import annotations

from datetime import datetime

NARROW_NBSP = "\u202f"

OUTCOME_LABELS: dict[str, str] = {
    "succes": "succès",
    "echec": "échec",
    "partiel": "partiel",
    "abandon": "abandon",
}

MODE_LABELS: dict[str, str] = {"entrainement": "entraînement", "examen": "examen"}

DIFFICULTY_LABELS: dict[str, str] = {
    "facile": "facile",
    "moyenne": "moyenne",
    "difficile": "difficile",
}


def number(value: float | int | None, decimals: int = 0) -> str:
    """`12345.5` -> `12 345,5` (French grouping and decimal comma)."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def euros(value: float | int | None, decimals: int = 0) -> str:
    """An amount in euros, French style."""
    if value is None:
        return "—"
    return f"{number(value, decimals)}\u00a0€"


def percent(value: float | int | None, decimals: int = 1) -> str:
    """A percentage given in percent units (`12.5` -> `12,5 %`)."""
    if value is None:
        return "—"
    return f"{number(value, decimals)}\u00a0%"


def ratio_percent(value: float | int | None, decimals: int = 1) -> str:
    """A ratio (`0.125`) shown as a percentage; values above 1.5 are taken as percents."""
    if value is None:
        return "—"
    pct = float(value) * 100 if abs(float(value)) <= 1.5 else float(value)
    return percent(pct, decimals)


def duration_ms(ms: int | float) -> str:
    """`95_000` -> `01:35`; hours shown when needed."""
    total = max(0, int(ms) // 1000)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes:02d}:{seconds:02d}"


def minutes_label(minutes: int) -> str:
    """`90` -> `1 h 30`, `15` -> `15 min`."""
    if minutes < 60:
        return f"{minutes}\u00a0min"
    hours, rest = divmod(minutes, 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"


def date_time(value: str | datetime | None) -> str:
    """An ISO timestamp shown as `28/11/2026 10:00`."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y %H:%M")


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def date_fr(value: object) -> str:
    """`2025-12-01` -> `1er décembre 2025`; anything else as written (— when empty)."""
    if value in (None, ""):
        return "—"
    from datetime import date

    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}\u00a0{MONTHS[day.month - 1]} {day.year}"


def reflow(text: str) -> str:
    """Join the lines of each paragraph (a YAML `|` block keeps the author's line breaks,
    which then break again at the terminal's width); list items and blank lines stay."""
    import re

    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        starts_item = bool(re.match(r"^(?:[-•*]|\d+[.)])\s", stripped))
        if out and stripped and out[-1].strip() and not starts_item:
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line.rstrip())
    return "\n".join(out)


def field_label(key: str) -> str:
    """A readable label for a data key with no label of its own: `nb_clients` ->
    `Nombre de clients` (never the raw key)."""
    words = key.split("_")
    heads = {"nb": "nombre de", "ca": "CA", "pct": "part", "taux": "taux de"}
    text = " ".join(heads.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def outcome(value: str | None) -> str:
    """French label of a session outcome (`None` = session not finished)."""
    if value is None:
        return "interrompue"
    return OUTCOME_LABELS.get(value, value)


def mode(value: str | None) -> str:
    return MODE_LABELS.get(value or "", value or "—")


def speaker(value: str) -> str:
    """A speaker's label (the engine's one table, shared with the CLI)."""
    from simulator.engine.transcript import speaker_label

    return speaker_label(value)
