"""The scenario catalogue and the referential titles shown on the home screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from simulator.tui.services.errors import ServiceError

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario
    from simulator.scenario.summaries import ScenarioSummary

@dataclass(frozen=True)
class CatalogueEntry:
    """One shipped scenario as the home screen lists it."""

    id: str
    title: str
    competences: tuple[str, ...]
    duration_min: int
    difficulty: str
    path: str
    local: bool = False              # from the trainers' folder (« scénario local »)


@dataclass
class Catalogue:
    entries: list[CatalogueEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def entry_of(scenario: Scenario, local: bool = False) -> CatalogueEntry:
    return CatalogueEntry(
        id=scenario.id,
        title=scenario.title,
        competences=tuple(scenario.competences),
        duration_min=scenario.duration_min,
        difficulty=scenario.difficulty,
        path=scenario.path,
        local=local,
    )


def load_catalogue() -> Catalogue:
    """Shipped scenarios; scenarios that fail to load are reported, not fatal.

    Titles come from the summary cache (simulator.scenario.summaries): a scenario is loaded
    and checked only when it or what it depends on changed since the last start.
    """
    from simulator.scenario import shipped_scenarios
    from simulator.scenario.summaries import summarise

    catalogue = _from_summaries(summarise(shipped_scenarios()))
    _add_local(catalogue)
    catalogue.entries.sort(key=lambda e: (e.competences[:1], e.local, e.title))
    return catalogue


def cached_catalogue() -> Catalogue | None:
    """The catalogue when it costs no scenario check (every summary cached, no local
    scenario to load); None otherwise, and `load_catalogue` builds it off the UI thread."""
    from simulator.authoring.local import local_dir
    from simulator.scenario import shipped_scenarios
    from simulator.scenario.summaries import summarise_cached
    from simulator.tui.storage import data_dir

    folder = local_dir(data_dir())
    if folder is not None and folder.is_dir() and any(folder.glob("*.yaml")):
        return None
    summaries = summarise_cached(shipped_scenarios())
    if summaries is None:
        return None
    catalogue = _from_summaries(summaries)
    catalogue.entries.sort(key=lambda e: (e.competences[:1], e.local, e.title))
    return catalogue


def _from_summaries(summaries: list[ScenarioSummary]) -> Catalogue:
    from pathlib import Path

    catalogue = Catalogue()
    for summary in summaries:
        if not summary.playable:
            first = summary.errors[0] if summary.errors else "scénario invalide"
            catalogue.problems.append(f"{Path(summary.path).name} : {first}")
            continue
        catalogue.entries.append(CatalogueEntry(
            id=summary.id, title=summary.title, competences=summary.competences,
            duration_min=summary.duration_min, difficulty=summary.difficulty,
            path=summary.path))
    return catalogue


def _add_local(catalogue: Catalogue) -> None:
    """Trainers' scenarios (`$NTC_SCENARIOS_DIR` or <data dir>/scenarios)."""
    from simulator.authoring.local import local_dir, scan
    from simulator.tui.storage import data_dir

    found = scan(local_dir(data_dir()))
    for scenario in found.scenarios:
        catalogue.entries.append(entry_of(scenario, local=True))
    catalogue.problems.extend(f"scénario local {line}" for line in found.invalid)


def load_scenario(ref: str) -> Scenario:
    """A shipped id or a path -> the checked scenario; French ServiceError otherwise."""
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound
    from simulator.scenario import load_scenario as load

    try:
        return load(ref)
    except (ScenarioInvalid, ScenarioNotFound) as exc:
        raise ServiceError(str(exc)) from exc


@lru_cache(maxsize=4)
def _outline(ref_id: str) -> tuple[dict[str, str], dict[str, str]]:
    from simulator.scenario.summaries import referential_outline

    return referential_outline(ref_id)


def competence_titles(ref_id: str = "TP-00338") -> dict[str, str]:
    """`C1` -> title, `CCP1` -> title, `C1.2` -> label (cached with the summaries)."""
    return dict(_outline(ref_id)[0])


def ccp_of(competence: str, ref_id: str = "TP-00338") -> str:
    """The CCP a competence belongs to, read from the referential ("Autres" if unknown)."""
    return _outline(ref_id)[1].get(competence) or "Autres"
