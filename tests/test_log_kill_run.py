"""`ntc run` killed with SIGKILL at random moments: the log always reads (good prefix kept)
and `ntc replay LOG --verify` says where it stops, in French, without a traceback."""

from __future__ import annotations

import os
import random
import re
import selectors
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.log import read_log

KILLS = 50
SCENARIO = "prospection-telephonique"
KEY = "cle-du-centre"


def _run_and_kill(log: Path, seed: int, lines: int, cwd: Path) -> bool:
    """Start `ntc run`, kill it after `lines` transcript lines; False if it ended first."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NTC_LOG_KEY": KEY}
    env.pop("NTC_LOG_KEY_FILE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "run", SCENARIO, "--random", "--seed", str(seed),
         "--log", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, env=env,
    )
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    killed = True
    try:
        for _ in range(lines):
            if not selector.select(timeout=20):
                raise AssertionError("`ntc run` printed nothing for 20 s")
            if not proc.stdout.readline():
                killed = False  # the run ended before the chosen moment
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        selector.close()
        proc.stdout.close()
    return killed and proc.returncode == -signal.SIGKILL


def _verify(log: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["replay", str(log), "--verify"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_killed_run_leaves_a_readable_verifiable_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NTC_LOG_KEY", KEY)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    rng = random.Random(1128)
    started = time.monotonic()
    kinds: dict[str, int] = {}
    past_the_end: list[str] = []
    logs = [tmp_path / f"s{run}.jsonl" for run in range(KILLS)]
    moments = [rng.randint(0, 16) for _ in logs]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two runs at a time: ~2x faster
        outcomes = list(pool.map(
            lambda run: _run_and_kill(logs[run], run, moments[run], tmp_path), range(KILLS)))
    for log, killed in zip(logs, outcomes, strict=True):
        result = read_log(log, KEY.encode())  # never raises
        status, message = _verify(log, capsys)
        assert "Traceback" not in message and message.strip(), message
        if not log.exists():
            kind = "no log"
            assert status == 2 and "introuvable" in message
        elif result.header is None:
            kind = "no header"
            assert status == 1 and result.problems and result.events == []
        else:
            assert result.resumable, result.problems
            seqs = [event["seq"] for event in result.events]
            assert seqs == list(range(1, len(seqs) + 1))
            if result.truncated:
                kind = "cut tail"
                assert status == 1 and f"ligne {result.first_bad_line}" in message, message
            else:
                assert result.verified, result.problems
                kind = "complete" if result.complete else "interrupted"
                if status != 0 and kind == "interrupted":
                    # known engine gap: the replay runs past the end of an interrupted log
                    assert f"n° {len(seqs) + 1}" in message, message
                    past_the_end.append(message)
                else:
                    assert status == 0, message
                    assert re.search(rf"\b{len(seqs)} événements?\b", message), message
        if not killed:
            assert kind == "complete"
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds.get("interrupted", 0) + kinds.get("cut tail", 0) >= KILLS // 4, kinds
    print(f"{KILLS} runs in {time.monotonic() - started:.1f} s: {kinds}")
    if past_the_end:
        pytest.xfail(f"replay --verify reports a divergence instead of « interrompu » for "
                     f"{len(past_the_end)} intact interrupted log(s), e.g. {past_the_end[0]}")
