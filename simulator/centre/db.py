"""Opening the centre records: WAL, busy timeout, migrations, French errors.

Writes go through `transaction()` (BEGIN IMMEDIATE … COMMIT): a `kill -9` in the middle
leaves the previous state, and two processes (a TUI and `ntc run`, two trainees on one
machine) take turns instead of failing. `synchronous=NORMAL` in WAL mode survives a killed
process; after a power cut the last transactions may be missing, which `ntc livret
rebuild` restores from the logs (they are fsync'ed and remain the source of truth).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from simulator.centre.errors import REBUILD_HINT, CentreError
from simulator.centre.schema import MIGRATIONS, VERSION
from simulator.datadir import data_dir

DB_FILE = "centre.sqlite3"
BUSY_TIMEOUT_MS = 5000


def default_path() -> Path:
    """`<data dir>/centre.sqlite3` (`NTC_DATA_DIR` honoured)."""
    return data_dir() / DB_FILE


def translate(exc: sqlite3.Error, path: Path) -> CentreError:
    """A French CentreError for an SQLite fault on the records at `path`."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return CentreError(
            f"registre du centre {path} verrouillé par un autre programme depuis plus de "
            f"{BUSY_TIMEOUT_MS // 1000} s : réessayez dans un instant", "locked")
    if isinstance(exc, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "corrupt" in text):
        what = ("ce n'est pas une base SQLite lisible" if "not a database" in text
                else "base SQLite abîmée")
        return CentreError(f"registre du centre {path} endommagé ({what}) ; {REBUILD_HINT}",
                           "corrupt")
    if "readonly" in text or "read-only" in text or "unable to open" in text \
            or "disk i/o" in text or "full" in text:
        return CentreError(f"registre du centre {path} inutilisable (SQLite : {exc}) : "
                           "vérifiez le dossier, les droits et la place disque", "io")
    return CentreError(f"registre du centre {path} illisible (SQLite : {exc}) ; "
                       f"{REBUILD_HINT}", "corrupt")


@contextlib.contextmanager
def guarded(path: Path) -> Iterator[None]:
    """Turn SQLite faults raised inside into French CentreErrors."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    except (ValueError, OverflowError) as exc:    # text SQLite cannot store, huge number
        raise CentreError(f"registre du centre {path} : valeur impossible à enregistrer "
                          f"({type(exc).__name__} : {exc})", "io") from None


def connect(path: Path | None = None) -> sqlite3.Connection:
    """An open, migrated connection (directory created); CentreError on any fault."""
    path = path or default_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CentreError(f"impossible de créer le dossier {path.parent} du registre du "
                          f"centre : {exc.strerror or exc}", "io") from None
    if path.exists() and not path.is_file():
        raise CentreError(f"registre du centre {path} : ce n'est pas un fichier", "io")
    with guarded(path):
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
    return conn


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting like the busy timeout: on a file that another process is
    creating at the same moment, SQLite answers the journal-mode change at once with the
    old mode (or BUSY) instead of calling the busy handler, so we retry until the deadline.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is not None and str(mode[0]).lower() == "wal":
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                raise
        if time.monotonic() >= deadline:
            raise sqlite3.OperationalError("database is locked (journal mode)")
        time.sleep(pause)               # back off: the other process is creating the file
        pause = min(pause * 2, 0.1)


def migrate(conn: sqlite3.Connection, target: int = VERSION) -> int:
    """Apply the missing migrations in one transaction; the version reached."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current >= target:
        if current > VERSION:
            raise CentreError(
                f"registre du centre écrit par une version plus récente de ntc (schéma "
                f"v{current}, cette version lit jusqu'à la v{VERSION}) : mettez ntc à jour",
                "newer")
        return current
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])   # another process?
        for version in range(current, target):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return target


def _statements(script: str) -> list[str]:
    """The statements of a migration script (`executescript` would commit on its own)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        code = line.split("--", 1)[0]
        buffer += code
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any exception)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
