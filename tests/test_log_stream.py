"""Streaming reads (`open_log`) and group commit (`writer.batch()`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_log_support import HEADER, count_fsyncs, lines_of, make_log, write_lines

from simulator.log import LogError, LogWriter, ManualClock, open_log, read_log


@pytest.mark.parametrize("key", [None, b"cle"])
def test_stream_yields_what_read_log_keeps(tmp_path: Path, key: bytes | None) -> None:
    path = make_log(tmp_path / "s.jsonl", key)
    whole = read_log(path, key)
    with open_log(path, key) as stream:
        assert stream.header is not None and "world" not in stream.header
        assert stream.header["session_id"] == "s-1"
        events = list(stream)
        assert list(stream) == []                 # one pass only
        result = stream.result
    assert events == whole.events and result.events == []
    assert result.event_count == len(events) == 6
    assert result.verified and result.complete and result.problems == whole.problems
    assert stream.world() == HEADER["world"]


def test_stream_of_an_altered_log_stops_at_the_bad_line(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    lines = lines_of(path)
    lines[3] = lines[3].replace('"n2"', '"n9"')
    write_lines(path, lines)
    stream = open_log(path)
    assert len(list(stream)) == 2
    assert not stream.result.verified and stream.result.first_bad_line == 4
    assert stream.result.problems == read_log(path).problems


def test_stream_of_a_foreign_or_missing_file(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    stream = open_log(tmp_path / "x.jsonl")
    assert stream.header is None and list(stream) == []
    assert "pas d'en-tête" in stream.result.problems[0]
    missing = open_log(tmp_path / "absent.jsonl")
    assert missing.header is None and "introuvable" in missing.read_all().problems[0]


def test_batch_is_one_write_and_one_fsync(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    batched, plain = tmp_path / "b.jsonl", tmp_path / "p.jsonl"
    for path in (batched, plain):
        LogWriter.create(path, {**HEADER, "session_id": "x"}, clock=ManualClock()).close()
    calls = count_fsyncs(monkeypatch)
    events = [("choice_made", {"node": "n", "choice": "a"}), ("node_entered", {"node": "m"}),
              ("choices_shown", {"node": "m", "choices": []})]
    w, _ = LogWriter.resume(batched)
    calls.clear()
    with w.batch():
        size = batched.stat().st_size
        with w.batch():                            # nested: still one commit
            stored = [w.append(t, d, t_ms=5, time="T") for t, d in events]
        assert batched.stat().st_size == size      # nothing written before the end
        assert [e["seq"] for e in stored] == [1, 2, 3]
    assert len(calls) == 1
    w.close()
    p, _ = LogWriter.resume(plain)
    for t, d in events:
        p.append(t, d, t_ms=5, time="T")
    p.close()
    assert batched.read_bytes() == plain.read_bytes()
    assert read_log(batched).events == stored


def test_batch_ended_by_an_exception_still_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    w = LogWriter.create(path, HEADER, clock=ManualClock())
    with pytest.raises(RuntimeError), w.batch():
        w.append("choice_made", {"node": "n"})
        raise RuntimeError("faute du scénario")
    assert len(read_log(path).events) == 1
    with w.batch():
        w.append("timer", {})
    w.close()
    assert [e["seq"] for e in read_log(path).events] == [1, 2]


def test_close_writes_a_pending_batch_and_a_failed_commit_closes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.jsonl"
    w = LogWriter.create(path, HEADER, clock=ManualClock())
    batch = w.batch()
    batch.__enter__()
    w.append("timer", {})
    w.close()
    assert len(read_log(path).events) == 1

    w2, _ = LogWriter.resume(path)

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(LogError, match="plus de place"), w2.batch():
        w2.append("timer", {})
    assert w2.closed
