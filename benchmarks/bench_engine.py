"""Engine speed: `replay --verify` of real logs and one logged step, against baselines
measured in the same run.

    .venv/bin/python benchmarks/bench_engine.py [--repeat 9] [--steps 300]

1. Verify: `verify_log(path)` exactly as `ntc replay --verify` runs it — the real header
   (a generated 120-company world, loaded from `mondes/` or inline), the scenario found
   and loaded from the header, the chain checked, the session re-executed — on sessions of
   shipped scenarios played by the random auto-player, vs json.loads + SHA-256 of every line
   of the same session written with its world inline (target <= 3x).
   The checked scenario comes from the cache in the data dir
   (simulator/scenario/scenariocache.py) after the first verify of a file; a first
   verify (cache emptied) is shown too, for information.
2. Step: `session.choose()` on a logged session (events written and fsync'ed) vs the bare
   write + one fsync of the same bytes (target <= 1.3x); the engine alone (no log) is shown.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Samples, paired, report

from simulator.cli.main import main as ntc
from simulator.engine import Session
from simulator.engine.replay import verify_log
from simulator.log import LogWriter, read_log
from simulator.scenario import load_scenario, scenariocache

LOOP = ROOT / "benchmarks" / "data" / "boucle.yaml"
PLAYED = ("epreuve-complete", "negociation-prix", "prospection-telephonique")


def bare_lines(path: Path) -> None:
    """What verify competes with: parse and hash every line of an inline-world log."""
    import json

    prev = "0" * 64
    with path.open("rb") as stream:
        for line in stream:
            json.loads(line)
            prev = hashlib.sha256(prev.encode() + line.rstrip(b"\n")).hexdigest()


def inline_copy(path: Path, target: Path) -> None:
    """The same session with its world inline (what older logs look like)."""
    result = read_log(path)
    assert result.header is not None
    header = {k: v for k, v in result.header.items() if k not in ("hash", "mac")}
    with LogWriter.create(target, header, inline_world=True) as writer:
        for event in result.events:
            writer.append(event["type"], event["data"], t_ms=event["t_ms"], time=event["time"])


def bench_verify(tmp: Path, repeat: int) -> None:
    print("1. replay --verify (real header and scenario load)")
    for scenario in PLAYED:
        path = tmp / f"{scenario}.jsonl"
        with contextlib.redirect_stdout(io.StringIO()):
            ntc(["run", scenario, "--random", "--seed", "3", "--log", str(path)])
        inline = tmp / "inline" / path.name
        inline.parent.mkdir(exist_ok=True)
        inline_copy(path, inline)
        events = len(read_log(path).events)
        assert verify_log(path).ok and verify_log(inline).ok

        def ours(path: Path = path) -> None:
            assert verify_log(path).ok

        def ours_inline(inline: Path = inline) -> None:
            assert verify_log(inline).ok

        def base(inline: Path = inline) -> None:
            bare_lines(inline)

        def ours_cold(path: Path = path) -> None:
            shutil.rmtree(scenariocache.cache_dir(), ignore_errors=True)
            assert verify_log(path).ok

        print(f"  {scenario}: {events} events, log {path.stat().st_size // 1024} KiB "
              f"(inline: {inline.stat().st_size // 1024} KiB)")
        a, b = paired(ours, base, repeat)
        report("    world by hash", Samples("verify_log", a),
               Samples("json.loads + sha256 per line (inline)", b), 3.0)
        a, b = paired(ours_inline, base, repeat)
        report("    inline world (older logs)", Samples("verify_log", a),
               Samples("json.loads + sha256 per line (inline)", b), 3.0)
        a, b = paired(ours_cold, base, repeat)
        report("    world by hash, scenario cache emptied first (a first verify)",
               Samples("verify_log", a), Samples("json.loads + sha256 per line (inline)", b),
               None)


def bench_step(tmp: Path, steps: int) -> None:
    scenario = load_scenario(LOOP)
    session = Session.open(scenario, tmp / "steps.jsonl", seed=1, trainee="Mesure")
    fd = os.open(tmp / "bare.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    log = tmp / "steps.jsonl"
    choice = "vers_pong"
    ours: list[float] = []
    base: list[float] = []
    events = 0
    for i in range(steps + 1):
        before = log.stat().st_size
        start = time.perf_counter()
        session.choose(choice)
        elapsed = time.perf_counter() - start
        choice = "vers_ping" if choice == "vers_pong" else "vers_pong"
        with log.open("rb") as stream:       # the same bytes, for the bare baseline
            stream.seek(before)
            written = stream.read()
        start = time.perf_counter()
        os.write(fd, written)
        os.fsync(fd)
        bare = time.perf_counter() - start
        if i:                                 # the first one warms up
            ours.append(elapsed)
            base.append(bare)
        events = written.count(b"\n")
    print(f"\n2. One step ({events} events per input)")
    report("  session.choose() with its log", Samples("choose + log write", ours),
           Samples("bare write + one fsync (same bytes)", base), 1.3)
    session.close()
    os.close(fd)
    memory = Session(scenario, seed=1, trainee="Mesure")
    memory.start()
    alone: list[float] = []
    choice = "vers_pong"
    for _ in range(steps):
        t = time.perf_counter()
        memory.choose(choice)
        alone.append(time.perf_counter() - t)
        choice = "vers_ping" if choice == "vers_pong" else "vers_pong"
    print("  " + Samples("engine alone, no log (for information)", alone).text())


def bench_offers(plays: int = 40) -> None:
    """One offer on a shipped negotiation (buyer model 3: per-issue counter, words), engine
    only, against a choice step of the same session measured in the same run."""
    from simulator.engine.worlds import WorldCache
    from simulator.log.clock import ManualClock

    scenario_ = load_scenario("negociation-prix")
    world = WorldCache().get(scenario_, 3)
    offers: list[float] = []
    typed: list[float] = []
    choices: list[float] = []
    for _ in range(plays):
        s = Session(scenario_, seed=3, world=world, clock=ManualClock())
        s.start()
        for choice_id in ("creuser_offre", "question_conditions", "passer_au_prix"):
            t0 = time.perf_counter()
            s.choose(choice_id)
            choices.append(time.perf_counter() - t0)
        for r in range(1, 6):
            if s.ended or s.current_node.kind != "negociation":
                break
            t0 = time.perf_counter()
            if r % 2:
                s.offer({"remise": r, "delai_paiement": 30 + 3 * r})
                offers.append(time.perf_counter() - t0)
            else:        # a typed offer: its words are checked for rudeness (buyer model 3)
                s.offer({"remise": r}, None, [], f"Je vous fais {r} % de remise, et c'est "
                         "déjà un bel effort de notre part")
                typed.append(time.perf_counter() - t0)
    print("\n3. One offer answered by the negotiating buyer (engine only, no log)")
    report("  session.offer()", Samples("offer", offers),
           Samples("choice step of the same session", choices), None)
    print(f"  target: offer median <= 1 ms; measured {statistics.median(offers) * 1000:.3f} ms")
    print(f"  typed offer (its text checked by the act model): median "
          f"{statistics.median(typed) * 1000:.3f} ms (target <= 1 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        bench_verify(Path(name), args.repeat)
        bench_step(Path(name), args.steps)
    bench_offers()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
