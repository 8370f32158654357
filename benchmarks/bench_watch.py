"""Watch mode: time from a save to the end of the new check (`validate --watch`, target
< 1 s), against a baseline measured in the same run: one `validate` of the same file.

    .venv/bin/python benchmarks/bench_watch.py [--saves 10]

The watcher polls every 0.2 s, so the reaction is the polling delay (0 to 0.2 s) plus one
check; the ratio says how much of it is the check itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.authoring.watch import Watcher
from simulator.scenario import validate
from simulator.scenario.library import scenarios_dir

SOURCE = scenarios_dir() / "prospection-telephonique.yaml"
TARGET_S = 1.0


def _stats(name: str, values: list[float]) -> str:
    return (f"{name}: min {min(values) * 1000:.0f} ms, median "
            f"{statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(scenarios_dir() / "fragments", folder / "fragments")
    path = folder / SOURCE.name
    text = SOURCE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")

    baseline = []
    for _ in range(args.saves):
        start = time.perf_counter()
        validate(path)
        baseline.append(time.perf_counter() - start)

    checked = threading.Event()
    watcher = Watcher([path])

    def on_change(_paths: list[Path]) -> None:
        try:
            validate(path)
        finally:
            checked.set()

    thread = threading.Thread(target=watcher.run, args=(on_change,), daemon=True)
    thread.start()
    reactions = []
    for n in range(args.saves):
        checked.clear()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text.replace('version: "1.0"', f'version: "1.{n + 1}"'),
                       encoding="utf-8")
        start = time.perf_counter()
        os.replace(tmp, path)
        if not checked.wait(5):
            print("no reaction within 5 s")
            return 1
        reactions.append(time.perf_counter() - start)
    watcher.stop()
    thread.join(2)
    shutil.rmtree(folder, ignore_errors=True)
    print(_stats("validate (baseline)", baseline))
    print(_stats("save -> check done", reactions))
    ratio = statistics.median(reactions) / statistics.median(baseline)
    print(f"ratio reaction/validate (median): {ratio:.1f}x; target: reaction < "
          f"{TARGET_S:.0f} s (max {max(reactions):.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
