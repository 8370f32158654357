"""The app's only door to the domain core (scenario, world, engine, log, scoring).

Screens call these functions instead of importing the core themselves, so the TUI stays a
thin view and an API change of the core is absorbed here. Imports of the core are lazy
(inside the functions): the home screen must appear fast.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.engine.answers import (
        answer_paths,
        hidden_columns,
        hidden_fields,
        hidden_paths,
        referenced_paths,
        settled_tasks,
        shown_row,
    )
from simulator.tui.services.catalogue import (
    Catalogue,
    CatalogueEntry,
    cached_catalogue,
    ccp_of,
    competence_titles,
    entry_of,
    load_catalogue,
    load_scenario,
)
from simulator.tui.services.errors import ServiceError
from simulator.tui.services.logs import (
    LoadedLog,
    add_note,
    add_override,
    authorize_resume,
    evaluator_notes,
    export_html,
    read_session_log,
    referential_label,
    score_log,
    transcript_lines,
    verify_replay,
)
from simulator.tui.services.people import client_card, person, revealed_needs, speaker_names
from simulator.tui.services.play import (
    Prepared,
    abandon,
    engine_clock,
    offer_margin,
    open_session,
    pending_clarification,
    prepare,
    prepared_from_session,
    resume,
    route_km,
    route_points,
    timer_limit_ms,
)

__all__ = [
    "Catalogue",
    "CatalogueEntry",
    "LoadedLog",
    "Prepared",
    "ServiceError",
    "abandon",
    "add_note",
    "add_override",
    "answer_paths",
    "authorize_resume",
    "cached_catalogue",
    "ccp_of",
    "client_card",
    "competence_titles",
    "engine_clock",
    "entry_of",
    "evaluator_notes",
    "export_html",
    "hidden_columns",
    "hidden_fields",
    "hidden_paths",
    "load_catalogue",
    "load_scenario",
    "offer_margin",
    "open_session",
    "pending_clarification",
    "person",
    "prepare",
    "prepared_from_session",
    "read_session_log",
    "referenced_paths",
    "referential_label",
    "resume",
    "revealed_needs",
    "route_km",
    "route_points",
    "score_log",
    "settled_tasks",
    "shown_row",
    "speaker_names",
    "timer_limit_ms",
    "transcript_lines",
    "verify_replay",
]

# The engine is imported when first used, not with the home screen (start-up time).
_ENGINE_ANSWERS = frozenset({"answer_paths", "hidden_columns", "hidden_fields", "hidden_paths",
                             "referenced_paths", "settled_tasks", "shown_row"})


def __getattr__(name: str) -> Any:
    if name in _ENGINE_ANSWERS:
        from simulator.engine import answers

        value = getattr(answers, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
