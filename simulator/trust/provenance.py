"""Where a session's scenario comes from: shipped, local, or a modified copy of a shipped one.

The header names the scenario by id and sha256. A trainer's own scenario is legitimate but
must never pass for a shipped one: a copy of `negociation-prix.yaml` with reversed weights
keeps the shipped id, replays against itself, and would print « negociation-prix 1.0 » on a
jury grid. Every view of a decision therefore carries the provenance label.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SHIPPED = "livré"
LOCAL = "local"
MODIFIED = "modifié"
LABELS = {SHIPPED: "scénario livré", LOCAL: "scénario local", MODIFIED: "scénario modifié"}


@dataclass(frozen=True)
class Provenance:
    kind: str              # SHIPPED | LOCAL | MODIFIED
    message: str           # French, empty for a shipped scenario
    blocking: bool         # a modified copy under a shipped id flags the session

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@lru_cache(maxsize=64)
def _shipped_sha(path: str, mtime_ns: int, size: int) -> str | None:
    del mtime_ns, size      # part of the cache key only
    from simulator.scenario import scenariocache
    from simulator.scenario.display import display_of

    digest = scenariocache.cached_digest(Path(path), display_of(Path(path)))
    if digest is not None:      # what `load_scenario` would give, without the model
        return digest
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, load_scenario

    try:
        return load_scenario(Path(path)).sha256
    except (ScenarioInvalid, ScenarioNotFound, OSError):
        return None


@lru_cache(maxsize=4)
def _shipped_files(folder: str, mtime_ns: int) -> dict[str, Path]:
    """The shipped scenario files by id, listed once per state of their folder."""
    from simulator.scenario import shipped_scenarios

    del folder, mtime_ns    # part of the cache key only
    return {path.stem: path for path in shipped_scenarios()}


def shipped_sha256(scenario_id: str) -> str | None:
    """sha256 of the shipped scenario of that id, None when no shipped scenario has it.

    A cohort asks this for every log: the folder is listed again only when it changed.
    """
    from simulator.scenario.library import scenarios_dir

    folder = scenarios_dir()
    try:
        listing = _shipped_files(str(folder), folder.stat().st_mtime_ns)
    except OSError:
        return None
    path = listing.get(scenario_id)
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return _shipped_sha(str(path), info.st_mtime_ns, info.st_size)


def provenance(header: dict[str, Any]) -> Provenance:
    """The provenance of the header's scenario, compared with the shipped one of that id."""
    info = header.get("scenario")
    info = info if isinstance(info, dict) else {}
    sid = str(info.get("id") or "")
    recorded = str(info.get("sha256") or "")
    where = info.get("path") if isinstance(info.get("path"), str) else ""
    shipped = shipped_sha256(sid) if sid else None
    if shipped is None:
        del where   # the recorded path varies by machine: the id names the scenario
        return Provenance(LOCAL, f"scénario local « {_printable(sid)} » : ce n'est pas un "
                                 "scénario livré avec le simulateur", False)
    if shipped == recorded:
        return Provenance(SHIPPED, "", False)
    return Provenance(MODIFIED, f"scénario modifié : ce journal porte l'identifiant du scénario "
                                f"livré « {sid} » mais son contenu diffère (empreinte "
                                f"{recorded[:12]}… ≠ livrée {shipped[:12]}…) ; les décisions "
                                "ne valent pas pour le scénario livré", True)


def _printable(text: str) -> str:
    """A recorded path as text any terminal or report can show (bad bytes as U+FFFD)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
