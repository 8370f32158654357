"""Analysers: evidence computed from the events themselves, one small module each.

Each module exposes `CRITERIA` (candidate TP-00338 criteria) and `analyse(ctx)`; they only
emit when the events they need exist, so an absent phase leaves its criterion non évalué.
"""

from __future__ import annotations

from scoring.analysers import (
    authority,
    concession,
    data_quality,
    discovery,
    margin,
    numeric,
    questions,
    reformulation,
    route,
    timing,
)
from scoring.analysers.base import Analyser, Context, ScenarioFacts
from scoring.analysers.feed import Feed, Folder

ANALYSERS: dict[str, Analyser] = {
    "concession": concession.analyse,
    "delegation": authority.analyse,
    "marge": margin.analyse,
    "decouverte": discovery.analyse,
    "reformulation": reformulation.analyse,
    "questions": questions.analyse,
    "temps": timing.analyse,
    "fichier": data_quality.analyse,
    "calculs": numeric.analyse,
    "tournee": route.analyse,
}

# The same analysers as streaming folders (`scoring.analysers.feed`): a new one per session.
FOLDERS: dict[str, type[Folder]] = {
    "concession": concession.Concession,
    "delegation": authority.Authority,
    "marge": margin.Margin,
    "decouverte": discovery.Discovery,
    "reformulation": reformulation.Reformulation,
    "questions": questions.Questions,
    "temps": timing.Timing,
    "fichier": data_quality.DataQuality,
    "calculs": numeric.Numeric,
    "tournee": route.Route,
}

__all__ = ["ANALYSERS", "FOLDERS", "Analyser", "Context", "Feed", "Folder", "ScenarioFacts"]
