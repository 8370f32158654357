"""kill -9 at random moments: the log always reads up to the last complete event and the
next run resumes a valid chain (DESIGN.md §5: a crash loses at most the event being
written)."""

from __future__ import annotations

import os
import random
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from simulator.log import read_log

KEY = "cle-du-centre"
KILLS = 50

CHILD = r"""
import os, random, sys
from simulator.log import LogWriter, signing_key

path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
key = signing_key()
if os.path.exists(path) and os.path.getsize(path) > 0:
    writer, result = LogWriter.resume(path, key)
    writer.append("session_resumed", {"after_seq": writer.next_seq - 1})
else:
    writer = LogWriter.create(path, {"trainee": "Zoé", "seed": seed}, key)
while True:
    size = rng.choice([1, 30, 400, 5000, 40000])
    event = writer.append("free_text", {"node": "n", "text": "é" * size, "choice": None})
    print(event["seq"], flush=True)
"""


def _read_line(proc: subprocess.Popen[str], selector: selectors.BaseSelector) -> str:
    """One line of the child's stdout, failing instead of hanging."""
    if not selector.select(timeout=10):
        raise AssertionError("the child wrote nothing for 10 s")
    line = proc.stdout.readline() if proc.stdout else ""
    if not line:
        stderr = proc.stderr.read() if proc.stderr else ""
        raise AssertionError(f"the child stopped: {stderr}")
    return line


def test_sigkill_at_random_moments_never_loses_a_written_event(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    path = tmp_path / "session.jsonl"
    env = {**os.environ, "NTC_LOG_KEY": KEY}
    env.pop("NTC_LOG_KEY_FILE", None)
    rng = random.Random(20261128)
    acknowledged = 0  # highest seq the child reported as written (after fsync)
    truncations = 0
    started = time.monotonic()
    for run in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(path), str(run)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        selector = selectors.DefaultSelector()
        assert proc.stdout is not None
        selector.register(proc.stdout, selectors.EVENT_READ)
        try:
            for _ in range(rng.randint(1, 6)):
                acknowledged = int(_read_line(proc, selector))
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
            selector.close()
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()
        result = read_log(path, KEY.encode())
        assert result.header is not None and result.resumable, result.problems
        assert result.verified or result.truncated, result.problems
        truncations += result.truncated
        seqs = [event["seq"] for event in result.events]
        assert seqs == list(range(1, len(seqs) + 1))
        assert len(seqs) >= acknowledged, "an fsync'ed event was lost"
    final = read_log(path, KEY.encode())
    resumed = [e for e in final.events if e["type"] == "session_resumed"]
    assert len(resumed) == KILLS - 1
    assert all(e["data"]["after_seq"] == e["seq"] - 1 for e in resumed)
    aside = list(tmp_path.glob("session.jsonl.abime-*"))
    assert len(aside) == truncations - (1 if result.truncated else 0)
    assert time.monotonic() - started < 60
    print(f"{KILLS} kills, {truncations} cut tails, {len(final.events)} events")
