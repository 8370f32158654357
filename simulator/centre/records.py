"""The centre records: trainees, sessions, per-session scores, decisions, xAPI outbox.

A thin typed layer over the SQLite file of `db.py`; every method is one transaction (or
one read) and raises only `CentreError`. What the records *mean* (livret rules, cohort,
statements) lives in the modules that use them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from simulator.centre import db

RUNNING = "running"
ENDED = "ended"
INTERRUPTED = "interrupted"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def trainee_key(name: str) -> str:
    """« Léa  ROUX » and « lea roux » are the same trainee."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def clean_text(text: str) -> str:
    """`text` storable as UTF-8: the stand-ins of undecodable bytes become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", clean_text(name)).split())


def path_value(path: str | None) -> str | bytes | None:
    """A log path as stored: text, or its file-system bytes when it is not valid UTF-8."""
    if path is None:
        return None
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def path_text(value: object) -> str | None:
    if value is None:
        return None
    return os.fsdecode(value) if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class SessionInfo:
    """What is known of a session when it starts (from its log header)."""

    id: str
    trainee: str
    scenario_id: str
    scenario_sha256: str
    mode: str
    seed: int | None
    started_at: str
    log_path: str | None = None
    scenario_version: str = ""
    referential: str = ""

    @classmethod
    def from_header(cls, header: dict[str, Any], log_path: str | Path | None) -> SessionInfo:
        scen = header.get("scenario")
        scen = scen if isinstance(scen, dict) else {}
        ref = header.get("referential")
        ref = ref if isinstance(ref, dict) else {}
        seed = header.get("seed")
        def text(value: object) -> str:
            return clean_text(str(value or ""))

        return cls(
            id=text(header.get("session_id")), trainee=text(header.get("trainee")),
            scenario_id=text(scen.get("id")), scenario_sha256=text(scen.get("sha256")),
            mode=text(header.get("mode")),
            seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            started_at=text(header.get("started_at")),
            log_path=str(Path(log_path).resolve()) if log_path else None,
            scenario_version=text(scen.get("version")), referential=text(ref.get("id")))


@dataclass(frozen=True)
class SessionRow:
    id: str
    trainee: str
    scenario_id: str
    scenario_sha256: str
    scenario_version: str
    mode: str
    seed: int | None
    started_at: str
    ended_at: str | None
    last_seq: int
    last_hash: str
    status: str
    outcome: str | None
    resumes: int
    log_path: str | None
    scored: bool


@dataclass(frozen=True)
class Decision:
    item: str
    kind: str
    status: str
    decided_on: str | None
    sessions: tuple[str, ...]
    detail: str


_SESSION_COLUMNS = ("s.id, t.name, s.scenario_id, s.scenario_sha256, s.scenario_version, "
                    "s.mode, s.seed, s.started_at, s.ended_at, s.last_seq, s.last_hash, "
                    "s.status, s.outcome, s.resumes, s.log_path, s.scored")


def _session_row(row: Sequence[Any]) -> SessionRow:
    (sid, trainee, scenario_id, sha, version, mode, seed, started, ended, last_seq,
     last_hash, status, outcome, resumes, log_path, scored) = row
    return SessionRow(sid, trainee, scenario_id, sha, version, mode, seed, started, ended,
                      int(last_seq), last_hash, status, outcome, int(resumes),
                      path_text(log_path), bool(scored))


class CentreRecords:
    """One open centre records file. Use as a context manager or call `close()`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or db.default_path()
        self.conn = db.connect(self.path)

    def __enter__(self) -> CentreRecords:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> None:
        with db.guarded(self.path), db.transaction(self.conn):
            self.conn.execute(sql, params)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with db.guarded(self.path):
            return self.conn.execute(sql, params).fetchall()

    # -- trainees ------------------------------------------------------------------------
    def _trainee_id(self, name: str) -> int:
        """Inside a transaction: the trainee's id, created when new."""
        key = trainee_key(name)
        row = self.conn.execute("SELECT id FROM trainees WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self.conn.execute("INSERT INTO trainees (name, key, created_at) VALUES (?, ?, ?)",
                                (clean_name(name) or "(sans nom)", key, now_iso()))
        return int(cur.lastrowid or 0)

    def add_trainee(self, name: str) -> int:
        with db.guarded(self.path), db.transaction(self.conn):
            return self._trainee_id(name)

    def trainees(self) -> list[tuple[int, str]]:
        """(id, name) of every trainee, by name."""
        rows = self._read("SELECT id, name FROM trainees ORDER BY key")
        return [(int(r[0]), str(r[1])) for r in rows]

    def find_trainee(self, name: str) -> tuple[int, str] | None:
        rows = self._read("SELECT id, name FROM trainees WHERE key = ?", (trainee_key(name),))
        return (int(rows[0][0]), str(rows[0][1])) if rows else None

    # -- sessions ------------------------------------------------------------------------
    def register(self, info: SessionInfo, *, last_seq: int = 0, last_hash: str = "",
                 status: str = RUNNING, resumes: int = 0) -> None:
        """Create or refresh the session's row (a resumed session keeps its id).

        A new session's log path is also appended to the plain-text index beside the
        records, which `ntc livret rebuild` reads even when the database is damaged.
        """
        with db.guarded(self.path), db.transaction(self.conn):
            new = self.conn.execute("SELECT 1 FROM sessions WHERE id = ?",
                                    (info.id,)).fetchone() is None
            trainee = self._trainee_id(info.trainee)
            self.conn.execute(
                "INSERT INTO sessions (id, trainee_id, scenario_id, scenario_sha256, mode, "
                "seed, started_at, last_seq, status, resumes, log_path, updated_at, "
                "scenario_version, referential, last_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), "
                "last_hash = CASE WHEN excluded.last_seq >= last_seq THEN excluded.last_hash "
                "ELSE last_hash END, status = excluded.status, "
                "resumes = max(resumes, excluded.resumes), "
                "log_path = coalesce(excluded.log_path, log_path), "
                "updated_at = excluded.updated_at",
                (info.id, trainee, info.scenario_id, info.scenario_sha256, info.mode,
                 info.seed, info.started_at, last_seq, status, resumes,
                 path_value(info.log_path),
                 now_iso(), info.scenario_version, info.referential, last_hash))
        if new and info.log_path:
            append_index(self.path.parent, info.log_path)

    def progress(self, session_id: str, last_seq: int, last_hash: str, status: str,
                 resumes: int, *, ended_at: str | None = None,
                 outcome: str | None = None) -> None:
        """Keep a running session's row current (one small UPDATE per event)."""
        self._write(
            "UPDATE sessions SET last_seq = ?, last_hash = ?, status = ?, resumes = ?, "
            "ended_at = coalesce(?, ended_at), outcome = coalesce(?, outcome), "
            "updated_at = ? WHERE id = ?",
            (last_seq, last_hash, status, resumes, ended_at, outcome, now_iso(), session_id))

    def mark_rewound(self, session_id: str, first_seq: int) -> None:
        """A resume started from a log missing (or changing) events the records had seen."""
        self._write("UPDATE sessions SET rewound_seq = min(coalesce(rewound_seq, ?), ?), "
                    "updated_at = ? WHERE id = ?", (first_seq, first_seq, now_iso(), session_id))

    def set_status(self, session_id: str, status: str) -> None:
        self._write("UPDATE sessions SET status = ?, updated_at = ? WHERE id = ?",
                    (status, now_iso(), session_id))

    def session(self, session_id: str) -> SessionRow | None:
        rows = self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions s JOIN trainees t "
                          "ON t.id = s.trainee_id WHERE s.id = ?", (session_id,))
        return _session_row(rows[0]) if rows else None

    def sessions(self, trainee_id: int | None = None) -> list[SessionRow]:
        where, params = ("WHERE s.trainee_id = ?", (trainee_id,)) if trainee_id is not None \
            else ("", ())
        rows = self._read(f"SELECT {_SESSION_COLUMNS} FROM sessions s JOIN trainees t ON "
                          f"t.id = s.trainee_id {where} ORDER BY s.started_at, s.id", params)
        return [_session_row(r) for r in rows]

    def log_paths(self) -> list[str]:
        return [str(path_text(r[0])) for r in self._read(
            "SELECT log_path FROM sessions WHERE log_path IS NOT NULL ORDER BY started_at")]

    # -- scores and decisions ------------------------------------------------------------
    def store_scores(self, session_id: str, scores: Iterable[tuple[str, str, str]],
                     overrides: Iterable[tuple[int, str, str, str, str]] = ()) -> None:
        """What scoring decided in one session: (item, kind, decision), and the evaluator's
        overrides mirrored from the sidecar: (seq, criterion, decision, why, evaluator)."""
        with db.guarded(self.path), db.transaction(self.conn):
            self.conn.execute("DELETE FROM session_scores WHERE session_id = ?", (session_id,))
            self.conn.executemany(
                "INSERT INTO session_scores (session_id, item, kind, decision) "
                "VALUES (?, ?, ?, ?)", [(session_id, *s) for s in scores])
            self.conn.execute("DELETE FROM overrides WHERE session_id = ?", (session_id,))
            self.conn.executemany(
                "INSERT INTO overrides (session_id, seq, criterion, decision, justification, "
                "evaluator) VALUES (?, ?, ?, ?, ?, ?)", [(session_id, *o) for o in overrides])
            self.conn.execute("UPDATE sessions SET scored = 1 WHERE id = ?", (session_id,))

    def scored_sessions(self, trainee_id: int) -> list[tuple[str, str, dict[str, str]]]:
        """(session id, decision date, {item: decision}) of a trainee's scored sessions."""
        rows = self._read(
            "SELECT s.id, coalesce(s.ended_at, s.started_at), c.item, c.decision "
            "FROM sessions s JOIN session_scores c ON c.session_id = s.id "
            "WHERE s.trainee_id = ? AND s.scored = 1 ORDER BY 2, s.id", (trainee_id,))
        out: dict[str, tuple[str, dict[str, str]]] = {}
        for sid, date, item, decision in rows:
            out.setdefault(sid, (date, {}))[1][item] = decision
        return [(sid, date, items) for sid, (date, items) in out.items()]

    def overrides(self, trainee_id: int) -> list[tuple[str, int, str, str, str, str]]:
        return [tuple(r) for r in self._read(
            "SELECT o.session_id, o.seq, o.criterion, o.decision, o.justification, "
            "o.evaluator FROM overrides o JOIN sessions s ON s.id = o.session_id "
            "WHERE s.trainee_id = ? ORDER BY s.started_at, o.seq", (trainee_id,))]

    def save_decisions(self, trainee_id: int, referential: str, decisions: Sequence[Decision],
                       first_ccp_on: str | None, deadline: str | None,
                       title_on: str | None) -> None:
        with db.guarded(self.path), db.transaction(self.conn):
            self.conn.execute("DELETE FROM decisions WHERE trainee_id = ?", (trainee_id,))
            self.conn.executemany(
                "INSERT INTO decisions (trainee_id, item, kind, status, decided_on, sessions, "
                "referential, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(trainee_id, d.item, d.kind, d.status, d.decided_on, json.dumps(d.sessions),
                  referential, d.detail) for d in decisions])
            self.conn.execute(
                "INSERT INTO livrets (trainee_id, referential, first_ccp_on, deadline, "
                "title_on, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(trainee_id) DO "
                "UPDATE SET referential = excluded.referential, first_ccp_on = "
                "excluded.first_ccp_on, deadline = excluded.deadline, title_on = "
                "excluded.title_on, updated_at = excluded.updated_at",
                (trainee_id, referential, first_ccp_on, deadline, title_on, now_iso()))

    def decisions(self, trainee_id: int) -> list[Decision]:
        return [Decision(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), r[5])
                for r in self._read("SELECT item, kind, status, decided_on, sessions, detail "
                                    "FROM decisions WHERE trainee_id = ?", (trainee_id,))]

    def livret_dates(self, trainee_id: int) -> tuple[str | None, str | None, str | None]:
        rows = self._read("SELECT first_ccp_on, deadline, title_on FROM livrets "
                          "WHERE trainee_id = ?", (trainee_id,))
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else (None, None, None)

    def cohort_rows(self) -> list[tuple[Any, ...]]:
        """Every trainee with their decisions, livret dates and session counts, in one pass:
        (id, name, first_ccp_on, deadline, title_on, sessions, item, status, decided_on)."""
        return self._read(
            "SELECT t.id, t.name, l.first_ccp_on, l.deadline, l.title_on, "
            "(SELECT count(*) FROM sessions s WHERE s.trainee_id = t.id), "
            "d.item, d.status, d.decided_on FROM trainees t "
            "LEFT JOIN livrets l ON l.trainee_id = t.id "
            "LEFT JOIN decisions d ON d.trainee_id = t.id ORDER BY t.key, t.id")

    # -- xAPI outbox ---------------------------------------------------------------------
    def queue(self, session_id: str, statements: Iterable[dict[str, Any]]) -> int:
        """Queue statements (a statement id already queued or sent is skipped)."""
        rows = [(str(s["id"]), session_id,
                 clean_text(json.dumps(s, ensure_ascii=False, sort_keys=True)), now_iso())
                for s in statements]
        with db.guarded(self.path), db.transaction(self.conn):
            before = self.conn.total_changes
            self.conn.executemany("INSERT OR IGNORE INTO xapi_outbox (id, session_id, "
                                  "statement, queued_at) VALUES (?, ?, ?, ?)", rows)
            return self.conn.total_changes - before

    def pending(self, limit: int, after: int = 0) -> list[tuple[int, str, str]]:
        """(rowid, id, statement JSON) of unsent statements, oldest first."""
        return [(int(r[0]), str(r[1]), str(r[2])) for r in self._read(
            "SELECT rowid, id, statement FROM xapi_outbox WHERE sent_at IS NULL AND rowid > ? "
            "ORDER BY rowid LIMIT ?", (after, limit))]

    def pending_count(self) -> int:
        return int(self._read("SELECT count(*) FROM xapi_outbox WHERE sent_at IS NULL")[0][0])

    def outbox_counts(self) -> tuple[int, int]:
        """(sent, pending)."""
        row = self._read("SELECT count(sent_at), count(*) - count(sent_at) FROM xapi_outbox")[0]
        return int(row[0]), int(row[1])

    def mark_sent(self, rowids: Sequence[int]) -> None:
        at = now_iso()
        with db.guarded(self.path), db.transaction(self.conn):
            self.conn.executemany("UPDATE xapi_outbox SET sent_at = ?, attempts = attempts + 1,"
                                  " last_error = NULL WHERE rowid = ?", [(at, r) for r in rowids])

    def mark_failed(self, rowids: Sequence[int], error: str) -> None:
        with db.guarded(self.path), db.transaction(self.conn):
            self.conn.executemany("UPDATE xapi_outbox SET attempts = attempts + 1, "
                                  "last_error = ? WHERE rowid = ?", [(error, r) for r in rowids])

    def statements(self, session_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE session_id = ?", (session_id,)) if session_id else ("", ())
        return [json.loads(r[0]) for r in self._read(
            f"SELECT statement FROM xapi_outbox {where} ORDER BY rowid", params)]


INDEX_FILE = "journaux-du-centre.txt"


def append_index(folder: Path, log_path: str) -> None:
    """Remember a log path (one per line); best effort, the logs themselves stay."""
    try:
        with (folder / INDEX_FILE).open("a", encoding="utf-8", errors="surrogateescape") as f:
            f.write(log_path.replace("\n", " ") + "\n")
    except OSError:
        pass


def read_index(folder: Path) -> list[str]:
    try:
        text = (folder / INDEX_FILE).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return []
    return [line for line in text.splitlines() if line.strip()]


def open_records(path: Path | None = None) -> CentreRecords:
    """Open (creating or upgrading) the centre records; CentreError with a French message."""
    try:
        return CentreRecords(path)
    except sqlite3.Error as exc:       # pragma: no cover - connect() already translates
        raise db.translate(exc, path or db.default_path()) from None
