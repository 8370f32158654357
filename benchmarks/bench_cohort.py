"""`ntc score` of a cohort: time against a bare streaming read, and peak memory by size.

Issue 17 targets (ratios measured in this run, medians of repeated samples):
- csv ≤ 1.5× a bare streaming read of the same files (`json.loads` of every line);
- the default format (a compact summary past 30 logs) ≤ 2× that read;
- peak memory at the large cohort ≤ 1.5× the peak at the small one (flat in the number
  of logs: scoring folds trainee by trainee and writes as it goes).
Every log is re-executed by the engine the first time it is scored (`ntc score` decides
only from re-executed sessions); the verification cache (user data dir) then skips the
replay for the same content. The first, uncached run is reported separately.

Logs are real sessions of `negociation-prix` (world snapshot in each header), copied with
new session ids, start times and trainees and re-chained, so each file is distinct.

    .venv/bin/python benchmarks/bench_cohort.py [--small 50] [--large 500] [--samples 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _rechain(records: list[dict[str, Any]]) -> str:
    prev, out = "0" * 64, []
    for record in records:
        text = _canonical({k: v for k, v in record.items() if k not in ("hash", "mac")})
        prev = hashlib.sha256((prev + text).encode("utf-8")).hexdigest()
        out.append(text[:-1] + f',"hash":"{prev}"}}')
    return "\n".join(out) + "\n"


def make_cohort(folder: Path, count: int, sources: list[Path]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    originals = [[json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
                 for p in sources]
    for i in range(count):
        records = [dict(r) for r in originals[i % len(originals)]]
        records[0] = {**records[0], "session_id": f"bench-{i:05d}",
                      "trainee": f"Stagiaire {i // 4:04d}",
                      "started_at": f"2026-11-{1 + i % 28:02d}T{8 + i % 10:02d}:00:00+00:00"}
        (folder / f"j{i:05d}.jsonl").write_text(_rechain(records), encoding="utf-8")


def play_sources(folder: Path, n: int) -> list[Path]:
    from simulator.engine import Session
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step
    from simulator.scenario import load_scenario

    scenario = load_scenario("negociation-prix")
    out = []
    for seed in range(1, n + 1):
        path = folder / f"source-{seed}.jsonl"
        session = Session.open(scenario, path, seed=seed, trainee="Source")
        rng = rng_for(seed, "bench-cohort")
        for _ in range(300):
            step = random_step(session, rng)
            if step is None:
                break
            apply_step(session, step)
        session.close()
        out.append(path)
    return out


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
        sources = play_sources(tmp, 4)
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
