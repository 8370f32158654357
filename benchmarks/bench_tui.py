"""Speed of the Textual app, as ratios against baselines measured in the same run.

1. Start-up: process start -> first drawn frame of the home screen, vs a bare Textual app
   (Header, one Static line, Footer). Each runs headless in a fresh subprocess that prints a
   marker once its screen has refreshed, then exits. Target: ratio <= 1.5.
2. Keypress latency: pressing a reply -> the next client line in the transcript, median over
   200 presses (engine call, log write with fsync, redraw), vs the same press in a bare app
   that only appends a line.

Run: .venv/bin/python benchmarks/bench_tui.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOOP = ROOT / "benchmarks" / "data" / "boucle.yaml"
MARKER = "NTC-READY"
RUNS = 7
PRESSES = 200

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

NTC_APP = """
from collections.abc import Callable
from pathlib import Path
from typing import Any
import simulator.cli.main  # the real entry point's imports
from simulator.tui.app import NtcApp
from simulator.tui.options import AppOptions
from simulator.tui.storage import data_dir

NtcApp(AppOptions(data_dir=data_dir(), trainee="Mesure",
                  exit_when_ready=True)).run(headless=True)
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


def startup(tmp: Path) -> tuple[float, float]:
    env = dict(os.environ, NTC_DATA_DIR=str(tmp / "donnees"))
    bare, ntc = [], []
    time_to_marker(BARE_APP, env)  # warm the file cache
    for _ in range(RUNS):
        bare.append(time_to_marker(BARE_APP, env))
        ntc.append(time_to_marker(NTC_APP, env))
    return statistics.median(bare), statistics.median(ntc)


async def press_and_wait(app: Any, done: Callable[[], bool]) -> float:
    """Send key `1` as the terminal driver would; time until `done()` holds and the new
    line has been laid out by the compositor (it has a screen region)."""
    from textual import events

    key = events.Key("1", "1")
    key.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(key)
    while not done():
        await asyncio.sleep(0.0005)
    return time.perf_counter() - start


async def ntc_latency(tmp: Path) -> float:
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
        for _ in range(PRESSES):
            before = transcript.count

            def done(before: int = before) -> bool:
                lines = list(transcript.query(TranscriptLine))
                return len(lines) >= before + 2 and bool(lines[-1].region)

            samples.append(await press_and_wait(app, done))
    return statistics.median(samples)


async def bare_latency() -> float:
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
            box = self.query_one("#lignes", VerticalScroll)
            box.mount(Static("Vous : encore une question."))
            box.mount(Static("Client : réplique suivante."))
            box.scroll_end(animate=False)

    samples: list[float] = []
    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.query_one("#lignes", VerticalScroll)
        for _ in range(PRESSES):
            before = len(box.children)

            def done(before: int = before) -> bool:
                return len(box.children) >= before + 2 and bool(box.children[-1].region)

            samples.append(await press_and_wait(app, done))
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        bare, ntc = startup(tmp)
        print(f"démarrage : application nue {bare * 1000:.0f} ms, accueil NTC "
              f"{ntc * 1000:.0f} ms, ratio {ntc / bare:.2f} (cible ≤ 1,5)")
        base = asyncio.run(bare_latency())
        ours = asyncio.run(ntc_latency(tmp))
        print(f"touche -> réplique suivante (médiane sur {PRESSES}) : application nue "
              f"{base * 1000:.1f} ms, entretien NTC {ours * 1000:.1f} ms, "
              f"ratio {ours / base:.2f}")


if __name__ == "__main__":
    main()
