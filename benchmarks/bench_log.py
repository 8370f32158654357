"""Session log speed: fsync'ed append vs a bare write+fsync, read_log vs json.loads.

Run: .venv/bin/python benchmarks/bench_log.py
Prints ratios against baselines measured in the same run (absolute times are noise on
shared machines). Targets: append ≈ the fsync it cannot avoid; read_log a small multiple
of json.loads of every line (replay --verify must stay ≤ 5× that baseline in total).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.log import LogWriter, ManualClock, read_log
from simulator.log.canon import canonical, strip_chain

APPENDS = 2000
EVENTS = 1000
KEY = b"cle-du-centre-de-formation"


def world(companies: int) -> dict[str, Any]:
    """A world snapshot of roughly realistic shape."""
    return {"entreprises": [
        {"id": f"E{i:04d}", "raison_sociale": f"Établissements Dupré {i}", "siret": "1" * 14,
         "commune": "Saint-Étienne", "secteur": "industrie", "segment": "ABC"[i % 3],
         "ca_annuel": 1_000_000 + i * 1234, "effectif": 20 + i % 200, "statut": "prospect",
         "contacts": [{"nom": "Lefèvre", "prenom": "Zoé", "fonction": "Responsable achats"}]}
        for i in range(companies)]}


def event(i: int) -> tuple[str, dict[str, Any]]:
    """A mix of event types with contract-like payloads."""
    kind = i % 5
    if kind == 0:
        return "node_entered", {"node": f"n{i}", "kind": "dialogue", "visit": 1}
    if kind == 1:
        return "client_line", {"node": f"n{i}", "speaker": "client",
                               "text": "Envoyez-moi plutôt une documentation, je la lirai."}
    if kind == 2:
        return "choices_shown", {"node": f"n{i}", "choices": [
            {"id": f"c{k}", "text": "Je comprends : qu'est-ce qui vous ferait gagner du temps ?",
             "enabled": True, "reason": None} for k in range(3)]}
    if kind == 3:
        return "choice_made", {"node": f"n{i}", "choice": "c1", "number": 2,
                               "text": "Qu'est-ce qui compte le plus pour vous ?",
                               "acts": ["question_ouverte", "ecoute"]}
    return "evidence", {"criterion": "C1.2", "weight": 1, "justification": "Découverte.",
                        "source": "choice", "node": f"n{i}", "choice": "c1"}


def line_of(stored: dict[str, Any]) -> bytes:
    """The exact stored line of a record returned by `append`."""
    body = canonical(strip_chain(stored))
    tail = f',"hash":"{stored["hash"]}"' + (f',"mac":"{stored["mac"]}"' if "mac" in stored
                                             else "")
    return (body[:-1] + tail + "}\n").encode("utf-8")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_append(tmp: Path) -> None:
    writer = LogWriter.create(tmp / "a.jsonl", {"world": world(20)}, KEY, clock=ManualClock())
    bare = os.open(tmp / "b.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    ours: list[float] = []
    base: list[float] = []
    for i in range(APPENDS):
        kind, data = event(i)
        start = time.perf_counter()
        stored = writer.append(kind, data, t_ms=i, time="2026-11-28T10:00:00.000+00:00")
        ours.append(time.perf_counter() - start)
        line = line_of(stored)
        start = time.perf_counter()
        os.write(bare, line)
        os.fsync(bare)
        base.append(time.perf_counter() - start)
    writer.close()
    os.close(bare)
    assert (tmp / "a.jsonl").read_bytes().split(b"\n", 1)[1] == (tmp / "b.jsonl").read_bytes()
    print(f"append, {APPENDS} events, signed (ms)   median   p99")
    print(f"  LogWriter.append (fsync)    {statistics.median(ours) * 1e3:7.3f} "
          f"{pct(ours, 0.99) * 1e3:7.3f}")
    print(f"  bare write + fsync          {statistics.median(base) * 1e3:7.3f} "
          f"{pct(base, 0.99) * 1e3:7.3f}")
    print(f"  ratio (median)              {statistics.median(ours) / statistics.median(base):7.2f}"
          f"    overhead {(statistics.median(ours) - statistics.median(base)) * 1e6:.0f} µs")


def best(func: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def make_log(path: Path, companies: int, key: bytes | None) -> None:
    clock = ManualClock()
    with LogWriter.create(path, {"world": world(companies)}, key, clock=clock) as writer:
        for i in range(EVENTS - 1):
            writer.append(*event(i), t_ms=i * 10)
        writer.append("session_ended", {"node": "fin", "outcome": "succes", "text": "Merci."})


def baseline(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def bench_read(tmp: Path) -> None:
    print(f"\nread, {EVENTS} events                 read_log  json.loads  ratio")
    for label, companies, key in (("small header, unsigned", 0, None),
                                  ("small header, signed", 0, KEY),
                                  ("300-company world, signed", 300, KEY)):
        path = tmp / f"r{companies}{bool(key)}.jsonl"
        make_log(path, companies, key)
        result = read_log(path, key)
        assert result.verified and result.complete and len(result.events) == EVENTS
        base = best(lambda path=path: baseline(path))  # type: ignore[misc]
        ours = best(lambda path=path, key=key: read_log(path, key))  # type: ignore[misc]
        strict = best(lambda path=path, key=key: read_log(path, key, strict=True))  # type: ignore[misc]
        print(f"  {label:29s} {ours * 1e3:7.2f} ms {base * 1e3:7.2f} ms  {ours / base:5.2f}"
              f"   (strict: {strict / base:.2f})")


def main() -> None:
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent) as name:
        tmp = Path(name)
        bench_append(tmp)
        bench_read(tmp)


if __name__ == "__main__":
    main()
