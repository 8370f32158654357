"""The Ralph LRS for the integration test: the one `.ci/run` started (NTC_TEST_LRS_*), or
one started here from `.venv-ralph` (so a plain `make test` runs the test too)."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RALPH = ROOT / ".venv-ralph" / "bin" / "ralph"
START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Lrs:
    url: str
    user: str
    password: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Bounded poll of Ralph's heartbeat."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Ralph stopped at start:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.25)
    raise RuntimeError(f"Ralph did not answer within {START_TIMEOUT_S:.0f} s:\n"
                       f"{log.read_text(errors='replace')}")


@contextlib.contextmanager
def started_ralph(home: Path) -> Iterator[Lrs]:
    user, password = "ntc-test", secrets.token_hex(8)
    env = {**os.environ, "RALPH_APP_DIR": str(home / "app"), "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(home / "statements")}
    (home / "app").mkdir(parents=True)
    (home / "statements").mkdir()
    subprocess.run([str(RALPH), "auth", "-u", user, "-p", password, "-s", "all", "-M",
                    f"mailto:{user}@example.org", "-w"], env=env, check=True,
                   capture_output=True, timeout=120)
    port = _free_port()
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(RALPH), "runserver", "-b", "fs", "-h", "127.0.0.1",
                                 "-p", str(port)], env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        _wait(f"http://127.0.0.1:{port}/__heartbeat__", proc, log)
        yield Lrs(f"http://127.0.0.1:{port}/xAPI/", user, password)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def from_ci() -> Lrs | None:
    url = os.environ.get("NTC_TEST_LRS_URL")
    if not url:
        return None
    return Lrs(url, os.environ.get("NTC_TEST_LRS_USER", ""),
               os.environ.get("NTC_TEST_LRS_PASSWORD", ""))
