"""Helpers of the `ntc serve` tests: a real server subprocess on a free loopback port, and
what a browser tab receives (the app's terminal output, as text)."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

URL_LINE = re.compile(r"(http://127\.0\.0\.1:\d+)/")
ANSI = re.compile(r"\x1b\[[0-9;?<>=!]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                  r"|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMc]")


def screen_text(output: str) -> str:
    """The printable text of a terminal stream (escape sequences removed, no-break spaces
    made plain): enough to find a phrase the app drew in one style run."""
    return ANSI.sub("", output).replace("\u202f", " ").replace("\xa0", " ")


def wait_for(check: Callable[[], bool], timeout: float, what: str,
             interval: float = 0.1) -> None:
    """Poll `check` until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"délai dépassé ({timeout:.0f} s) : {what}")
        time.sleep(interval)


@dataclass
class ServerProcess:
    """A running `ntc serve` and what it printed."""

    proc: subprocess.Popen[str]
    url: str
    data_dir: Path
    lines: list[str] = field(default_factory=list)

    def sessions(self) -> list[Path]:
        folder = self.data_dir / "sessions"
        return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def _reader(proc: subprocess.Popen[str], out: queue.Queue[str | None]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        out.put(line)
    out.put(None)


@contextmanager
def running_server(data_dir: Path, timeout: float = 60) -> Iterator[ServerProcess]:
    """Start `ntc serve --port 0` (a free port chosen by the system), wait for its address,
    and stop it with Ctrl+C (SIGINT) at the end (bounded waits)."""
    env = dict(os.environ, NTC_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    for name in ("NTC_LOG_KEY", "NTC_LOG_KEY_FILE"):
        env.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_reader, args=(proc, lines), daemon=True).start()
    printed: list[str] = []
    url = None
    deadline = time.monotonic() + timeout
    try:
        while url is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("ntc serve n'a pas annoncé son adresse : "
                                     + "".join(printed)) from None
            if line is None:
                raise AssertionError("ntc serve s'est arrêté : " + "".join(printed))
            printed.append(line)
            found = URL_LINE.search(line)
            url = found.group(1) if found else None
        server = ServerProcess(proc, url, data_dir, printed)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        while True:
            try:
                line = lines.get(timeout=5)
            except queue.Empty:
                break
            if line is None:
                break
            printed.append(line)
