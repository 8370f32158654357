"""The warm zygote of `ntc serve` and its launcher: one forked app per launcher, on the
launcher's own stdio, its exit status passed back; bad requests are ignored; no zygote ->
the launcher runs the app itself."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.tui.web.server import LAUNCHER, web_driver_environment
from simulator.tui.web.zygote import READY

PRELUDE = b"__GANGLION__\n"   # first line of Textual's web driver
LOGIN = "Qui êtes-vous".encode()


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


QUIT = packet(b"M", json.dumps({"type": "quit"}).encode())


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    values = dict(os.environ, NTC_DATA_DIR=str(tmp_path / "donnees"),
                  COLUMNS="100", ROWS="30", **web_driver_environment())
    values.pop("NTC_SERVE_ZYGOTE", None)
    return values


@pytest.fixture
def zygote(tmp_path: Path, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    path = str(tmp_path / "z.sock")
    proc = subprocess.Popen([sys.executable, "-m", "simulator.tui.web.zygote", path],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:                    # bounded by the zygote's own end
        if line.strip() == READY.encode():
            break
        assert time.monotonic() < deadline
    else:
        pytest.fail("le zygote n'a pas démarré")
    try:
        yield path, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def run_tab(env: dict[str, str], parent: int | None = None) -> tuple[int, bytes]:
    """Start a launcher as textual-serve does, wait for the login screen, quit the app."""
    tab = subprocess.Popen([sys.executable, "-I", "-S", str(LAUNCHER)], env=env,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    assert tab.stdin is not None and tab.stdout is not None
    fd = tab.stdout.fileno()
    output = b""
    deadline = time.monotonic() + 90
    while LOGIN not in output:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            tab.kill()
            pytest.fail(f"pas d'écran de connexion : {output[-300:]!r}")
        output += chunk
    if parent is not None:                      # the app is a fork of the zygote
        assert children(parent)
    tab.stdin.write(QUIT)
    tab.stdin.flush()
    output += tab.stdout.read()                 # EOF once the app (not the launcher) ends
    return tab.wait(timeout=60), output


def test_launcher_gets_a_forked_app_and_its_status(zygote: tuple[str, int],
                                                   env: dict[str, str]) -> None:
    env["NTC_SERVE_ZYGOTE"], pid = zygote
    code, output = run_tab(env, parent=pid)
    assert output.startswith(PRELUDE)
    assert code == 0


def test_zygote_ignores_a_bad_request_and_keeps_serving(zygote: tuple[str, int],
                                                        env: dict[str, str]) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bad:
        bad.connect(zygote[0])
        bad.sendall(b"n'importe quoi")
        bad.settimeout(30)
        assert bad.recv(16) == b""              # refused: connection closed, no fork
    assert children(zygote[1]) == []
    env["NTC_SERVE_ZYGOTE"] = zygote[0]
    code, output = run_tab(env, parent=zygote[1])
    assert output.startswith(PRELUDE) and code == 0


def test_launcher_without_zygote_runs_the_app_itself(env: dict[str, str],
                                                     tmp_path: Path) -> None:
    env["NTC_SERVE_ZYGOTE"] = str(tmp_path / "absent.sock")
    code, output = run_tab(env)
    assert output.startswith(PRELUDE) and code == 0
