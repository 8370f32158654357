"""Session log speed against what the code competes with, measured in the same run.

    .venv/bin/python benchmarks/bench_log.py [--repeat 15] [--companies 120]

1. Header write (a real generated world) vs a bare canonical dump + write + fsync of the
   same header (target <= 1.5x): world already in `mondes/` (the usual case: worlds repeat),
   world stored for the first time (gzip + its own fsync), and inline (old format).
2. Group commit: the events of one input appended inside `writer.batch()` vs the same bytes
   written with one write + fsync (target <= 1.3x); per-event fsync shown for comparison.
3. Reading a ~60-event session log: `read_log(world=False)` (lazy header) and `open_log`
   (streaming) vs json.loads + SHA-256 of every line (target <= 1.5x).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchlib import Samples, paired, report

from simulator.log import LogWriter, ManualClock, open_log, read_log
from simulator.log.canon import canonical
from simulator.world import generate_world

KEY = b"cle-du-centre-de-formation"


def header(companies: int) -> dict[str, Any]:
    world = generate_world(1, companies=companies)
    world.update(client=world["entreprises"][0], contact=world["contacts"][0],
                 barrage=world["contacts"][1])
    return {"scenario": {"id": "prospection", "version": "1.0", "sha256": "ab" * 32,
                         "path": "/x/prospection.yaml"},
            "referential": {"id": "TP-00338", "version": "2014"}, "seed": 1,
            "mode": "examen", "trainee": "Zoé Lefèvre", "session_id": "s-1",
            "started_at": "2026-11-28T10:00:00+00:00", "world": world}


def input_events(i: int) -> list[tuple[str, dict[str, Any]]]:
    """What one trainee input derives: ~5 events of contract-like shapes."""
    return [
        ("choice_made", {"node": f"n{i}", "choice": "c1", "number": 2, "acts": ["ecoute"],
                         "text": "Qu'est-ce qui compte le plus pour vous ?"}),
        ("variable_changed", {"name": "confiance", "old": i, "new": i + 1, "cause": "c1"}),
        ("evidence", {"criterion": "C1.2", "weight": 1, "justification": "Découverte.",
                      "source": "choice", "node": f"n{i}", "choice": "c1"}),
        ("node_entered", {"node": f"n{i + 1}", "kind": "dialogue", "visit": 1}),
        ("client_line", {"node": f"n{i + 1}", "speaker": "client",
                         "text": "Envoyez-moi plutôt une documentation, je la lirai."}),
        ("choices_shown", {"node": f"n{i + 1}", "choices": [
            {"id": f"c{k}", "text": "Je comprends : qu'est-ce qui vous ferait gagner du temps ?",
             "enabled": True, "reason": None} for k in range(3)]}),
    ]


class Counter:
    n = 0

    def next(self, tmp: Path, stem: str) -> Path:
        self.n += 1
        return tmp / f"{stem}-{self.n}.jsonl"


def bench_header(tmp: Path, head: dict[str, Any], repeat: int) -> None:
    counter = Counter()
    known = tmp / "connu"
    known.mkdir()
    LogWriter.create(known / "amorce.jsonl", head, KEY, clock=ManualClock()).close()

    def bare() -> None:
        line = (canonical(head) + "\n").encode("utf-8")
        fd = os.open(counter.next(tmp, "bare"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.write(fd, line)
        os.fsync(fd)
        os.close(fd)

    def stored_known() -> None:
        LogWriter.create(counter.next(known, "k"), head, KEY, clock=ManualClock()).close()

    def stored_new() -> None:
        folder = tmp / f"neuf-{counter.n}"
        folder.mkdir()
        LogWriter.create(counter.next(folder, "n"), head, KEY, clock=ManualClock()).close()

    def inline() -> None:
        LogWriter.create(counter.next(tmp, "i"), head, KEY, clock=ManualClock(),
                         inline_world=True).close()

    size = len(canonical(head["world"]).encode())
    print(f"1. Header write, world of {len(head['world']['entreprises'])} companies "
          f"({size // 1024} KiB canonical), signed")
    for label, fn in (("world already stored (usual)", stored_known),
                      ("world stored for the first time", stored_new),
                      ("inline world (old format)", inline)):
        ours, base = paired(fn, bare, repeat)
        report(f"  {label}", Samples("LogWriter.create + close", ours),
               Samples("bare dump + write + fsync", base), 1.5)
    log = next(known.glob("k-*.jsonl"))
    print(f"  log size with the world by hash: {log.stat().st_size} bytes; world file "
          f"{next((known / 'mondes').iterdir()).stat().st_size // 1024} KiB (gzip)")


def bench_group_commit(tmp: Path, repeat: int) -> None:
    small = {"session_id": "g", "world": {"client": {"raison_sociale": "X"}}}
    writer = LogWriter.create(tmp / "g.jsonl", small, KEY, clock=ManualClock())
    single = LogWriter.create(tmp / "s.jsonl", small, KEY, clock=ManualClock())
    fd = os.open(tmp / "bare.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    state = {"i": 0}
    events = input_events(0)
    lines = b"".join((canonical({"seq": 1, "t_ms": 0, "time": "T", "type": t, "data": d})[:-1]
                      + ',"hash":"' + "0" * 64 + '","mac":"' + "0" * 64 + '"}\n').encode()
                     for t, d in events)

    inputs = [input_events(i) for i in range(repeat * 12 + 8)]   # built before the clock runs

    def batch() -> None:
        state["i"] += 1
        with writer.batch():
            for t, d in inputs[state["i"]]:
                writer.append(t, d, t_ms=state["i"], time="2026-11-28T10:00:00.000+00:00")

    def bare() -> None:
        os.write(fd, lines)
        os.fsync(fd)

    def per_event() -> None:
        state["i"] += 1
        for t, d in inputs[state["i"]]:
            single.append(t, d, t_ms=state["i"], time="2026-11-28T10:00:00.000+00:00")

    print(f"\n2. Group commit: one input = {len(events)} events, signed")
    ours, base = paired(batch, bare, repeat * 4)
    report("  batch() of one input", Samples("writer.batch() + appends", ours),
           Samples("bare write + one fsync (same bytes)", base), 1.3)
    old, base2 = paired(per_event, bare, repeat * 2)
    report("  before group commit (for comparison)", Samples("append + fsync per event", old),
           Samples("bare write + one fsync (same bytes)", base2), 1.3)
    writer.close()
    single.close()
    os.close(fd)


def bench_read(tmp: Path, head: dict[str, Any], repeat: int) -> None:
    print("\n3. Reading a session log (60 events), signed")
    for label, inline in (("world by hash", False), ("inline world (old logs)", True)):
        path = tmp / f"lecture-{inline}.jsonl"
        with LogWriter.create(path, head, KEY, clock=ManualClock(), inline_world=inline) as w:
            for i in range(10):
                with w.batch():
                    for t, d in input_events(i):
                        w.append(t, d, t_ms=i)

        def bare(path: Path = path) -> None:
            prev = "0" * 64
            for line in path.read_bytes().splitlines():
                json.loads(line)
                prev = hashlib.sha256(prev.encode() + line).hexdigest()

        def lazy(path: Path = path) -> None:
            assert read_log(path, KEY, world=False).verified

        def stream(path: Path = path) -> None:
            with open_log(path, KEY) as s:
                for _ in s:
                    pass
                assert s.result.verified

        print(f"  {label}: {path.stat().st_size // 1024} KiB")
        ours, base = paired(lazy, bare, repeat * 2)
        report("    read_log(world=False)", Samples("read_log, lazy header", ours),
               Samples("json.loads + sha256 per line", base), 1.5)
        ours, base = paired(stream, bare, repeat * 2)
        report("    open_log (streaming)", Samples("open_log + iterate", ours),
               Samples("json.loads + sha256 per line", base), 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--companies", type=int, default=120)
    args = parser.parse_args()
    head = header(args.companies)
    tmp = Path(tempfile.mkdtemp(prefix="bench-log-", dir=Path(__file__).resolve().parent))
    try:
        bench_header(tmp, head, args.repeat)
        bench_group_commit(tmp, args.repeat)
        bench_read(tmp, head, args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
