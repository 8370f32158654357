"""The centre records with real processes: two writers at once, and `kill -9` at random
moments (the file stays consistent and holds every event reported committed)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.centre import CentreRecords
from simulator.centre.db import default_path
from simulator.log import read_log

HERE = Path(__file__).parent
ROOT = HERE.parent


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("NTC_LOG_KEY", None)
    env.pop("NTC_LOG_KEY_FILE", None)
    return env


def _writer(name: str, sessions: int, events: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(HERE / "centre_writer.py"), name,
                             str(sessions), str(events)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


def test_two_processes_write_at_once() -> None:
    CentreRecords().close()                   # created first: both writers open it
    procs = [_writer("alpha", 3, 120), _writer("beta", 3, 120)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, out[-2000:] + err[-2000:]
    with CentreRecords() as records:
        rows = {r.id: r for r in records.sessions()}
        assert sorted(rows) == [f"{n}-{s}" for n in ("alpha", "beta") for s in range(3)]
        assert all(r.last_seq == 120 and r.last_hash == "h120" for r in rows.values())
        assert records.pending_count() == 12          # launched + initialized, each session


def test_two_real_runs_at_once(tmp_path: Path) -> None:
    procs = [subprocess.Popen(
        [sys.executable, "-m", "simulator", "run", "prospection-telephonique", "--random",
         "--seed", str(seed), "--trainee", f"Stagiaire {seed}", "--log",
         str(tmp_path / f"{seed}.jsonl")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=_env(), cwd=tmp_path) for seed in (1, 2)]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and "attention" not in err, err
    with CentreRecords() as records:
        rows = records.sessions()
        assert len(rows) == 2 and all(r.status == "ended" and r.scored for r in rows)


@pytest.mark.parametrize("seed", range(6))
def test_kill_9_leaves_consistent_records(seed: int) -> None:
    rng = random.Random(seed)
    proc = _writer("kill", 2, 400)
    assert proc.stdout is not None
    stop = rng.randint(5, 600)
    committed: dict[str, int] = {}
    for _ in range(stop):
        line = proc.stdout.readline()
        if not line.startswith("seq "):
            break
        _, sid, seq = line.split()
        committed[sid] = int(seq)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    path = default_path()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with CentreRecords() as records:               # reopens (WAL recovered) and reads
        rows = {r.id: r for r in records.sessions()}
        for sid, seq in committed.items():
            assert rows[sid].last_seq >= seq       # what was reported committed is there
            assert rows[sid].last_hash == f"h{rows[sid].last_seq}"


def test_kill_9_of_ntc_run(tmp_path: Path) -> None:
    """The record never lags more than one input behind the fsync'ed log.

    An input's events reach the disk together (group commit) and the records hear of them
    just after, one by one: a kill in between leaves the record at the end of the previous
    input at worst, never further behind, never ahead."""
    log = tmp_path / "run.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "run", "epreuve-complete", "--random", "--seed",
         "7", "--log", str(log)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, env=_env(), cwd=tmp_path)
    assert proc.stdout is not None
    for _ in range(25):
        if not proc.stdout.readline():
            break
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    result = read_log(log)
    assert result.header is not None
    from simulator.engine.events import INPUT_TYPES

    last = result.events[-1]["seq"] if result.events else 0
    inputs = [e["seq"] for e in result.events if e["type"] in INPUT_TYPES]
    boundary = inputs[-1] - 1 if inputs else 0     # end of the input before the last one
    with CentreRecords() as records:
        row = records.session(str(result.header["session_id"]))
        assert row is not None
        assert boundary <= row.last_seq <= last
