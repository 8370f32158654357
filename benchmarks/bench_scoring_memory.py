"""Memory of `ntc score`: per log flat in its event count, per cohort flat in its size.

    .venv/bin/python benchmarks/bench_scoring_memory.py [--events 5000] [--small 200]
        [--large 2000] [--repeat 3] [--parts log,cohort]

What is measured (peak traced Python memory, tracemalloc, in KiB; min/median/max):
1. One log of N and 10N events, scored as `ntc score` does (the audit's first pass feeds
   the streaming analysers, `scoring.fold.SessionFold`; nothing of the events is kept),
   verification cache off (every log re-executed: the heavier, first-scoring path) and on.
   Two looping scenarios: `boucle-neutre` (no act, no evidence: only the events grow) and
   `boucle` (every other reply carries authored evidence and a question: the evidence
   itself — what the grid prints — grows with the session, the events do not).
   For contrast, the eager way (`audit_log(keep_events=True)` then `score_session` on the
   list: what `ntc score` did before) on the same logs.
   Targets: streamed 10N / N <= 1.5 on `boucle-neutre`; streamed / eager at 10N <= 0.2.
2. A cohort of `--small` and `--large` distinct logs (`cohortlib`: `--large / 4` real
   sessions of six shipped scenarios, one trainee each, copied with new session ids and
   start times and re-chained; worlds by hash in `mondes/`), scored trainee by trainee with
   the CSV written to a sink as it is produced (`scoring.render.stream.write_report`),
   cache warm. What may grow with the cohort: the list of files and, per session, its id
   and fingerprint (to count a session once), about 0.3 KB per log.
   Target: peak at --large <= 1.5x the peak at --small.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from benchlib import ROOT, Samples, report

from simulator.engine import Session
from simulator.scenario import load_scenario

DATA = ROOT / "benchmarks" / "data"


def loop_log(path: Path, events: int, scenario: Path) -> Path:
    """A finished session of about `events` events of a looping scenario (few fsyncs)."""
    session = Session.open(load_scenario(scenario), path, seed=1, trainee="Mesure")
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


def traced(fn: Callable[[], object]) -> float:
    """Peak traced memory (KiB) of one call."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def streamed(path: Path, cache: bool) -> Callable[[], object]:
    """`ntc score` of one log (its trainee's result, rendered nowhere)."""
    from scoring.cohort import Cohort
    from simulator.trust.bridge import make_auditor
    from simulator.trust.cache import VerificationCache

    def run() -> object:
        cohort = Cohort([path], "TP-00338", auditor=make_auditor(
            VerificationCache(enabled=cache)))
        found = list(cohort.trainees())
        if cohort.sessions_scored != 1:
            raise SystemExit(f"{path}: {[p.message for p in cohort.problems]}")
        return found
    return run


def eager(path: Path) -> Callable[[], object]:
    """Before: every event kept by the audit, then scored from the list."""
    from scoring.referential import load_referential
    from scoring.scorer import score_session
    from simulator.trust.audit import audit_log
    from simulator.trust.cache import VerificationCache

    def run() -> object:
        audit = audit_log(path, None, cache=VerificationCache(enabled=False))
        assert audit.header is not None and audit.refused is None, audit.message()
        return score_session(audit.header, audit.events, audit.scenario,
                             load_referential("TP-00338"))
    return run


def cohort_run(folder: Path) -> Callable[[], object]:
    from scoring.cohort import Cohort
    from scoring.render.stream import write_report
    from simulator.trust.bridge import make_auditor

    def run() -> object:
        cohort = Cohort([folder], "TP-00338", auditor=make_auditor())
        sink = _Sink()
        write_report(cohort, "csv", sink)
        return sink.size
    return run


class _Sink(io.TextIOBase):
    """A text stream that counts what is written and keeps nothing."""

    size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def sample(fn: Callable[[], object], repeat: int, label: str) -> Samples:
    fn()                                      # imports, scenario, world and replay caches
    return Samples(label, [traced(fn) for _ in range(repeat)], unit="KiB")


def per_log(folder: Path, events: int, repeat: int) -> None:
    for name in ("boucle-neutre", "boucle"):
        small = loop_log(folder / f"{name}-n.jsonl", events, DATA / f"{name}.yaml")
        large = loop_log(folder / f"{name}-10n.jsonl", 10 * events, DATA / f"{name}.yaml")
        print(f"\n== {name}: {small.stat().st_size / 1e6:.1f} MB (N = {events} events), "
              f"{large.stat().st_size / 1e6:.1f} MB (10N)")
        for cache, what in ((False, "cache off: re-executed"), (True, "cache warm")):
            big = sample(streamed(large, cache), repeat, f"streamed, 10N events ({what})")
            little = sample(streamed(small, cache), repeat, f"streamed, N events ({what})")
            report(f"ntc score of one log, 10N vs N events, {what}", big, little,
                   1.5 if name == "boucle-neutre" else None)
        kept = sample(eager(large), repeat, "eager (events kept), 10N events")
        report("streamed (cache off) vs eager, 10N events",
               sample(streamed(large, False), repeat, "streamed, 10N events"), kept, 0.2)


def per_cohort(folder: Path, small: int, large: int, repeat: int) -> None:
    from cohortlib import make_cohort, play_sources

    sources = play_sources(folder / "sources", max(1, large // 4))
    peaks: dict[int, Samples] = {}
    for size in (small, large):
        target = make_cohort(folder / f"cohorte-{size}", size, sources)
        peaks[size] = sample(cohort_run(target), repeat, f"peak at {size} logs")
    report(f"\n== ntc score --format csv, {large} vs {small} distinct logs (cache warm)",
           peaks[large], peaks[small], 1.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", default="log,cohort", help="log, cohort or both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["NTC_DATA_DIR"] = str(folder / "donnees")
        if "log" in args.parts:
            per_log(folder, args.events, args.repeat)
        if "cohort" in args.parts:
            per_cohort(folder, args.small, args.large, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
