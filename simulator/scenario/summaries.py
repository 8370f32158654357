"""What a listing shows of each scenario, without compiling it every time.

The home catalogue and `ntc scenarios list` need a title, competences, duration and whether
the scenario is playable. Loading and checking all shipped scenarios costs far more than
painting the screen, so each summary is cached in `<data dir>/cache/scenarios.json`, keyed
by the SHA-256 of the scenario file and of the files it includes, plus a fingerprint of
what the checks depend on (app version, the scenario package's code, the dossiers and the
referentials). A change to any of them recomputes that summary; a cache that cannot be read
or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1
CACHE_FILE = "scenarios.json"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ScenarioSummary:
    """One scenario file as a listing shows it; `errors` empty means playable."""

    path: str
    id: str
    title: str
    competences: tuple[str, ...]
    duration_min: int
    difficulty: str
    built: bool                    # the file gave a scenario (it may still have errors)
    errors: tuple[str, ...] = ()   # « fichier:ligne:colonne: message » (French)

    @property
    def playable(self) -> bool:
        """Built and without error: it can be played."""
        return self.built and not self.errors


def cache_path() -> Path:
    """`<data dir>/cache/scenarios.json` ($NTC_DATA_DIR honoured)."""
    from simulator.datadir import data_dir

    return data_dir() / "cache" / CACHE_FILE


def summarise(paths: Iterable[Path], *, cache: Path | None = None) -> list[ScenarioSummary]:
    """Summaries of `paths` (in order), from the cache when nothing they depend on changed."""
    target = cache if cache is not None else cache_path()
    stored = _read(target)
    env = environment_key()
    out: list[ScenarioSummary] = []
    changed = False
    for path in paths:
        name = str(path.resolve())
        entry = stored.get(name)
        summary = _hit(entry, env) if isinstance(entry, dict) else None
        if summary is None:
            summary, deps = _compute(path)
            stored[name] = {"env": env, "deps": deps, "key": _key(deps),
                            "summary": asdict(summary)}
            changed = True
        out.append(summary)
    if changed:
        _write(target, stored)
    return out


def summarise_cached(paths: Iterable[Path], *, cache: Path | None = None
                     ) -> list[ScenarioSummary] | None:
    """Summaries of `paths` when every one is in the cache and current, else None: what a
    screen can show at once without checking a scenario."""
    stored = _read(cache if cache is not None else cache_path())
    env = environment_key()
    out: list[ScenarioSummary] = []
    for path in paths:
        entry = stored.get(str(path.resolve()))
        summary = _hit(entry, env) if isinstance(entry, dict) else None
        if summary is None:
            return None
        out.append(summary)
    return out


def referential_outline(ref_id: str, *, cache: Path | None = None
                        ) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> title, competence -> CCP) of a referential, cached like the summaries (the
    environment key covers the referential files); empty when the referential is unknown."""
    target = cache if cache is not None else cache_path()
    stored = _read(target)
    env = environment_key()
    name = f"referentiel:{ref_id}"
    entry = stored.get(name)
    if isinstance(entry, dict) and entry.get("env") == env:
        titles, ccp = entry.get("titles"), entry.get("ccp")
        if isinstance(titles, dict) and isinstance(ccp, dict):
            return titles, ccp
    from simulator.scenario.referential import load_referential_ids

    ref = load_referential_ids(ref_id)
    titles = dict(ref.titles) if ref is not None else {}
    ccp = dict(ref.ccp_of) if ref is not None else {}
    stored[name] = {"env": env, "titles": titles, "ccp": ccp}
    _write(target, stored)
    return titles, ccp


def _hit(entry: dict[str, Any], env: str) -> ScenarioSummary | None:
    deps = entry.get("deps")
    if entry.get("env") != env or not isinstance(deps, list) or entry.get("key") != _key(deps):
        return None
    raw = entry.get("summary")
    try:
        assert isinstance(raw, dict)
        return ScenarioSummary(**{**raw, "competences": tuple(raw["competences"]),
                                  "errors": tuple(raw["errors"])})
    except (AssertionError, TypeError, KeyError):
        return None


def _compute(path: Path) -> tuple[ScenarioSummary, list[str]]:
    """Load and check the file (the slow path); its summary and the files it read."""
    from simulator.scenario import analyse, format_problem

    scenario, problems = analyse(path)
    deps = [str(path.resolve())]
    errors = tuple(format_problem(p) for p in problems if p.is_error)
    if scenario is None:
        if not problems:
            errors = (f"{path} : fragment (« fragment: »), il ne se joue pas seul",)
        return ScenarioSummary(str(path), path.stem, path.stem, (), 0, "", False, errors), deps
    deps += [str((path.parent / inc).resolve()) for inc in scenario.includes]
    return ScenarioSummary(str(path), scenario.id or path.stem, scenario.title,
                           tuple(scenario.competences), scenario.duration_min,
                           scenario.difficulty, True, errors), deps


def _key(deps: list[Any]) -> str:
    """SHA-256 over the dependencies' names and contents (a missing one counts as such)."""
    digest = hashlib.sha256()
    for dep in deps:
        digest.update(str(dep).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(Path(str(dep)).read_bytes())
        except OSError:
            digest.update(b"\0absent\0")
    return digest.hexdigest()


def environment_key() -> str:
    """What every summary depends on besides its own files: version, checker code
    (names, sizes and modification times), dossiers and referentials (contents)."""
    from simulator import __version__

    digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}".encode())
    for code in [*sorted(_PACKAGE.glob("*.py")), _PACKAGE.parent / "world" / "schema.py"]:
        with contextlib.suppress(OSError):
            info = code.stat()
            digest.update(f"{code.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    root = _PACKAGE.parent.parent
    for data in (sorted((root / "scenarios" / "dossiers").glob("*.yaml"))
                 + sorted((root / "scoring" / "referentiels").glob("*.yaml"))):
        with contextlib.suppress(OSError):
            digest.update(data.name.encode() + b"\0" + data.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, entries: dict[str, Any]) -> None:
    """Atomic replace; any failure (read-only home, full disk) leaves no cache, no error."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"format": CACHE_FORMAT, "entries": entries},
                                  ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
