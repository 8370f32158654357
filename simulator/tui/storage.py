"""Where the app keeps its data: trainee profile and session logs.

The directory is the user's data directory (platformdirs), or `$NTC_DATA_DIR` when set
(tests and training rooms that share a folder). Nothing here knows about Textual.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ENV_DATA_DIR = "NTC_DATA_DIR"
PROFILE_FILE = "profil.json"
SESSIONS_DIR = "sessions"
LOG_SUFFIX = ".jsonl"
EVAL_SUFFIX = ".eval.jsonl"


def data_dir() -> Path:
    """The app's data directory (not created here)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ntc-simulateur", appauthor=False))


@dataclass
class Profile:
    """What is remembered between runs."""

    trainee: str = ""
    mode: str = "entrainement"


def load_profile(base: Path) -> Profile:
    """Read the profile; a missing or damaged file gives an empty profile."""
    try:
        raw = json.loads((base / PROFILE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Profile()
    if not isinstance(raw, dict):
        return Profile()
    mode = raw.get("mode")
    return Profile(
        trainee=str(raw.get("stagiaire", "")),
        mode=mode if mode in ("entrainement", "examen") else "entrainement",
    )


def save_profile(base: Path, profile: Profile) -> None:
    """Write the profile (creating the directory)."""
    base.mkdir(parents=True, exist_ok=True)
    payload = {"stagiaire": profile.trainee, "mode": profile.mode}
    tmp = base / (PROFILE_FILE + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(base / PROFILE_FILE)


def sessions_dir(base: Path) -> Path:
    return base / SESSIONS_DIR


def _slug(text: str) -> str:
    """`Léa Roux` -> `Lea-Roux` (safe in a file name on every system)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-") or "session"


def new_log_path(base: Path, scenario_id: str, trainee: str, started: datetime) -> Path:
    """A fresh, unique log path in the sessions folder (directory created)."""
    folder = sessions_dir(base)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{started.strftime('%Y%m%d-%H%M%S')}_{_slug(scenario_id)}_{_slug(trainee)}"
    path = folder / f"{stem}{LOG_SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{LOG_SUFFIX}"
        n += 1
    return path


@dataclass(frozen=True)
class SessionSummary:
    """One line of the recent sessions list, read from a log file without the log package."""

    path: Path
    scenario_id: str
    trainee: str
    mode: str
    started_at: str
    outcome: str | None
    events: int


ABANDON_SUFFIX = ".abandon"


def mark_abandoned(path: Path) -> None:
    """The trainee gave the session up: home no longer offers to resume it. A marker beside
    the log, so the log itself (hash chain) stays as recorded."""
    with contextlib.suppress(OSError):
        path.with_name(path.name + ABANDON_SUFFIX).write_text("", encoding="utf-8")


def is_abandoned(path: Path) -> bool:
    return path.with_name(path.name + ABANDON_SUFFIX).exists()


def summarize_log(path: Path) -> SessionSummary | None:
    """Header and outcome of a log; None when the file is not a session log.

    Lines are read leniently (a truncated last line is skipped): this list must show
    interrupted sessions too.
    """
    header: dict[str, Any] | None = None
    outcome: str | None = None
    events = 0
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(obj, dict):
                    continue
                if header is None:
                    if obj.get("type") != "header":
                        return None
                    header = obj
                    continue
                events += 1
                if obj.get("type") == "session_ended":
                    data = obj.get("data") or {}
                    outcome = str(data.get("outcome")) if data.get("outcome") else None
    except OSError:
        return None
    if header is None:
        return None
    scenario = header.get("scenario") or {}
    return SessionSummary(
        path=path,
        scenario_id=str(scenario.get("id", "?")),
        trainee=str(header.get("trainee", "")),
        mode=str(header.get("mode", "")),
        started_at=str(header.get("started_at", "")),
        outcome=outcome if outcome is not None or not is_abandoned(path) else "abandon",
        events=events,
    )


def recent_sessions(base: Path, limit: int = 20) -> list[SessionSummary]:
    """Most recent session logs first (by file name, which starts with the start time)."""
    folder = sessions_dir(base)
    if not folder.is_dir():
        return []
    paths = sorted(
        (p for p in folder.glob(f"*{LOG_SUFFIX}") if not p.name.endswith(EVAL_SUFFIX)),
        key=lambda p: p.name,
        reverse=True,
    )
    out: list[SessionSummary] = []
    for path in paths:
        summary = summarize_log(path)
        if summary is not None:
            out.append(summary)
        if len(out) >= limit:
            break
    return out
