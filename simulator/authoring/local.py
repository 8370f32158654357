"""Trainers' own scenarios: a folder whose files the app lists next to the shipped ones.

Valid scenarios are offered like shipped ones (marked « scénario local »); a file that does
not pass validation is listed with its first error, so the trainer sees why it is missing.
Fragments (files with `fragment:`) and sub-folders (fragments/, dossiers/) are not listed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:       # the home screen asks local_dir() before any scenario is loaded
    from simulator.scenario.model import Scenario

ENV_SCENARIOS_DIR = "NTC_SCENARIOS_DIR"
FOLDER_NAME = "scenarios"          # default: <data dir>/scenarios


def local_dir(data_dir: Path | None = None) -> Path | None:
    """`$NTC_SCENARIOS_DIR`, else `<data dir>/scenarios` when it exists, else None."""
    override = os.environ.get(ENV_SCENARIOS_DIR)
    if override:
        return Path(override).expanduser()
    if data_dir is not None and (data_dir / FOLDER_NAME).is_dir():
        return data_dir / FOLDER_NAME
    return None


@dataclass
class LocalScenarios:
    folder: Path | None
    scenarios: list[Scenario] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)      # « file: line:col: first error »


def _is_fragment(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    lines = [ln for ln in head.splitlines() if ln and not ln.startswith("#")]
    return any(ln.startswith("fragment:") for ln in lines) and \
        not any(ln.startswith("id:") for ln in lines)


def scan(folder: Path | None) -> LocalScenarios:
    """Load every `*.yaml` of `folder` (not recursive); never raises on a bad file."""
    from simulator.scenario import analyse

    out = LocalScenarios(folder)
    if folder is None:
        return out
    if not folder.is_dir():
        out.invalid.append(f"{folder} : dossier de scénarios locaux introuvable")
        return out
    for path in sorted(folder.glob("*.yaml")):
        if not path.is_file() or _is_fragment(path):
            continue
        scenario, problems = analyse(path)
        errors = [p for p in problems if p.is_error]
        if scenario is None or errors:
            if errors:
                pos = errors[0].pos
                where = f"{Path(pos.path).name}:{pos.line}:{pos.col}"
                out.invalid.append(f"{where}: {errors[0].message}")
            else:
                out.invalid.append(f"{path.name} : ce fichier n'est pas un scénario")
            continue
        out.scenarios.append(scenario)
    return out
