"""Where scenarios live: the shipped library (package data) and paths given by the user."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

EXCLUDED_DIRS = ("fragments", "dossiers")


class ScenarioNotFound(Exception):
    """Unknown shipped id or missing file; the message is French."""


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def scenarios_dir() -> Path:
    """The shipped `scenarios` package folder (found without importing importlib.resources,
    which costs more than listing the library from its cache)."""
    spec = importlib.util.find_spec("scenarios")
    if spec is None or not spec.submodule_search_locations:   # pragma: no cover
        raise ScenarioNotFound("scénarios fournis introuvables (paquet « scenarios » absent)")
    return Path(next(iter(spec.submodule_search_locations)))


def shipped_scenarios() -> list[Path]:
    """Shipped scenario files, sorted (fragments/ and dossiers/ excluded)."""
    folder = scenarios_dir()
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def shipped_fragments() -> list[Path]:
    """Shipped fragment files (scenarios/fragments/*.yaml)."""
    return sorted(p for p in (scenarios_dir() / "fragments").glob("*.yaml") if p.is_file())


def shipped_ids() -> list[str]:
    return [p.stem for p in shipped_scenarios()]


def resolve(ref: str | Path) -> Path:
    """A shipped scenario id or a file path → the file; French error otherwise."""
    text = str(ref)
    path = Path(text)
    if path.is_file():
        return path
    by_id = {p.stem: p for p in shipped_scenarios()}
    if text in by_id:
        return by_id[text]
    if path.is_dir():
        raise ScenarioNotFound(f"« {text} » est un dossier, pas un fichier de scénario")
    by_name = {p.name: p for p in shipped_scenarios()}
    if text in by_name:
        return by_name[text]
    looks_like_path = "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))
    if looks_like_path:
        raise ScenarioNotFound(f"fichier introuvable : {text}")
    known = ", ".join(sorted(by_id)) or "aucun"
    from simulator.scenario.fields import did_you_mean

    raise ScenarioNotFound(f"scénario inconnu « {text} »{did_you_mean(text, by_id)} "
                           f"(scénarios fournis : {known})")
