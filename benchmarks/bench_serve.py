"""A classroom arriving at once on `ntc serve`: time to first frame and memory per session.

Starts a real `ntc serve --port 0` (temporary NTC_DATA_DIR), then opens websocket clients on
/ws exactly as the page's script does (textual-serve starts one app subprocess per socket):
- baseline: one session alone, RUNS times (median);
- load: SESSIONS sessions opened together.
For each session: time to the first bytes of the app (when the page shows the terminal) and
to the first complete frame (the login screen's text received), and the memory of its app
subprocess (RSS, and PSS which shares the libraries fairly), read from /proc once every
session has logged in and shows the home screen with its catalogue loaded.

Tabs are forked by the server's warm zygote (simulator/tui/web/zygote.py); the benchmark
waits until it is ready, as a classroom arriving a minute after the trainer would.

Target (issue 14): 25 trainees on this 2-core, 24 GiB machine, first frame ≤ 10 s each when
they all arrive together. Start-up CPU is the limit, so the figures depend on what else
runs on the machine: the load average is printed with them.

Run: .venv/bin/python benchmarks/bench_serve.py [--sessions N]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 25
RUNS = 3
TARGET_S = 10.0
TIMEOUT_S = 180.0
PHRASE = "Qui êtes-vous"
HOME_PHRASE = "Prospection téléphonique"   # a scenario of the home catalogue
OVERLAP = 4096        # bytes kept from earlier messages when looking for a phrase
ANSI = re.compile(r"\x1b\[[0-9;?<>=!]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                  r"|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMc]")


@dataclass
class Timing:
    first_bytes: float     # the page shows the terminal
    first_frame: float     # the login screen is complete
    home: float            # after typing a name: home screen with the catalogue loaded


def trainee_name(number: int) -> str:
    """Distinct names far from each other (close names make the login ask to confirm)."""
    return "Poste " + hashlib.sha1(str(number).encode()).hexdigest()[:12]


def _text(data: bytes) -> str:
    return ANSI.sub("", data.decode("utf-8", "replace")).replace("\u202f", " ")


async def open_session(url: str, number: int, hold: asyncio.Event,
                       ready: asyncio.Event) -> Timing:
    """One browser tab: connect, wait for the login screen, log in, wait for the home
    screen's catalogue, then keep the socket open until `hold`."""
    import aiohttp

    window = b""          # the end of the output so far: a phrase may span two messages
    total = 0
    first_bytes = first_frame = 0.0
    start = time.perf_counter()
    async with aiohttp.ClientSession() as client, client.ws_connect(
            url + "/ws?width=100&height=30", heartbeat=None) as ws:
        while True:
            message = await ws.receive()
            if message.type != aiohttp.WSMsgType.BINARY:
                raise SystemExit(f"session {number} fermée trop tôt : {message}")
            total += len(message.data)
            window = window[-OVERLAP:] + message.data
            if not first_bytes and total > 10:
                first_bytes = time.perf_counter() - start
            if not first_frame and PHRASE in _text(window):
                first_frame = time.perf_counter() - start
                window = b""
                await ws.send_str(json.dumps(["stdin", trainee_name(number) + "\r"]))
            elif first_frame and HOME_PHRASE in _text(window):
                break
        timing = Timing(first_bytes, first_frame, time.perf_counter() - start)
        ready.set()
        await hold.wait()
        await ws.send_str(json.dumps(["stdin", "\x11"]))     # Ctrl+Q: the app quits
        await ws.close()
    return timing


def _processes() -> dict[int, tuple[int, bytes]]:
    """pid -> (parent pid, command line) of every process."""
    out: dict[int, tuple[int, bytes]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        out[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmd)
    return out


def served_processes(server_pid: int) -> tuple[list[int], list[int]]:
    """(the zygote, the tabs' apps) under the server: apps are the zygote's forks, or fresh
    `python -m simulator.tui.web` interpreters when the zygote was not ready."""
    table = _processes()
    below: list[int] = []
    todo = [server_pid]
    while todo:
        parent = todo.pop()
        kids = [pid for pid, (ppid, _cmd) in table.items() if ppid == parent]
        below += kids
        todo += kids
    zygotes, apps = [], []
    for pid in below:
        ppid, cmd = table[pid]
        argv0 = cmd.split(b"\0")[0]
        if b"simulator.tui.web" not in cmd or b"python" not in argv0:
            continue
        if b"zygote" in cmd and ppid == server_pid:
            zygotes.append(pid)
        else:
            apps.append(pid)
    return zygotes, apps


def app_processes(server_pid: int) -> list[int]:
    return served_processes(server_pid)[1]


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB."""
    rss = pss = 0.0
    for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) / 1024
    return rss, pss


async def _wait_apps_gone(server_pid: int) -> None:
    async with asyncio.timeout(60):
        while app_processes(server_pid):
            await asyncio.sleep(0.1)


async def measured(url: str, server_pid: int, count: int,
                   ) -> tuple[list[Timing], list[tuple[float, float]]]:
    """Open `count` sessions together; memory is read when all show their home screen."""
    hold = asyncio.Event()
    shown_events = [asyncio.Event() for _ in range(count)]
    tasks = [asyncio.create_task(open_session(url, n, hold, e))
             for n, e in enumerate(shown_events, 1)]
    try:
        async with asyncio.timeout(TIMEOUT_S):
            waiters = [asyncio.create_task(e.wait()) for e in shown_events]
            pending = set(waiters) | set(tasks)
            while not all(e.is_set() for e in shown_events):
                done, pending = await asyncio.wait(pending,
                                                   return_when=asyncio.FIRST_COMPLETED)
                for t in done:
                    if t in tasks:
                        t.result()               # a session that failed ends the run
        await asyncio.sleep(0)
        memory = [memory_mib(pid) for pid in app_processes(server_pid)]
    finally:
        hold.set()
    timings = await asyncio.gather(*tasks)
    await _wait_apps_gone(server_pid)
    return list(timings), memory


def start_server(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, NTC_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, cwd=ROOT, start_new_session=True)
    assert proc.stdout is not None
    url = None
    for line in proc.stdout:       # the address, then the zygote's « Préchargement prêt »
        found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if found:
            url = found.group(1).replace("http:", "ws:")
        if url and "Préchargement prêt" in line:
            return proc, url
    raise SystemExit("ntc serve n'a pas démarré")


def stats(values: list[float]) -> str:
    return (f"min {min(values):.2f} s · médiane {statistics.median(values):.2f} s · "
            f"max {max(values):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    count = parser.parse_args().sessions
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as name:
        proc, url = start_server(Path(name) / "donnees")
        try:
            alone: list[Timing] = []
            alone_mem: list[tuple[float, float]] = []
            for _ in range(RUNS):
                timings, memory = asyncio.run(measured(url, proc.pid, 1))
                alone += timings
                alone_mem += memory
            crowd, crowd_mem = asyncio.run(measured(url, proc.pid, count))
            zygote_mem = [memory_mib(pid) for pid in served_processes(proc.pid)[0]]
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    total_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    base_frame = statistics.median(t.first_frame for t in alone)
    crowd_frames = [t.first_frame for t in crowd]
    print(f"charge de la machine au départ (1, 5, 15 min) : {load[0]:.1f} {load[1]:.1f} "
          f"{load[2]:.1f} sur {os.cpu_count()} cœurs — chiffres mesurés sous cette charge")
    print(f"seule (référence, {RUNS} essais) : premiers octets "
          f"{stats([t.first_bytes for t in alone])} ; première image "
          f"{stats([t.first_frame for t in alone])}")
    print(f"{count} ensemble : premiers octets {stats([t.first_bytes for t in crowd])}")
    print(f"{count} ensemble : première image (écran de connexion) {stats(crowd_frames)} ; "
          f"ratio médiane / seule {statistics.median(crowd_frames) / base_frame:.1f} ; "
          f"cible ≤ {TARGET_S:.0f} s chacune : "
          f"{'atteinte' if max(crowd_frames) <= TARGET_S else 'NON atteinte'}")
    rss = [m[0] for m in crowd_mem]
    pss = [m[1] for m in crowd_mem]
    base_rss = statistics.median(m[0] for m in alone_mem)
    homes = [t.home for t in crowd]
    print(f"{count} ensemble : connexion puis accueil avec le catalogue {stats(homes)}")
    shared = sum(m[1] for m in zygote_mem)
    print(f"mémoire par session seule (à l'accueil) : RSS {base_rss:.0f} Mio")
    print(f"mémoire par session ({len(crowd_mem)} applications) : RSS médiane "
          f"{statistics.median(rss):.0f} Mio (min {min(rss):.0f}, max {max(rss):.0f}), "
          f"PSS médiane {statistics.median(pss):.0f} Mio (pages du préchargement "
          f"partagées) ; zygote PSS {shared:.0f} Mio")
    total = sum(pss) + shared
    print(f"mémoire totale ({count} sessions + zygote, PSS) : {total:.0f} Mio, soit "
          f"{100 * total / total_mib:.1f} % des {total_mib / 1024:.0f} Gio de la machine "
          f"(somme des RSS : {sum(rss):.0f} Mio)")


if __name__ == "__main__":
    main()
