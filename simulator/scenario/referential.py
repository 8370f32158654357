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

FastSafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ReferentialIds:
    """What the layers below scoring need of a referential: ids, titles, version."""

    id: str
    competences: frozenset[str]
    criteria: frozenset[str]
    version: str = ""
    titles: tuple[tuple[str, str], ...] = ()        # (CCP / competence / criterion id, title)
    ccp_of: tuple[tuple[str, str], ...] = ()        # (competence id, CCP id)

    def title(self, item_id: str) -> str:
        """Title of a CCP, competence or criterion ('' if unknown)."""
        return dict(self.titles).get(item_id, "")

    def ccp(self, competence: str) -> str | None:
        """The CCP a competence belongs to (None if unknown)."""
        return dict(self.ccp_of).get(competence)


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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FastSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    competences: set[str] = set()
    criteria: set[str] = set()
    titles: list[tuple[str, str]] = []
    ccp_of: list[tuple[str, str]] = []
    try:
        for ccp in data.get("ccp") or []:
            titles.append((str(ccp.get("id")), str(ccp.get("titre", ""))))
            for comp in ccp.get("competences") or []:
                competences.add(str(comp.get("id")))
                titles.append((str(comp.get("id")), str(comp.get("titre", ""))))
                ccp_of.append((str(comp.get("id")), str(ccp.get("id"))))
                for crit in comp.get("criteres") or []:
                    criteria.add(str(crit.get("id")))
                    titles.append((str(crit.get("id")), str(crit.get("libelle", ""))))
    except AttributeError:
        return None
    return ReferentialIds(ref_id, frozenset(competences), frozenset(criteria),
                          str(data.get("version", "")), tuple(titles), tuple(ccp_of))


def available_referentials() -> list[str]:
    folder = referentials_dir()
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml"))
