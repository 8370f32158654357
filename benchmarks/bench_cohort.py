"""`ntc score` of a cohort: time against a bare streaming read, and peak memory by size.

Issue 17 targets (ratios measured in this run, medians of repeated samples):
- csv ≤ 1.5× a bare streaming read of the same files (`json.loads` of every line);
- the default format (a compact summary past 30 logs) ≤ 2× that read;
- peak memory at the large cohort ≤ 1.5× the peak at the small one (flat in the number
  of logs: scoring folds trainee by trainee and writes as it goes).
Every log is re-executed by the engine the first time it is scored (`ntc score` decides
only from re-executed sessions); the verification cache (user data dir) then skips the
replay for the same content. The first, uncached run is reported separately.

Logs are real sessions of six shipped scenarios, one trainee each (`cohortlib`), copied
with new session ids and start times and re-chained, so each file is a distinct session
whose re-execution matches; their worlds are stored by hash in `mondes/`, as `ntc run`
writes them. `bench_scoring.py` measures the issue-17 sizes (2,000 vs 200 logs) and the
older inline-world format too.

    .venv/bin/python benchmarks/bench_cohort.py [--small 50] [--large 500] [--samples 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cohortlib  # noqa: E402  (benchmarks/ on the path first)

CHILD = """
import resource, sys, json, time
kind, out, *args = sys.argv[1:]
start = time.perf_counter()
if kind == "bare":
    from pathlib import Path
    for folder in args:
        for path in sorted(Path(folder).glob("*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    json.loads(line)
else:
    from simulator.cli.main import main
    with open(out, "w", encoding="utf-8") as sink:
        sys.stdout = sink
        main(["score", *args])
        sys.stdout = sys.__stdout__
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}),
      file=sys.stderr)
"""


def make_cohort(folder: Path, count: int, sources: list[Path]) -> None:
    """`count` distinct logs (see `cohortlib`), worlds by hash in `folder/mondes/`."""
    cohortlib.make_cohort(folder, count, sources)


def play_sources(folder: Path, n: int) -> list[Path]:
    return cohortlib.play_sources(folder / "sources", n)


def run(kind: str, args: list[str], env: dict[str, str], tmp: Path) -> tuple[float, int]:
    proc = subprocess.run([sys.executable, "-c", CHILD, kind, str(tmp / "sortie.txt"), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    line = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "{}"
    try:
        data = json.loads(line)
    except ValueError:
        raise SystemExit(f"échec de la mesure {kind} : {proc.stderr[-2000:]}") from None
    return float(data["s"]), int(data["kb"])


def stats(values: list[float]) -> str:
    return (f"min {min(values):.3f}  médiane {statistics.median(values):.3f}  "
            f"max {max(values):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--large", type=int, default=500)
    parser.add_argument("--samples", type=int, default=3)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        env = {**os.environ, "NTC_DATA_DIR": str(tmp / "donnees"), "PYTHONPATH": str(ROOT)}
        env.pop("NTC_LOG_KEY", None)
        env.pop("NTC_LOG_KEY_FILE", None)
        sources = play_sources(tmp, max(1, opts.large // 4))
        peaks: dict[int, int] = {}
        for size in (opts.small, opts.large):
            folder = tmp / f"cohorte-{size}"
            make_cohort(folder, size, sources)
            first, kb_first = run("score", ["--format", "csv", str(folder)], env, tmp)
            bare, csv_t, table_t, kb = [], [], [], []
            for _ in range(opts.samples):
                s, _k = run("bare", [str(folder)], env, tmp)
                bare.append(s)
                s, k = run("score", ["--format", "csv", str(folder)], env, tmp)
                csv_t.append(s)
                kb.append(k)
                s, k = run("score", [str(folder)], env, tmp)
                table_t.append(s)
                kb.append(k)
            peaks[size] = max(kb)
            base = statistics.median(bare)
            print(f"== {size} journaux")
            print(f"lecture brute (json.loads)   {stats(bare)} s")
            print(f"score csv (cache de rejeu)   {stats(csv_t)} s   ratio "
                  f"{statistics.median(csv_t) / base:.2f}×  (cible ≤ 1,5×)")
            print(f"score table (défaut)         {stats(table_t)} s   ratio "
                  f"{statistics.median(table_t) / base:.2f}×  (cible ≤ 2×)")
            print(f"score csv, premier passage (rejeu de chaque séance) {first:.3f} s   "
                  f"ratio {first / base:.2f}×  (sans cible : une fois par contenu)")
            print(f"mémoire maximale             {max(kb) / 1024:.0f} Mo (premier passage "
                  f"{kb_first / 1024:.0f} Mo)")
        ratio = peaks[opts.large] / peaks[opts.small]
        print(f"== mémoire {opts.large} / {opts.small} journaux : {ratio:.2f}×  (cible ≤ 1,5×)")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(durée du banc : {time.perf_counter() - start:.0f} s)")
