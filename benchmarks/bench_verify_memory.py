"""Memory of `ntc replay --verify`: streamed (`audit_log(keep_events=False)`, what the
command runs) against the same audit keeping every event (the eager read `score` needs),
measured in the same run on logs of N and 4N events of the looping scenario.

    .venv/bin/python benchmarks/bench_verify_memory.py [--events 12500] [--repeat 3]

Peak traced Python memory (tracemalloc) per audit, in KiB. Targets: streamed 4N / N <= 1.5
(flat in the event count); streamed / eager at 4N <= 0.1. Time per audit is shown too.
The verification cache is disabled so that every audit re-executes the session.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchlib import ROOT, Samples, report

from simulator.engine import Session
from simulator.scenario import load_scenario
from simulator.trust.audit import audit_log

LOOP = ROOT / "benchmarks" / "data" / "boucle.yaml"


def loop_log(path: Path, events: int) -> Path:
    """A finished session of about `events` events, written in batches (few fsyncs)."""
    session = Session.open(load_scenario(LOOP), path, seed=1, trainee="Mesure")
    writer = session._log
    assert writer is not None
    choice = "vers_pong"
    while writer.next_seq <= events:
        with writer.batch():
            for _ in range(200):
                session.choose(choice)
                choice = "vers_ping" if choice == "vers_pong" else "vers_pong"
    session.choose("sortir" if choice == "vers_pong" else "sortir2")
    session.close()
    return path


def measure(path: Path, keep: bool) -> tuple[float, float]:
    """(peak KiB, seconds) of one audit."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        audit = audit_log(path, None, keep_events=keep)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()
    if not audit.verified:
        raise SystemExit(f"{path}: {audit.message()}")
    return peak, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=12_500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["NTC_VERIFY_CACHE"] = "0"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        small = loop_log(folder / "n.jsonl", args.events)
        large = loop_log(folder / "4n.jsonl", 4 * args.events)
        print(f"logs: {small.stat().st_size / 1e6:.1f} MB (N = {args.events} events), "
              f"{large.stat().st_size / 1e6:.1f} MB (4N)")
        measure(small, False)                 # imports and caches warmed up
        runs: dict[tuple[str, bool], list[tuple[float, float]]] = {}
        for _ in range(args.repeat):          # alternated, same machine conditions
            for which, path in (("N", small), ("4N", large)):
                for keep in (False, True):
                    runs.setdefault((which, keep), []).append(measure(path, keep))

        def peaks(which: str, keep: bool, label: str) -> Samples:
            return Samples(label, [p for p, _ in runs[(which, keep)]], unit="KiB")

        def times(which: str, keep: bool, label: str) -> Samples:
            return Samples(label, [t for _, t in runs[(which, keep)]])

        print("\n1. Streamed verification, 4N events vs N events (peak memory)")
        report("", peaks("4N", False, "streamed, 4N events"),
               peaks("N", False, "streamed, N events"), 1.5)
        print("\n2. Streamed vs eager at 4N events (peak memory)")
        report("", peaks("4N", False, "streamed (replay --verify)"),
               peaks("4N", True, "eager (all events kept)"), 0.1)
        print("\n   eager growth, for information")
        report("", peaks("4N", True, "eager, 4N events"), peaks("N", True, "eager, N events"),
               None)
        print("\n3. Time at 4N events (information: streaming reads the file twice)")
        report("", times("4N", False, "streamed"), times("4N", True, "eager"), None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
