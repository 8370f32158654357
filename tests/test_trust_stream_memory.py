"""`replay --verify` streams a log: memory is bounded by the world, not the event count."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest

from simulator.trust.audit import Audit, audit_log

LOOP = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "boucle.yaml"


@functools.cache
def _bench() -> ModuleType:
    """benchmarks/bench_verify_memory.py, whose log generator the tests share."""
    folder = str(LOOP.parent.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)           # its `from benchlib import …`
    spec = importlib.util.spec_from_file_location("bench_verify_memory",
                                                  folder + "/bench_verify_memory.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loop_log(path: Path, events: int) -> Path:
    """A finished session of about `events` events on the looping scenario (few fsyncs)."""
    return Path(_bench().loop_log(path, events))


def peak(path: Path, keep: bool) -> tuple[int, Audit]:
    tracemalloc.start()
    try:
        audit = audit_log(path, None, keep_events=keep)
        return tracemalloc.get_traced_memory()[1], audit
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("loops")
    return loop_log(folder / "n.jsonl", 3_000), loop_log(folder / "4n.jsonl", 12_000)


def test_streamed_verification_memory_does_not_grow_with_events(
        logs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_VERIFY_CACHE", "0")
    small, large = logs
    peak(small, False)                    # imports, scenario and world caches warmed up
    base, short = peak(small, False)
    grown, long = peak(large, False)
    assert short.refused is None and long.refused is None
    assert short.verified and long.verified and long.complete
    assert long.event_count >= 4 * 3_000 and long.events == []
    assert "journal vérifié" in long.message()
    assert grown < 1.5 * base, (base, grown)      # 4x the events
    eager_small, _ = peak(small, True)
    eager_large, kept = peak(large, True)
    assert len(kept.events) == long.event_count
    assert eager_large > 3 * eager_small   # what a whole read costs, for contrast
    assert grown * 10 < eager_large


def test_streamed_verification_names_the_first_divergent_event(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A recorded event changed and its chain recomputed: both modes name the same event."""
    from simulator.log import LogWriter, read_log

    monkeypatch.setenv("NTC_VERIFY_CACHE", "0")
    source = loop_log(tmp_path / "src.jsonl", 400)
    result = read_log(source)
    assert result.header is not None
    header = {k: v for k, v in result.header.items() if k not in ("hash", "mac", "type")}
    forged = tmp_path / "forged.jsonl"
    target = next(e for e in result.events if e["type"] == "node_entered" and e["seq"] > 200)
    with LogWriter.create(forged, header) as writer, writer.batch():
        for event in result.events:
            data = dict(event["data"])
            if event is target:
                data["node"] = "pong" if data["node"] == "ping" else "ping"
            writer.append(event["type"], data, t_ms=event["t_ms"], time=event["time"])
    _, streamed = peak(forged, False)
    kept = audit_log(forged, None)
    assert streamed.refused == kept.refused
    assert kept.refused is not None and f"n° {target['seq']}" in kept.refused
    assert json.dumps(target["data"]["node"], ensure_ascii=False) in kept.refused


def test_a_log_swapped_between_the_two_passes_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The re-execution reads the file again: it must still be the file just checked."""
    import simulator.log as log

    monkeypatch.setenv("NTC_VERIFY_CACHE", "0")
    checked = loop_log(tmp_path / "a.jsonl", 200)
    other = loop_log(tmp_path / "b.jsonl", 400)
    real = log.open_log
    calls: list[Path] = []

    def swapping(path: Path, key: bytes | None = None, **kw: bool) -> log.LogStream:
        calls.append(Path(path))
        if len(calls) == 2:                   # between reading and re-executing
            Path(path).write_bytes(other.read_bytes())
        return real(path, key, **kw)

    monkeypatch.setattr(log, "open_log", swapping)
    audit = audit_log(checked, None, keep_events=False)
    assert len(calls) == 2
    assert audit.refused is not None and "a changé pendant la vérification" in audit.refused
    assert audit.status == 1 and not audit.verified
