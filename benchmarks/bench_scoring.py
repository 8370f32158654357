"""`ntc score` of a cohort through the CLI entry point, against a bare streaming read.

    .venv/bin/python benchmarks/bench_scoring.py [--logs 2000] [--small 200] [--repeat 3]

The cohort is real: shipped scenarios played by the random auto-player (`ntc run --random`)
with generated worlds (stored by hash in `mondes/`, as `ntc run` writes them), 24 distinct
sessions of 12 trainees copied to `--logs` files. Each measurement runs in a fresh process
that calls `simulator.cli.main.main(["score", DIR, ...])` with its output sent to /dev/null
— whatever `ntc score` is at the time, rendering included — and reports its time and peak
RSS. The baseline process reads every line of every log (json.loads) and keeps nothing.

Targets: csv <= 1.5x and the default format <= 2x the bare streaming read of the same
files; peak memory of the default format at `--logs` <= 1.5x its peak at `--small`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Samples, peak_rss, report

SCENARIOS = ("prospection-telephonique", "negociation-prix", "decouverte-solution",
             "fidelisation", "bilan-activite", "fichier-fiable")
DISTINCT = 24


def child(argv: list[str]) -> None:
    """Run in the measured process: `score DIR [options]` or `bare DIR`."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(1)
    os.dup2(devnull, 1)
    start = time.perf_counter()
    if argv[0] == "bare":
        for path in sorted(Path(argv[1]).glob("*.jsonl")):
            with path.open("rb") as stream:
                for line in stream:
                    json.loads(line)
    else:
        from simulator.cli.main import main

        with contextlib.suppress(SystemExit):
            main(argv)
    elapsed = time.perf_counter() - start
    sys.stdout.flush()
    os.dup2(saved, 1)
    peak = peak_rss()
    print(json.dumps({"s": elapsed, "rss": peak}))


def measure(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def make_cohort(folder: Path, count: int) -> None:
    from simulator.cli.main import main

    source = folder / "sources"
    source.mkdir()
    for i in range(DISTINCT):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        with contextlib.redirect_stdout(io.StringIO()):
            main(["run", scenario, "--random", "--seed", str(i % 4 + 1), "--trainee",
                  f"Stagiaire {i % 12:02d}", "--log", str(source / f"s{i:02d}.jsonl")])
    logs = sorted(source.glob("*.jsonl"))
    for target in (folder / "grand", folder / "petit"):
        target.mkdir()
        if (source / "mondes").is_dir():
            shutil.copytree(source / "mondes", target / "mondes")
    for n in range(count):
        shutil.copyfile(logs[n % len(logs)], folder / "grand" / f"log-{n:05d}.jsonl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logs", type=int, default=2000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        make_cohort(folder, args.logs)
        big, small = folder / "grand", folder / "petit"
        for n, path in enumerate(sorted(big.glob("*.jsonl"))[: args.small]):
            shutil.copyfile(path, small / f"log-{n:05d}.jsonl")
        size = sum(p.stat().st_size for p in big.glob("*.jsonl"))
        print(f"cohort: {args.logs} logs ({size / 1e6:.1f} MB, worlds in mondes/), written "
              f"in {time.perf_counter() - started:.1f} s")
        measure(["bare", str(big)])                          # page cache warm for everyone
        runs: dict[str, list[dict[str, float]]] = {k: [] for k in
                                                   ("bare", "csv", "default", "small")}
        for _ in range(args.repeat):
            runs["bare"].append(measure(["bare", str(big)]))
            runs["csv"].append(measure(["score", str(big), "--format", "csv"]))
            runs["default"].append(measure(["score", str(big)]))
            runs["small"].append(measure(["score", str(small)]))
    bare = Samples("bare streaming read (json.loads)", [r["s"] for r in runs["bare"]], "s")
    report(f"ntc score {args.logs} logs --format csv",
           Samples("ntc score --format csv", [r["s"] for r in runs["csv"]], "s"), bare, 1.5)
    report(f"ntc score {args.logs} logs (default format)",
           Samples("ntc score (default format)", [r["s"] for r in runs["default"]], "s"),
           bare, 2.0)
    mb = 1024 * 1024
    report(f"peak memory of ntc score (default format), {args.logs} vs {args.small} logs",
           Samples(f"peak RSS at {args.logs} logs", [r["rss"] / mb for r in runs["default"]],
                   "MiB"),
           Samples(f"peak RSS at {args.small} logs", [r["rss"] / mb for r in runs["small"]],
                   "MiB"), 1.5)
    print(f"  (bare read peak RSS: {max(r['rss'] for r in runs['bare']) / mb:.0f} MiB; "
          f"csv peak: {max(r['rss'] for r in runs['csv']) / mb:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
