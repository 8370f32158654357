"""Criteria and competences of a referential, read as data (no import of scoring code).

The `scoring` package directory is located with `find_spec`, which does not import it:
the scenario checker must not depend on scoring's code (nor break when it is broken).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ReferentialIds:
    id: str
    competences: frozenset[str]
    criteria: frozenset[str]


def referentials_dir() -> Path | None:
    spec = importlib.util.find_spec("scoring")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "referentiels"


@lru_cache(maxsize=8)
def load_referential_ids(ref_id: str) -> ReferentialIds | None:
    """Ids in `scoring/referentiels/<id>.yaml`, or None if there is no such referential."""
    folder = referentials_dir()
    if folder is None or "/" in ref_id or "\\" in ref_id:
        return None
    path = folder / f"{ref_id}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE)
    except (OSError, yaml.YAMLError):
        return None
    competences: set[str] = set()
    criteria: set[str] = set()
    for ccp in (data or {}).get("ccp") or []:
        for comp in ccp.get("competences") or []:
            competences.add(str(comp.get("id")))
            for crit in comp.get("criteres") or []:
                criteria.add(str(crit.get("id")))
    return ReferentialIds(ref_id, frozenset(competences), frozenset(criteria))


def available_referentials() -> list[str]:
    folder = referentials_dir()
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml"))
