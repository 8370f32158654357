"""The scenario catalogue and the referential titles shown on the home screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.tui.services.errors import ServiceError

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario

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
    """Shipped scenarios; scenarios that fail to load are reported, not fatal."""
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, shipped_scenarios
    from simulator.scenario import load_scenario as load

    catalogue = Catalogue()
    for path in shipped_scenarios():
        try:
            loaded = load(path)
        except (ScenarioInvalid, ScenarioNotFound) as exc:
            catalogue.problems.append(f"{path.name} : {exc}")
            continue
        catalogue.entries.append(entry_of(loaded))
    _add_local(catalogue)
    catalogue.entries.sort(key=lambda e: (e.competences[:1], e.local, e.title))
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


def competence_titles(ref_id: str = "TP-00338") -> dict[str, str]:
    """`C1` -> title, `CCP1` -> title, `C1.2` -> label."""
    from simulator.scenario.referential import load_referential_ids

    ref = load_referential_ids(ref_id)
    return dict(ref.titles) if ref is not None else {}


def ccp_of(competence: str, ref_id: str = "TP-00338") -> str:
    """The CCP a competence belongs to, read from the referential ("Autres" if unknown)."""
    from simulator.scenario.referential import load_referential_ids

    ref = load_referential_ids(ref_id)
    return (ref.ccp(competence) if ref is not None else None) or "Autres"
    for ccp in ref.get("ccp", []) or []:
        if any(str(c.get("id")) == competence for c in ccp.get("competences", []) or []):
            return str(ccp.get("id"))
    return "Autres"
