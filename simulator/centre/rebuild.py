"""`ntc livret rebuild`: the centre records recreated from the session logs.

The logs are the source of truth. The new records are built beside the old file, then
swapped in; the old file (damaged, or merely out of date) is kept as
`centre.sqlite3.ancien-<n>` so nothing is ever destroyed. Logs are found in the records'
plain-text index, in the old records when they can still be read, in the data folder's
`sessions/`, and in the files or folders given.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scoring import DEFAULT_REFERENTIAL
from simulator.centre import db, xapi
from simulator.centre.errors import CentreError
from simulator.centre.ingest import Ingested, ingest_many
from simulator.centre.records import INDEX_FILE, CentreRecords, path_text, read_index

SUFFIXES = ("", "-wal", "-shm")


@dataclass
class RebuildReport:
    path: Path
    logs: list[Ingested] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    kept_aside: Path | None = None
    resent_protected: int = 0


def _old_state(path: Path) -> tuple[list[str], set[str]]:
    """(log paths, ids of statements already sent) from the old records, if readable."""
    if not path.is_file():
        return [], set()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            logs = [str(path_text(r[0])) for r in conn.execute(
                "SELECT log_path FROM sessions WHERE log_path IS NOT NULL")]
            sent: set[str] = set()
            with contextlib.suppress(sqlite3.Error):
                sent = {r[0] for r in conn.execute(
                    "SELECT id FROM xapi_outbox WHERE sent_at IS NOT NULL")}
            return logs, sent
        finally:
            conn.close()
    except sqlite3.Error:
        return [], set()


def find_logs(sources: Iterable[str | Path]) -> list[Path]:
    """Session logs (`*.jsonl`, sidecars excluded) named or found in folders, once each."""
    out: list[Path] = []
    seen: set[str] = set()
    for source in sources:
        path = Path(source)
        try:
            found = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
        except OSError:
            continue
        for f in found:
            if f.name.endswith(".eval.jsonl") or not f.is_file():
                continue
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _aside(path: Path) -> Path:
    n = 1
    while any(Path(f"{path}.ancien-{n}{s}").exists() for s in SUFFIXES):
        n += 1
    return Path(f"{path}.ancien-{n}")


def rebuild(path: Path | None = None, sources: Iterable[str | Path] = (), *,
            key: bytes | None = None, referential_id: str = DEFAULT_REFERENTIAL,
            homepage: str = xapi.DEFAULT_HOMEPAGE) -> RebuildReport:
    path = path or db.default_path()
    folder = path.parent
    old_logs, sent = _old_state(path)
    candidates = [*read_index(folder), *old_logs, folder / "sessions", *sources]
    logs = find_logs(candidates)
    tmp = Path(f"{path}.reconstruction")
    for suffix in SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{tmp}{suffix}").unlink()
    report = RebuildReport(path)
    index_backup = (folder / INDEX_FILE).read_bytes() if (folder / INDEX_FILE).is_file() \
        else None
    with contextlib.suppress(FileNotFoundError):
        (folder / INDEX_FILE).unlink()       # rewritten by the ingestion below
    try:
        with CentreRecords(tmp) as records:
            report.logs, report.problems = ingest_many(
                records, logs, key=key, referential_id=referential_id, homepage=homepage)
            if sent:
                report.resent_protected = _keep_sent(records, sent)
            with db.guarded(tmp):
                records.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                records.conn.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        if index_backup is not None:
            (folder / INDEX_FILE).write_bytes(index_backup)
        raise
    _swap(tmp, path, report)
    return report


def _keep_sent(records: CentreRecords, sent: set[str]) -> int:
    """Statements the old records had sent stay marked sent (the LRS holds them)."""
    ids = sorted(sent)
    with db.guarded(records.path), db.transaction(records.conn):
        before = records.conn.total_changes
        records.conn.executemany("UPDATE xapi_outbox SET sent_at = queued_at WHERE id = ?",
                                 [(i,) for i in ids])
        return records.conn.total_changes - before


def _swap(tmp: Path, path: Path, report: RebuildReport) -> None:
    try:
        if any(Path(f"{path}{s}").exists() for s in SUFFIXES):
            aside = _aside(path)
            for suffix in SUFFIXES:
                old = Path(f"{path}{suffix}")
                if old.exists():
                    old.replace(Path(f"{aside}{suffix}"))
            report.kept_aside = aside
        tmp.replace(path)
    except OSError as exc:
        raise CentreError(f"impossible de remplacer le registre du centre {path} : "
                          f"{exc.strerror or exc} (le registre reconstruit est dans {tmp})",
                          "io") from None
