"""Centre records speed: registering an event, `ntc cohorte` at scale, `ntc lrs push`.

Run: .venv/bin/python benchmarks/bench_centre.py [--quick]
Each figure is printed with a baseline measured in the same run (absolute times are noise
on shared machines) and the target of issue 14:
  - registering one session event ≤ 1 ms median beyond the log's own fsync'ed append;
  - `ntc cohorte` over 2,000 trainees × 40 sessions ≤ 2 s;
  - `ntc lrs push` of 10,000 statements ≤ 3 × the same POSTs sent by a bare loop
    (one statement per POST; the push batches lists, and is also measured one per POST).
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_lrs import FakeLrs  # noqa: E402

from scoring import ACQUIS, NON_ACQUIS, NON_EVALUE, load_referential  # noqa: E402
from simulator.centre import CentreRecords, SessionRecorder  # noqa: E402
from simulator.centre import db as centre_db  # noqa: E402
from simulator.centre.livret import decide  # noqa: E402
from simulator.centre.lrs import LrsClient, LrsConfig, push  # noqa: E402
from simulator.log import LogWriter  # noqa: E402

QUICK = "--quick" in sys.argv
EVENTS = 300 if QUICK else 1000
TRAINEES = 2000
SESSIONS = 40
STATEMENTS = 2000 if QUICK else 10_000


def stats(values: list[float]) -> str:
    return (f"min {min(values) * 1e3:8.3f}  median {statistics.median(values) * 1e3:8.3f}  "
            f"max {max(values) * 1e3:8.3f} ms")


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


class Fake:
    """A session as SessionRecorder sees it (header, events, subscribe)."""

    def __init__(self, header: dict[str, Any]) -> None:
        self._header = header
        self.listeners: list[Callable[[dict[str, Any]], None]] = []

    def header(self) -> dict[str, Any]:
        return self._header

    @property
    def events(self) -> list[dict[str, Any]]:
        return []

    def subscribe(self, callback: Callable[[dict[str, Any]], None]) -> None:
        self.listeners.append(callback)


def bench_events(tmp: Path) -> None:
    os.environ["NTC_DATA_DIR"] = str(tmp / "evenements")
    header = {"session_id": uuid.uuid4().hex, "trainee": "Camille Martin", "mode": "examen",
              "seed": 1, "started_at": "2026-11-28T10:00:00+00:00",
              "scenario": {"id": "prospection-telephonique", "version": "1", "sha256": "0" * 64},
              "world": {"entreprises": [{"id": f"E{i:04d}"} for i in range(50)]}}
    writer = LogWriter.create(tmp / "journal.jsonl", header)
    recorder = SessionRecorder(log_path=tmp / "journal.jsonl")
    fake = Fake(header)
    recorder.attach(fake)
    log_times: list[float] = []
    rec_times: list[float] = []
    for i in range(EVENTS):
        kind = "session_started" if i == 0 else ("choice_made" if i % 3 else "node_entered")
        start = time.perf_counter()
        event = writer.append(kind, {"node": f"n{i}", "choice": "c1"}, t_ms=i * 100)
        log_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        recorder(event)
        rec_times.append(time.perf_counter() - start)
    writer.close()
    assert recorder.active, recorder.warning
    with CentreRecords() as records:
        row = records.session(header["session_id"])
        assert row is not None and row.last_seq == EVENTS
    recorder.close()
    med_rec, med_log = statistics.median(rec_times), statistics.median(log_times)
    print(f"Registering a session event ({EVENTS} events)")
    print(f"  log append + fsync (baseline) {stats(log_times)}")
    print(f"  centre records (recorder)     {stats(rec_times)}")
    print(f"  added per event: median {med_rec * 1e3:.3f} ms (target ≤ 1 ms), "
          f"ratio to the log's fsync {med_rec / med_log:.2f}")


def populate(path: Path) -> None:
    """2,000 trainees × 40 sessions of scored records, decided by the real livret rules."""
    ref = load_referential("TP-00338")
    items = [(c.id, "ccp") for c in ref.ccps] + [
        (comp.id, "competence") for c in ref.ccps for comp in c.competences]
    with CentreRecords(path) as records:
        conn = records.conn
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO trainees (id, name, key, created_at) VALUES "
                         "(?, ?, ?, '2026-01-01')",
                         [(t, f"Stagiaire {t:04d}", f"stagiaire {t:04d}")
                          for t in range(1, TRAINEES + 1)])
        sessions, scores = [], []
        for t in range(1, TRAINEES + 1):
            for s in range(SESSIONS):
                sid = f"{t:04d}-{s:02d}"
                day = f"2026-{1 + s % 12:02d}-{1 + (t + s) % 28:02d}T10:00:00+00:00"
                sessions.append((sid, t, "prospection-telephonique", "0" * 64, "examen", s,
                                 day, 40, "ended", 0, f"/logs/{sid}.jsonl", day, day, 1))
                for n, (item, kind) in enumerate(items):
                    pick = (t * 7 + s * 3 + n) % 5
                    decision = ACQUIS if pick < 2 else NON_ACQUIS if pick < 4 else NON_EVALUE
                    scores.append((sid, item, kind, decision))
        conn.executemany("INSERT INTO sessions (id, trainee_id, scenario_id, scenario_sha256, "
                         "mode, seed, started_at, last_seq, status, resumes, log_path, "
                         "updated_at, ended_at, scored) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions)
        conn.executemany("INSERT INTO session_scores VALUES (?, ?, ?, ?)", scores)
        conn.execute("COMMIT")
        for t in range(1, TRAINEES + 1):
            out = decide(ref, records.scored_sessions(t))
            records.save_decisions(t, ref.id, out.decisions, out.first_ccp_on, out.deadline,
                                   out.title_on)


def bench_cohort(tmp: Path) -> None:
    from simulator.cli.main import main

    folder = tmp / "cohorte"
    os.environ["NTC_DATA_DIR"] = str(folder)
    start = time.perf_counter()
    populate(centre_db.default_path())
    print(f"\n`ntc cohorte`, {TRAINEES} trainees × {SESSIONS} sessions "
          f"(records built in {time.perf_counter() - start:.1f} s)")

    def raw_query() -> None:
        with CentreRecords() as records:
            records.cohort_rows()

    base = timed(raw_query, 5)
    print(f"  baseline: open + the cohort's SQL query   {stats(base)}")
    for fmt in ("table", "csv", "json", "html"):
        def run(fmt: str = fmt) -> None:
            with contextlib.redirect_stdout(io.StringIO()) as out:
                assert main(["cohorte", "--format", fmt]) == 0
            text = out.getvalue()
            assert text.count("Stagiaire") >= TRAINEES, text[:500]

        ours = timed(run, 5)
        print(f"  ntc cohorte --format {fmt:5s} (in process) {stats(ours)}  "
              f"ratio {statistics.median(ours) / statistics.median(base):5.1f}  "
              f"(target ≤ 2 s: {'ok' if max(ours) <= 2 else 'NO'})")
    whole = timed(lambda: subprocess.run([sys.executable, "-m", "simulator", "cohorte"],
                                         check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
                                         env={**os.environ}), 3)
    print(f"  ntc cohorte, whole command (new process)  {stats(whole)}  "
          f"(target ≤ 2 s: {'ok' if max(whole) <= 2 else 'NO'})")


def _queue(records: CentreRecords, count: int) -> None:
    template = {"actor": {"objectType": "Agent", "name": "Camille Martin",
                          "account": {"homePage": "https://centre.example.org",
                                      "name": "Camille Martin"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/scored",
                         "display": {"fr-FR": "a été évalué sur"}},
                "object": {"objectType": "Activity",
                           "id": "https://ntc-simulateur.example/xapi/criteres/C1.2"},
                "result": {"success": True, "extensions": {"https://x.example/preuves": 2}},
                "timestamp": "2026-11-28T10:00:00+00:00", "version": "1.0.3"}
    records.queue("bench", [{**template, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, str(i))),
                             "context": {"registration": str(uuid.uuid4())}}
                            for i in range(count)])


def bench_push(tmp: Path) -> None:
    print(f"\n`ntc lrs push`, {STATEMENTS} statements, loopback LRS (same server for all)")
    results: dict[str, float] = {}
    with FakeLrs() as lrs:
        config = LrsConfig(lrs.url, "centre", "secret")
        for label, batch in (("push, lists of 200 per POST", 200), ("push, one per POST", 1)):
            path = tmp / f"push-{batch}.sqlite3"
            with CentreRecords(path) as records:
                _queue(records, STATEMENTS)
                lrs.statements.clear()
                start = time.perf_counter()
                report = push(records, config, batch=batch)
                results[label] = time.perf_counter() - start
                assert report.sent == STATEMENTS and report.remaining == 0
                assert len(lrs.statements) == STATEMENTS
                bodies = [s[2] for s in records.conn.execute(
                    "SELECT rowid, id, statement FROM xapi_outbox ORDER BY rowid")]
        lrs.statements.clear()
        client = LrsClient(config)               # bare loop: same headers, one connection
        start = time.perf_counter()
        for body in bodies:
            conn = client._connection()
            conn.request("POST", config.statements_path, body=body.encode(),
                         headers=client.headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200
        results["bare loop, one per POST"] = time.perf_counter() - start
        client.close()
        assert len(lrs.statements) == STATEMENTS
    base = results["bare loop, one per POST"]
    for label, value in results.items():
        print(f"  {label:30s} {value:7.2f} s   ratio to the bare loop {value / base:5.2f}"
              f"   (target ≤ 3)")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        bench_events(tmp)
        bench_cohort(tmp)
        bench_push(tmp)


if __name__ == "__main__":
    main()
