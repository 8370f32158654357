"""Small French formatting helpers shared by the renderers."""

from __future__ import annotations

from scoring.evidence import Evidence
from scoring.results import SessionResult

OUTCOMES = {"succes": "succès", "echec": "échec", "partiel": "partiel", "abandon": "abandon"}


def duration(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60} min {seconds % 60:02d} s"


def outcome(value: str | None) -> str:
    return OUTCOMES.get(value, value) if value else "non terminée"


def session_labels(sessions: tuple[SessionResult, ...]) -> dict[str, str]:
    """Short labels S1, S2… of a trainee's sessions (in the report order)."""
    return {s.session: f"S{i}" for i, s in enumerate(sessions, 1)}


def evidence_line(ev: Evidence, labels: dict[str, str] | None = None) -> str:
    """`+1 justification « quote » [S1 év. 12, 14]`."""
    where = ""
    if ev.seqs:
        prefix = f"{labels[ev.session]} " if labels and ev.session in labels else ""
        where = f" [{prefix}év. {', '.join(str(s) for s in ev.seqs)}]"
    said = f" « {ev.quote} »" if ev.quote else ""
    flag = " BLOQUANT" if ev.blocker else ""
    return f"{ev.weight:+d}{flag} {ev.justification}{said}{where}"
