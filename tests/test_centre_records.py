"""Centre records: schema migrations, session rows kept current, faults in French."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from simulator.centre import CentreError, CentreRecords, SessionInfo
from simulator.centre import db as centre_db
from simulator.centre.records import ENDED, RUNNING, read_index, trainee_key
from simulator.centre.schema import MIGRATIONS, VERSION
from simulator.centre.text import fr_date, fr_long_date, typo

INFO = SessionInfo(id="0123456789abcdef0123456789abcdef", trainee="Léa Roux",
                   scenario_id="prospection-telephonique", scenario_sha256="ab" * 32,
                   mode="examen", seed=3, started_at="2026-11-28T10:00:00+00:00",
                   log_path="/tmp/journal.jsonl")


def test_upgrade_from_v1_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "centre.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    centre_db.migrate(conn, target=1)
    conn.execute("INSERT INTO trainees (name, key, created_at) VALUES ('Léa Roux', "
                 "'lea roux', '2026-01-01')")
    conn.execute("INSERT INTO sessions (id, trainee_id, scenario_id, scenario_sha256, mode, "
                 "seed, started_at, last_seq, status, resumes, log_path, updated_at) VALUES "
                 "('s1', 1, 'sc', 'ff', 'examen', 2, '2026-01-02T09:00:00+00:00', 41, "
                 "'interrupted', 1, '/x.jsonl', '2026-01-02')")
    conn.execute("INSERT INTO decisions (trainee_id, item, kind, status) VALUES "
                 "(1, 'C1', 'competence', 'acquis')")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with CentreRecords(path) as records:
        version = records.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == VERSION == len(MIGRATIONS)
        row = records.session("s1")
        assert row is not None
        assert (row.trainee, row.last_seq, row.resumes, row.status) == ("Léa Roux", 41, 1,
                                                                       "interrupted")
        assert row.scenario_version == "" and row.ended_at is None and not row.scored
        assert records.decisions(1)[0].status == "acquis"
        assert records.pending_count() == 0          # the v3 outbox exists, empty
    with CentreRecords(path) as again:               # opening again migrates nothing
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION


def test_newer_schema_is_refused_in_french(tmp_path: Path) -> None:
    path = tmp_path / "centre.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    conn.close()
    with pytest.raises(CentreError, match="version plus récente") as info:
        CentreRecords(path)
    assert info.value.kind == "newer"


def test_session_row_is_kept_current_and_indexed(tmp_path: Path) -> None:
    with CentreRecords(tmp_path / "centre.sqlite3") as records:
        records.register(INFO)
        records.progress(INFO.id, 7, "h7", RUNNING, 0)
        records.register(INFO, last_seq=3, status=RUNNING, resumes=1)  # resume: never back
        row = records.session(INFO.id)
        assert row is not None and (row.last_seq, row.last_hash, row.resumes) == (7, "h7", 1)
        records.progress(INFO.id, 12, "h12", ENDED, 1, ended_at="2026-11-28T10:12:00+00:00",
                         outcome="succes")
        row = records.session(INFO.id)
        assert row is not None
        assert (row.status, row.outcome, row.ended_at[:10]) == (ENDED, "succes", "2026-11-28")
        assert records.trainees() == [(1, "Léa Roux")]
        assert records.find_trainee("  LEA   roux ") == (1, "Léa Roux")
    assert read_index(tmp_path) == ["/tmp/journal.jsonl"]       # once, at registration


def test_outbox_never_queues_a_statement_twice(tmp_path: Path) -> None:
    with CentreRecords(tmp_path / "c.sqlite3") as records:
        statements = [{"id": f"id-{i}", "verb": {"id": "v"}} for i in range(3)]
        assert records.queue("s", statements) == 3
        assert records.queue("s", statements) == 0
        rows = records.pending(10)
        records.mark_sent([rows[0][0]])
        assert records.outbox_counts() == (1, 2)
        assert records.queue("s", statements[:1]) == 0          # sent ones are not re-queued


def test_corrupt_file_gives_a_french_message(tmp_path: Path) -> None:
    path = tmp_path / "centre.sqlite3"
    path.write_bytes(b"ceci n'est pas une base SQLite" * 200)
    with pytest.raises(CentreError) as info:
        CentreRecords(path)
    assert info.value.kind == "corrupt"
    assert "endommagé" in str(info.value) and "ntc livret rebuild" in str(info.value)


def test_locked_file_gives_a_french_message(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "centre.sqlite3"
    CentreRecords(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(centre_db, "BUSY_TIMEOUT_MS", 100)
    try:
        with CentreRecords(path) as records, pytest.raises(CentreError) as info:
            records.register(INFO)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert info.value.kind == "locked"
    assert "verrouillé par un autre programme" in str(info.value)


def test_directory_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "centre.sqlite3").mkdir()
    with pytest.raises(CentreError, match="pas un fichier"):
        CentreRecords(tmp_path / "centre.sqlite3")


def test_french_text_helpers() -> None:
    assert trainee_key("Zoé  LEFÈVRE") == "zoe lefevre"
    assert fr_date("2026-03-01T10:00:00+00:00") == "01/03/2026"
    assert fr_long_date("2026-03-01") == "1er mars 2026"
    assert typo("fin : « x » 5 %") == "fin\u202f: «\u00a0x\u00a0» 5\u00a0%"
    assert typo(typo("a ? b ; c !")) == typo("a ? b ; c !") == "a\u202f? b\u202f; c\u202f!"
