"""`ntc score` of a cohort through the CLI entry point, against a bare streaming read.

    .venv/bin/python benchmarks/bench_scoring.py [--logs 2000] [--small 200] [--repeat 3]
        [--sources 500] [--formats by-hash,inline]

The cohort (`benchmarks/cohortlib.py`): `--sources` real sessions of six shipped scenarios
played by the random auto-player, one trainee each, copied to `--logs` distinct sessions
(own id and start time, re-chained: no duplicate, every re-execution matches; four
sessions per trainee by default). Two log formats: `by-hash` (what
`ntc run` writes today: world in `mondes/`, ~20 KB per log) and `inline` (older logs: the
~0.4 MB world inside the header line).

Each measurement is a fresh process calling `simulator.cli.main.main(["score", DIR, ...])`
with its output sent to /dev/null — imports, reading, re-execution or cache look-up,
scoring and rendering included — and reporting its time and peak RSS. The baseline is a
process that reads every line of every log with `json.loads` and keeps nothing.

Also shown, for information: `checks`, a process doing only what trust requires of every
run before any scoring (hash chain of each line, number ranges, each by-hash world file
against its hash: gunzip + SHA-256 of ~0.4 MB), the floor of any `ntc score` here.

Two paths, both reported:
- cache warm: the session result cache (`simulator/trust/scorecache.py`, user data dir)
  already holds these logs' results, keyed by the raw SHA-256 of each log's bytes, its
  sidecar, its world file, the scenario and the code: a warm run hashes each file and reads
  its entry; the centre records, the evaluation register and copies are still checked live.
  This is the path the targets are judged on: an evaluator re-scores a cohort many times
  (after each batch of sessions, after each decision of theirs). Also shown: the
  verification cache alone (`NTC_SCORE_CACHE=0`: no replay, but every log read, checked and
  folded again);
- cache cold: an empty data dir, every session re-executed (once per log content).

Targets (issue 17): csv <= 1.5x and the default format <= 2x the bare read of the same
files; peak RSS of the default format at `--logs` <= 1.5x its peak at `--small`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Samples, peak_rss, report
from cohortlib import make_cohort, play_sources


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
    elif argv[0] == "checks":
        _checks(Path(argv[1]))
    else:
        from simulator.cli.main import main

        with contextlib.suppress(SystemExit):
            main(argv)
    elapsed = time.perf_counter() - start
    sys.stdout.flush()
    os.dup2(saved, 1)
    print(json.dumps({"s": elapsed, "rss": peak_rss()}))


def _checks(folder: Path) -> None:
    """What trust makes every `ntc score` do before scoring, nothing else: the hash chain
    of each line (`open_log`), the range of every number, the world file against its hash
    (by-hash logs). A floor for the figures above, shown for information."""
    from simulator.log import open_log
    from simulator.log.worlds import check_world
    from simulator.trust.ranges import event_problem, header_problem

    for path in sorted(folder.glob("*.jsonl")):
        with open_log(path, None) as stream:
            if stream.header is not None:
                header_problem(stream.header)
            for event in stream:
                event_problem(event)
            sha = stream.result.world_sha256
        if sha:
            check_world(folder, sha)


def measure(args: list[str], data: Path, **extra: str) -> dict[str, float]:
    env = {**os.environ, "NTC_DATA_DIR": str(data)}
    for name in ("NTC_LOG_KEY", "NTC_LOG_KEY_FILE", "NTC_VERIFY_CACHE", "NTC_SCORE_CACHE"):
        env.pop(name, None)
    env.update(extra)
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True, check=True, cwd=ROOT, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_format(kind: str, folder: Path, sources: list[Path], args: argparse.Namespace
                 ) -> None:
    big = make_cohort(folder / f"{kind}-grand", args.logs, sources, inline=kind == "inline")
    small = make_cohort(folder / f"{kind}-petit", args.small, sources,
                        inline=kind == "inline")
    size = sum(p.stat().st_size for p in big.glob("*.jsonl"))
    print(f"\n######## {kind}: {args.logs} distinct logs, {size / 1e6:.1f} MB")
    warm = folder / f"{kind}-donnees"
    measure(["bare", str(big)], warm)                       # page cache warm for everyone
    first = measure(["score", str(big), "--format", "csv"], warm)   # fills the cache
    measure(["score", str(small)], warm)
    print(f"(first scoring of the cohort, every session re-executed: {first['s']:.2f} s)")
    runs: dict[str, list[dict[str, float]]] = {}
    for i in range(args.repeat):
        cold = folder / f"{kind}-froid-{i}"
        for name, argv, data in (
                ("bare", ["bare", str(big)], warm),
                ("checks", ["checks", str(big)], warm),
                ("csv", ["score", str(big), "--format", "csv"], warm),
                ("default", ["score", str(big)], warm),
                ("small", ["score", str(small)], warm),
                ("csv verif", ["score", str(big), "--format", "csv"], warm),
                ("csv cold", ["score", str(big), "--format", "csv"], cold),
                ("default cold", ["score", str(big)], cold / "b")):
            env = {"NTC_SCORE_CACHE": "0"} if name == "csv verif" else {}
            runs.setdefault(name, []).append(measure(argv, data, **env))
        shutil.rmtree(cold, ignore_errors=True)

    def secs(name: str, label: str) -> Samples:
        return Samples(label, [r["s"] for r in runs[name]], "s")

    bare = secs("bare", "bare streaming read (json.loads)")
    print()
    report(f"[{kind}] ntc score {args.logs} logs --format csv, cache warm (target path)",
           secs("csv", "ntc score --format csv"), bare, 1.5)
    report(f"[{kind}] ntc score {args.logs} logs, default format, cache warm (target path)",
           secs("default", "ntc score (default format)"), bare, 2.0)
    report(f"[{kind}] floor: chain + ranges + world hash only, no scoring (information)",
           secs("checks", "checks trust requires, nothing else"), bare, None)
    report(f"[{kind}] ntc score {args.logs} logs --format csv, verification cache only "
           "(NTC_SCORE_CACHE=0, information)",
           secs("csv verif", "ntc score --format csv, results recomputed"), bare, None)
    report(f"[{kind}] ntc score {args.logs} logs --format csv, cache cold (information)",
           secs("csv cold", "ntc score --format csv, re-executed"), bare, None)
    report(f"[{kind}] ntc score {args.logs} logs, default format, cache cold (information)",
           secs("default cold", "ntc score (default), re-executed"), bare, None)
    mb = 1024 * 1024

    def rss(name: str, label: str) -> Samples:
        return Samples(label, [r["rss"] / mb for r in runs[name]], "MiB")

    report(f"[{kind}] peak memory, default format, {args.logs} vs {args.small} logs (warm)",
           rss("default", f"peak RSS at {args.logs} logs"),
           rss("small", f"peak RSS at {args.small} logs"), 1.5)
    print(f"  (peak RSS: bare read {max(r['rss'] for r in runs['bare']) / mb:.0f} MiB; csv "
          f"{max(r['rss'] for r in runs['csv']) / mb:.0f} MiB; csv cold "
          f"{max(r['rss'] for r in runs['csv cold']) / mb:.0f} MiB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logs", type=int, default=2000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--formats", default="by-hash,inline")
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["NTC_DATA_DIR"] = str(folder / "sources-donnees")
        sources = play_sources(folder / "sources", args.sources)
        for kind in args.formats.split(","):
            bench_format(kind.strip(), folder, sources, args)
    print(f"\n(bench duration: {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
