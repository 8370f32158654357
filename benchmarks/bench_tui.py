"""Speed of the Textual app, as ratios against baselines measured in the same run.

1. Start-up until the catalogue is shown: process start -> the home screen's scenario tree
   filled with the shipped scenarios and painted, vs a bare Textual app (Header, one Static
   line, Footer) painted. Each runs headless in a fresh subprocess that prints a marker once
   its screen has refreshed, then exits. Target <= 1.6x with the summary cache warm (every
   start after the first); the first start (cache cold: every scenario loaded and checked)
   is shown too.
2. Keypress latency: pressing a reply -> the next client line laid out in the transcript
   (engine call, log write with fsync, redraw) vs the same press in a bare app that appends
   two lines and writes + fsyncs one line. Target <= 1.3x.

Run: .venv/bin/python benchmarks/bench_tui.py [--runs 7] [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import ROOT, Samples, report

LOOP = ROOT / "benchmarks" / "data" / "boucle.yaml"
MARKER = "NTC-READY"
RUNS = 7
PRESSES = 200
PRESS_TIMEOUT_S = 10.0

BARE_APP = f"""
import sys
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Static("Une ligne.")
        yield Footer()

    def on_ready(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("{MARKER}", file=sys.__stdout__, flush=True)
        self.exit()

Bare().run(headless=True)
"""

NTC_APP = f"""
import sys
import simulator.cli.main  # the real entry point's imports
from simulator.tui.app import NtcApp
from simulator.tui.options import AppOptions
from simulator.tui.screens import home
from simulator.tui.storage import data_dir

fill = home.HomeScreen._fill_tree

def filled(self):
    fill(self)
    if self.catalogue.entries:
        def done():
            print("{MARKER}", file=sys.__stdout__, flush=True)
            self.app.exit()
        self.call_after_refresh(done)

home.HomeScreen._fill_tree = filled
NtcApp(AppOptions(data_dir=data_dir(), trainee="Mesure")).run(headless=True)
"""


HOME_APP = """
import simulator.cli.main  # the real entry point's imports
from simulator.tui.app import NtcApp
from simulator.tui.options import AppOptions
from simulator.tui.storage import data_dir

NtcApp(AppOptions(data_dir=data_dir(), exit_when_ready=True)).run(headless=True)
"""


def time_to_marker(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if MARKER in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"no ready marker: {proc.stderr.read() if proc.stderr else ''}")
    proc.wait(timeout=30)
    return elapsed


def startup(tmp: Path, runs: int) -> None:
    env = dict(os.environ, NTC_DATA_DIR=str(tmp / "donnees"))
    bare, warm, cold, home = [], [], [], []
    time_to_marker(BARE_APP, env)  # warm the file cache
    time_to_marker(NTC_APP, env)   # and the summary cache
    for i in range(runs):
        bare.append(time_to_marker(BARE_APP, env))
        warm.append(time_to_marker(NTC_APP, env))
        cold.append(time_to_marker(NTC_APP, dict(env, NTC_DATA_DIR=str(tmp / f"froid-{i}"))))
        home.append(time_to_marker(HOME_APP, env))
    base = Samples("bare app painted", bare, "s")
    report("1. Start-up until the catalogue is shown", Samples(
        "catalogue shown (summary cache warm)", warm, "s"), base, 1.6)
    report("   first start ever (summary cache cold, for information)", Samples(
        "catalogue shown (cache cold)", cold, "s"), base, None)
    report("   home screen painted, catalogue still loading (for information)", Samples(
        "home screen first frame", home, "s"), base, None)


async def press_and_wait(app: Any, done: Callable[[], bool]) -> float:
    """Send key `1` as the terminal driver would; time until `done()` holds and the new
    line has been laid out by the compositor (it has a screen region)."""
    from textual import events

    key = events.Key("1", "1")
    key.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(key)
    while not done():
        if time.perf_counter() - start > PRESS_TIMEOUT_S:
            raise SystemExit(f"no new line {PRESS_TIMEOUT_S:g} s after a keypress: did the "
                             "measured session end or change its choices?")
        await asyncio.sleep(0.0005)
    return time.perf_counter() - start


async def ntc_latency(tmp: Path, presses: int) -> list[float]:
    from simulator.tui.app import NtcApp
    from simulator.tui.clock import SystemClock
    from simulator.tui.options import AppOptions, PlayRequest
    from simulator.tui.screens.session import SessionScreen
    from simulator.tui.widgets.transcript import Transcript, TranscriptLine

    app = NtcApp(AppOptions(data_dir=tmp / "latence", clock=SystemClock(), cursor_blink=False,
                            play=PlayRequest(str(LOOP), trainee="Mesure")))
    samples: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        transcript = screen.query_one(Transcript)
        for _ in range(presses):
            before = transcript.count          # lines added (the oldest leave the screen)

            # Polled every 0.5 ms in the app's own loop: as cheap as the bare app's check
            # (a DOM query here would cost the app more than the work being measured).
            def done(before: int = before) -> bool:
                lines = transcript.children
                return (transcript.count >= before + 2 and isinstance(lines[-1], TranscriptLine)
                        and bool(lines[-1].region))

            samples.append(await press_and_wait(app, done))
    return samples


async def bare_latency(tmp: Path, presses: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        BINDINGS = [("1", "add", "ajouter")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield Header()
            yield VerticalScroll(id="lignes")
            yield Footer()

        def action_add(self) -> None:
            os.write(fd, b'{"seq":1,"type":"choice_made","data":{}}\n')
            os.fsync(fd)          # the one fsync a logged input cannot avoid
            box = self.query_one("#lignes", VerticalScroll)
            box.mount(Static("Vous : encore une question."))
            box.mount(Static("Client : réplique suivante."))
            box.scroll_end(animate=False)

    fd = os.open(tmp / "nue.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    samples: list[float] = []
    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.query_one("#lignes", VerticalScroll)
        for _ in range(presses):
            before = len(box.children)

            def done(before: int = before) -> bool:
                return len(box.children) >= before + 2 and bool(box.children[-1].region)

            samples.append(await press_and_wait(app, done))
    os.close(fd)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--presses", type=int, default=PRESSES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        startup(tmp, args.runs)
        base = asyncio.run(bare_latency(tmp, args.presses))
        ours = asyncio.run(ntc_latency(tmp, args.presses))
        report("\n2. Keypress -> next client line", Samples("NTC session screen", ours),
               Samples("bare app + one fsync", base), 1.3)


if __name__ == "__main__":
    main()
