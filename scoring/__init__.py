"""Scoring against the referential of the title (reads session logs only).

Library API (docs/CONTRACTS.md §4):
    score_logs(paths, referential_id="TP-00338", key=None) -> Report
    score_session(header, events, scenario, referential) -> SessionResult
    load_referential(id) -> Referential; available_referentials() -> list[str]
    render_table / render_json / render_csv / render_html (report) -> str
"""

from scoring.cohort import score_logs
from scoring.referential import (
    DEFAULT_REFERENTIAL,
    Referential,
    ReferentialError,
    available_referentials,
    load_referential,
)
from scoring.render import render, render_csv, render_html, render_json, render_table
from scoring.results import (
    ACQUIS,
    NON_ACQUIS,
    NON_EVALUE,
    SCHEMA,
    Report,
    SessionResult,
    TraineeResult,
)
from scoring.scorer import ScoringError, score_session

__all__ = [
    "ACQUIS",
    "DEFAULT_REFERENTIAL",
    "NON_ACQUIS",
    "NON_EVALUE",
    "SCHEMA",
    "Referential",
    "ReferentialError",
    "Report",
    "ScoringError",
    "SessionResult",
    "TraineeResult",
    "available_referentials",
    "load_referential",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_table",
    "score_logs",
    "score_session",
]
