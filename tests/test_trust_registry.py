"""A log cut and resumed is caught by the centre records; without them it is a stated limit.

Sessions are real: `ntc run` registers them live in the records of NTC_DATA_DIR (isolated
per test by conftest.py); the attacker then cuts the log and resumes it with `ntc run`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_play_resume import MINI, STEPS, write_steps
from trust_support import Capture, play, score_json, sessions

from simulator.centre.db import default_path
from simulator.cli.main import main
from simulator.trust.registry_check import NO_RECORDS, UNKNOWN

MISMATCH = "le journal ne correspond pas au registre du centre"


def run(capsys: Capture, *args: str) -> int:
    code = main(["run", "negociation-prix", "--random", *args])
    capsys.readouterr()
    return code


def recorded_session(tmp_path: Path, capsys: Capture) -> Path:
    log = tmp_path / "seance.jsonl"
    assert run(capsys, "--seed", "3", "--log", str(log)) == 0
    return log


def cut_before_last_input(log: Path) -> int:
    """Keep the lines before the last trainee input; the number of events kept."""
    text = log.read_text(encoding="utf-8").splitlines()
    inputs = [i for i, line in enumerate(text) if '"type":"choice_made"' in line
              or '"type":"offer_made"' in line or '"type":"task_answered"' in line]
    keep = inputs[-1]
    log.write_text("\n".join(text[:keep]) + "\n", encoding="utf-8")
    return keep - 1                      # the header is line 0


def warnings(capsys: Capture, log: Path) -> tuple[int, dict[str, Any]]:
    status, report, _ = score_json(capsys, log)
    return status, sessions(report)[0]


def test_cut_then_resumed_log_is_flagged(tmp_path: Path, capsys: Capture) -> None:
    log = recorded_session(tmp_path, capsys)
    kept = cut_before_last_input(log)
    assert run(capsys, "--resume", str(log)) == 0
    status, session = warnings(capsys, log)
    found = [w for w in session["avertissements"] if MISMATCH in w]
    assert status == 1 and session["verifie"] is False
    assert found and f"événements n° {kept + 1} et suivants" in found[0]
    assert "tronquée puis reprise" in found[0]
    assert main(["replay", str(log), "--verify"]) == 1
    out, err = capsys.readouterr()
    assert MISMATCH in out + err


def test_cut_log_without_resume_is_flagged(tmp_path: Path, capsys: Capture) -> None:
    log = recorded_session(tmp_path, capsys)
    kept = cut_before_last_input(log)
    status, session = warnings(capsys, log)
    assert status == 1 and session["verifie"] is False
    assert any(f"{MISMATCH} : événements n° {kept + 1} et suivants" in w
               for w in session["avertissements"])


def test_untouched_and_honestly_resumed_logs_match_the_records(tmp_path: Path,
                                                               capsys: Capture) -> None:
    log = recorded_session(tmp_path, capsys)
    status, session = warnings(capsys, log)
    assert status == 0 and session["verifie"] is True
    assert not any("registre du centre" in w
                   for w in session["avertissements"])
    assert NO_RECORDS not in session["limites"]


def test_honest_resume_matches_the_records(tmp_path: Path, capsys: Capture) -> None:
    log = tmp_path / "arret.jsonl"
    first = write_steps(tmp_path / "debut.txt", STEPS[:3])
    rest = write_steps(tmp_path / "suite.txt", STEPS[3:])
    assert main(["run", str(MINI), "--seed", "1", "--inputs", str(first), "--log",
                 str(log)]) == 0
    assert main(["run", str(MINI), "--resume", str(log), "--inputs", str(rest)]) == 0
    capsys.readouterr()
    _status, session = warnings(capsys, log)
    assert session["reprises"]
    assert not any("registre du centre" in w
                   for w in session["avertissements"])
    assert session["verifie"] is True


def test_resume_count_lower_than_the_records_is_flagged(tmp_path: Path,
                                                        capsys: Capture) -> None:
    log = recorded_session(tmp_path, capsys)
    cut_before_last_input(log)
    with sqlite3.connect(default_path()) as conn:
        conn.execute("UPDATE sessions SET resumes = 3, rewound_seq = NULL")
    assert run(capsys, "--resume", str(log)) == 0
    _status, session = warnings(capsys, log)
    assert any("moins de reprises que le registre du centre" in w
               for w in session["avertissements"])


def test_unknown_session_is_noted(tmp_path: Path, capsys: Capture) -> None:
    recorded_session(tmp_path, capsys)                   # the records exist
    other = play(tmp_path / "hors-registre.jsonl")       # played by the engine directly
    status, session = warnings(capsys, other)
    assert any(UNKNOWN in w for w in session["avertissements"])
    assert not any(MISMATCH in w for w in session["avertissements"])
    assert status == 0 and session["verifie"] is True


def test_no_records_is_a_stated_limit(tmp_path: Path, capsys: Capture) -> None:
    log = play(tmp_path / "a.jsonl")
    status, session = warnings(capsys, log)
    assert NO_RECORDS in session["limites"]
    assert not default_path().exists()                    # a check never creates them
    assert status == 0


def test_corrupt_records_are_said_not_crashed(tmp_path: Path, capsys: Capture) -> None:
    log = recorded_session(tmp_path, capsys)
    default_path().write_bytes(b"ceci n'est pas une base SQLite" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(default_path()) + suffix).unlink(missing_ok=True)
    _status, session = warnings(capsys, log)
    assert any("registre du centre" in w and "endommagé" in w
               for w in session["avertissements"])
    assert NO_RECORDS in session["limites"]


def test_locked_records_are_said_not_crashed(tmp_path: Path, capsys: Capture) -> None:
    log = recorded_session(tmp_path, capsys)
    holder = sqlite3.connect(default_path(), isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE sessions SET updated_at = updated_at")
        _status, session = warnings(capsys, log)
    finally:
        holder.close()
    assert any("registre du centre" in w and "verrouillé" in w
               for w in session["avertissements"])
    assert NO_RECORDS in session["limites"]


def test_signed_exam_cut_then_authorized_resume_is_flagged(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_LOG_KEY", "cle-du-centre")
    log = tmp_path / "examen.jsonl"
    assert run(capsys, "--seed", "5", "--mode", "examen", "--log", str(log)) == 0
    kept = cut_before_last_input(log)
    assert run(capsys, "--resume", str(log), "--evaluateur", "Mme Jury") == 0
    status, session = warnings(capsys, log)
    assert status == 1 and session["verifie"] is False
    assert any(f"{MISMATCH} : événements n° {kept + 1} et suivants" in w
               for w in session["avertissements"])


def test_records_replaced_or_updated_during_a_run_are_read_afresh(
        tmp_path: Path, capsys: Capture) -> None:
    """One read connection serves a whole cohort; a changed or replaced file is reopened."""
    from simulator.trust.registry_check import Recorded, close_readers, lookup

    log = recorded_session(tmp_path, capsys)
    session_id = str(json.loads(log.read_text().splitlines()[0])["session_id"])
    first = lookup(session_id)
    assert isinstance(first, Recorded) and lookup(session_id) == first
    with sqlite3.connect(default_path()) as conn:        # a writer moves the session on
        conn.execute("UPDATE sessions SET last_seq = last_seq + 7 WHERE id = ?",
                     (session_id,))
    moved = lookup(session_id)
    assert isinstance(moved, Recorded) and moved.last_seq == first.last_seq + 7
    replacement = tmp_path / "autre.sqlite3"              # the file replaced by another
    with sqlite3.connect(replacement) as conn:
        conn.execute("CREATE TABLE sessions (id TEXT, last_seq INT, last_hash TEXT, "
                     "resumes INT, rewound_seq INT)")
    for suffix in ("-wal", "-shm"):
        Path(str(default_path()) + suffix).unlink(missing_ok=True)
    replacement.replace(default_path())
    assert lookup(session_id) is None                     # unknown in the new records
    default_path().unlink()
    assert lookup(session_id) is False                    # no records at all
    close_readers()
