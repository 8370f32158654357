"""Where the app keeps its data: trainee profile, the trainees of the machine, session logs.

The directory is the user's data directory (platformdirs), or `$NTC_DATA_DIR` when set
(tests and training rooms that share a folder; `ntc serve` gives it to every browser tab's
app). Several app processes may use it at once: writes are atomic renames of unique temporary
files, and the trainees list is updated under a file lock. Nothing here knows about Textual.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.datadir import ENV_DATA_DIR, data_dir  # noqa: F401 (re-exported)

PROFILE_FILE = "profil.json"
TRAINEES_FILE = "stagiaires.json"
TRAINEES_LOCK = "stagiaires.lock"
NAME_MAX = 60
SESSIONS_DIR = "sessions"
LOG_SUFFIX = ".jsonl"
EVAL_SUFFIX = ".eval.jsonl"


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
    payload = {"stagiaire": profile.trainee, "mode": profile.mode}
    _write_json(base / PROFILE_FILE, payload)


def _write_json(path: Path, payload: object) -> None:
    """Replace `path` atomically: a unique temporary file, then a rename (no torn file, and
    two processes writing at once never share a temporary name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- trainees of this machine ---------------------------------------------------------------
# The source of the login screen's list. Kept deliberately small (list, add, current) so the
# centre records can take over later behind the same three functions.

class TraineeNameError(ValueError):
    """A trainee name that cannot be used; the message is French."""


def normalize_name(text: str) -> str:
    """The spelling kept for a typed name: NFC, no surrounding or repeated spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def name_key(name: str) -> str:
    """Two names with the same key are the same trainee (case and spacing ignored)."""
    return normalize_name(name).casefold()


def check_name(text: str) -> str:
    """The normalized name, or `TraineeNameError` saying in French what is wrong with it."""
    name = normalize_name(text)
    if not name:
        raise TraineeNameError("Tapez votre prénom et votre nom.")
    if len(name) > NAME_MAX:
        raise TraineeNameError(f"Nom trop long : {NAME_MAX} caractères au plus.")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise TraineeNameError("Le nom contient un caractère de contrôle.")
    if not any(ch.isalpha() for ch in name):
        raise TraineeNameError("Le nom doit contenir au moins une lettre.")
    return name


def folded_name(name: str) -> str:
    """French alphabetical order: accents and case do not move a name."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _read_trainees(base: Path) -> list[str]:
    try:
        raw = json.loads((base / TRAINEES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = raw.get("stagiaires") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return []
    names: list[str] = []
    for item in items:
        value = item.get("nom") if isinstance(item, dict) else None
        if isinstance(value, str):
            with contextlib.suppress(TraineeNameError):
                names.append(check_name(value))
    return names


def list_trainees(base: Path) -> list[str]:
    """Names of the trainees of this machine, in alphabetical order (no duplicates).

    The name remembered by the profile of older versions is included, so nobody has to
    create their name again after an update.
    """
    names = _read_trainees(base)
    legacy = load_profile(base).trainee
    with contextlib.suppress(TraineeNameError):
        names.append(check_name(legacy))
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name_key(name), name)
    return sorted(unique.values(), key=lambda n: (folded_name(n), n))


@contextlib.contextmanager
def _trainees_locked(base: Path) -> Iterator[None]:
    """Hold the trainees lock (several app processes may add names at once)."""
    base.mkdir(parents=True, exist_ok=True)
    fd = os.open(base / TRAINEES_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on this platform
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def add_trainee(base: Path, text: str) -> str:
    """Register a trainee and return the name kept: an existing trainee's own spelling when
    the name is already known (« léa  roux » finds « Léa Roux »). Raises `TraineeNameError` (bad
    name) or `OSError` (the folder cannot be written)."""
    name = check_name(text)
    with _trainees_locked(base):
        names = _read_trainees(base)
        for known in names:
            if name_key(known) == name_key(name):
                return known
        names.append(name)
        _write_json(base / TRAINEES_FILE, {"stagiaires": [{"nom": n} for n in names]})
    return name


def find_trainee(base: Path, text: str) -> str | None:
    """The registered spelling of a typed name, or None when nobody has that name."""
    key = name_key(text)
    return next((n for n in list_trainees(base) if name_key(n) == key), None)


def current_trainee(base: Path) -> str:
    """The trainee last logged in on this machine ("" when none)."""
    return load_profile(base).trainee


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


# Before `session_abandoned` was an event of the log, the app left `<log>.abandon` beside
# an abandoned log; such old markers are still honoured (the session is not offered again).
ABANDON_SUFFIX = ".abandon"


def is_abandoned(path: Path) -> bool:
    """An old abandonment marker beside the log (new sessions record it in the log)."""
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


_NUMBERED = re.compile(r"-\d+$")


def _may_belong_to(path: Path, trainee: str) -> bool:
    """Cheap filter on the file name (`…_<trainee slug>[-n].jsonl`) before reading a log."""
    stem = _NUMBERED.sub("", path.name[: -len(LOG_SUFFIX)])
    return stem.casefold().endswith("_" + _slug(normalize_name(trainee)).casefold())


def recent_sessions(base: Path, limit: int = 20,
                    trainee: str | None = None) -> list[SessionSummary]:
    """Most recent session logs first (by file name, which starts with the start time);
    only `trainee`'s sessions when given (same name, case and spacing ignored)."""
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
        if trainee is not None and not _may_belong_to(path, trainee):
            continue
        summary = summarize_log(path)
        if summary is None:
            continue
        if trainee is not None and name_key(summary.trainee) != name_key(trainee):
            continue
        out.append(summary)
        if len(out) >= limit:
            break
    return out


def interrupted_session(base: Path, trainee: str) -> SessionSummary | None:
    """The trainee's latest session when it was left unfinished (to offer its resumption).

    Only the latest one: once the trainee starts another session, an old interrupted one is
    no longer offered at login (it stays in the recent list, Ctrl+E).
    """
    latest = recent_sessions(base, limit=1, trainee=trainee)
    if latest and latest[0].outcome is None and latest[0].events > 0:
        return latest[0]
    return None


def log_in_use(path: Path) -> bool:
    """Is a session log still held by its writer (another app process)?

    The log writer keeps an exclusive `flock` on the file while the session runs; the kernel
    drops it when that process ends, even killed. A missing file is not in use.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on this platform
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # file systems without locks
        return False
    finally:
        os.close(fd)   # closing releases a lock taken here
    return False
