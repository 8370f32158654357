"""The log compared with the centre records: a cut followed by a resume leaves a trace there.

`ntc run` and the TUI register every session live (docs/CONTRACTS.md §6): the last event
seen and its chain hash, the number of resumes, and the first event a resume lost when it
started from a log shorter than (or different from) what the records had seen. A log cut
and resumed re-chains cleanly and replays identically, so only these records can tell.
The records are opened read-only and never created by a check; without them (or when they
cannot be read) the jury is told that such a cut cannot be detected.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from simulator.centre.db import default_path, translate

if TYPE_CHECKING:
    from simulator.trust.audit import Audit

NO_RECORDS = ("limite : sans registre du centre, une coupure du journal suivie d'une reprise "
              "n'est pas détectable (le journal reprend une chaîne d'empreintes intacte)")
UNKNOWN = "séance absente du registre du centre"
READ_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Recorded:
    """What the records saw of one session."""

    last_seq: int
    last_hash: str
    resumes: int
    rewound_seq: int | None


class RecordsUnreadable(Exception):
    """The records exist but cannot be read (French message)."""


def mismatch(seq: int) -> str:
    return (f"le journal ne correspond pas au registre du centre : événements n° {seq} et "
            "suivants absents ou modifiés (séance tronquée puis reprise ?)")


_READERS = threading.local()
_KEPT = 4


def _readers() -> dict[str, tuple[tuple[int, ...], sqlite3.Connection]]:
    """This thread's kept connections by records path."""
    found: dict[str, tuple[tuple[int, ...], sqlite3.Connection]] = \
        _READERS.__dict__.setdefault("by_path", {})
    return found


def _reader(path: Path, st: os.stat_result) -> sqlite3.Connection:
    """A read-only connection to the records at `path`, kept for this thread.

    A cohort looks up every log: one connection for all of them, not one each. In
    autocommit mode every query sees what the writers have committed. The same file state
    (device, inode, mtime, size) keeps its connection; any change of the main file (a
    checkpoint, a file replaced or recreated) gets a new one."""
    cache = _readers()
    name = os.path.abspath(path)
    ident = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
    kept = cache.get(name)
    if kept is not None and kept[0] == ident:
        return kept[1]
    if kept is not None:
        kept[1].close()
        del cache[name]
    while len(cache) >= _KEPT:                 # a long-lived process meets many data dirs
        oldest = next(iter(cache))
        cache.pop(oldest)[1].close()
    conn = sqlite3.connect(f"file:{quote(str(Path(name).resolve()))}?mode=ro", uri=True,
                           timeout=READ_TIMEOUT_S)
    cache[name] = (ident, conn)
    return conn


def _forget(path: Path) -> None:
    """Drop this thread's connection to `path` (after an error: the next look-up retries)."""
    kept = _readers().pop(os.path.abspath(path), None)
    if kept is not None:
        kept[1].close()


def close_readers() -> None:
    """Close this thread's connections (tests that delete the records, long-lived apps)."""
    cache = _readers()
    for _, conn in cache.values():
        conn.close()
    cache.clear()


def lookup(session_id: str, path: Path | None = None) -> Recorded | bool | None:
    """The session's row; None when unknown; False when there are no records at all."""
    path = path or default_path()
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    try:
        conn = _reader(path, st)
        columns = {str(r[1]) for r in conn.execute("PRAGMA table_info(sessions)")}
        if not columns:
            return False            # an empty or foreign database: no sessions recorded
        rewound = "rewound_seq" if "rewound_seq" in columns else "NULL"
        last_hash = "last_hash" if "last_hash" in columns else "''"
        row = conn.execute(f"SELECT last_seq, {last_hash}, resumes, {rewound} FROM sessions "
                           "WHERE id = ?", (session_id,)).fetchone()
    except sqlite3.Error as exc:
        _forget(path)
        raise RecordsUnreadable(str(translate(exc, path))) from None
    if row is None:
        return None
    return Recorded(int(row[0]), str(row[1] or ""), int(row[2]),
                    int(row[3]) if row[3] is not None else None)


def compare(recorded: Recorded,
            events: Iterable[dict[str, Any]]) -> list[tuple[str, bool]]:
    """(message, blocking) for each way the log disagrees with the records (one pass: the
    events may be streamed from the file)."""
    out: list[tuple[str, bool]] = []
    last = 0
    at_recorded: object = None
    resumes = 0
    for event in events:
        seq = event.get("seq")
        if isinstance(seq, int):
            last = seq
            if seq == recorded.last_seq:
                at_recorded = event.get("hash")
        if event.get("type") == "session_resumed":
            resumes += 1
    bad: list[int] = []
    if recorded.rewound_seq is not None:
        bad.append(recorded.rewound_seq)
    if recorded.last_seq > last:
        bad.append(last + 1)
    elif recorded.last_seq > 0 and recorded.last_hash and at_recorded != recorded.last_hash:
        bad.append(recorded.last_seq)
    if bad:
        out.append((mismatch(min(bad)), True))
    if resumes != recorded.resumes:
        more = "plus" if resumes > recorded.resumes else "moins"
        out.append((f"le journal compte {more} de reprises que le registre du centre "
                    f"({resumes} dans le journal, {recorded.resumes} au registre)", False))
    return out


def check_registry(audit: Audit, path: Path | None = None) -> None:
    """Add to the audit what the centre records say of its session (flags, limits).

    Without kept events, the audit's last event (seq, hash) and resume count are compared
    when the records saw that far or less; else the log is read again."""
    from simulator.trust.resumes import LIMIT

    session_id = str((audit.header or {}).get("session_id") or "")
    try:
        recorded = lookup(session_id, path) if session_id else None
    except RecordsUnreadable as exc:
        audit.flag(f"{exc} : journal non comparé au registre", False)
        if NO_RECORDS not in audit.limits:
            audit.limits.append(NO_RECORDS)
        return
    if recorded is False:
        if LIMIT not in audit.limits:
            audit.limits.append(NO_RECORDS)
        return
    if recorded is None or isinstance(recorded, bool):
        audit.flag(UNKNOWN, False)
        return
    if LIMIT in audit.limits:                  # the records exist and know the session
        audit.limits.remove(LIMIT)
    events: Iterable[dict[str, Any]] = audit.events
    if not events and audit.last_hash and (recorded.last_seq == 0
                                           or recorded.last_seq >= audit.last_seq):
        events = [*({"type": "session_resumed"} for _ in range(audit.resumed)),
                  {"seq": audit.last_seq, "hash": audit.last_hash}]
    elif not events and audit.path:         # `--verify` streams: read the hashes again
        from simulator.log import open_log

        events = open_log(audit.path)
    for message, blocking in compare(recorded, events):
        audit.flag(message, blocking)
        audit.registry_mismatch = audit.registry_mismatch or blocking
