"""The few scenario data scoring uses, apart from the analysers that use them.

Its own module so that reading a cached result (`scoring.frozen`, `scoring.sources`) does not
import every analyser: a warm `ntc score` folds no event.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScenarioFacts:
    """The few scenario data the analysers use (the scenario object itself is not needed)."""

    id: str
    version: str
    sha256: str
    duration_min: int | None = None
    timer_limit_ms: int | None = None
    competences: tuple[str, ...] = ()
    # (node, field id) of task fields that carry their own authored `critere`.
    fields_with_criterion: frozenset[tuple[str, str]] = frozenset()
    # (node, choice, criterion) of authored evidence written `bloquant: true`.
    blocking_evidence: frozenset[tuple[str, str, str]] = frozenset()
