"""Writing and reading a session log: format, chain, signature, errors in French."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_log_support import HEADER, lines_of, make_log

from simulator.log import (
    LOG_FORMAT,
    Clock,
    LogError,
    LogWriter,
    ManualClock,
    canonical,
    chain_hash,
    mac_of,
    now_iso,
    read_log,
    signing_key,
)
from simulator.log.canon import ZERO_HASH


def test_written_log_follows_the_contract(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    records = [json.loads(line) for line in lines_of(path)]
    header = records[0]
    assert header["type"] == "header" and header["format"] == LOG_FORMAT
    assert header["signed"] is False and "mac" not in header
    assert header["trainee"] == "Zoé Lefèvre"
    assert header["hash"] == chain_hash(ZERO_HASH, header)
    prev = header["hash"]
    for seq, event in enumerate(records[1:], start=1):
        assert set(event) == {"seq", "t_ms", "time", "type", "data", "hash"}
        assert event["seq"] == seq
        assert event["hash"] == chain_hash(prev, event)
        prev = event["hash"]
    assert "Zoé" in lines_of(path)[0]  # UTF-8 kept, not \u escapes


def test_read_log_returns_what_append_returned(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    clock = ManualClock()
    with LogWriter.create(path, HEADER, b"cle", clock=clock) as writer:
        written = [writer.append("node_entered", {"node": "a", "visit": 1}),
                   writer.append("evidence", {"criterion": "C1.2", "weight": -1.5},
                                 t_ms=40, time="2026-11-28T10:00:00.040+00:00")]
    result = read_log(path, b"cle", strict=True)
    assert result.verified and result.signature_checked and not result.problems
    assert result.events == written
    assert written[1]["t_ms"] == 40 and written[0]["t_ms"] == 0
    assert written[1]["mac"] == mac_of(b"cle", written[1]["hash"])
    assert result.complete is False and result.truncated is False
    assert result.header is not None and result.header["signed"] is True


def test_complete_when_session_ended(tmp_path: Path) -> None:
    assert read_log(make_log(tmp_path / "a.jsonl")).complete
    assert not read_log(make_log(tmp_path / "b.jsonl", end=False)).complete


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    before = path.read_bytes()
    with pytest.raises(LogError, match="refus de l'écraser"):
        LogWriter.create(path, HEADER)
    assert path.read_bytes() == before


def test_create_accepts_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.touch()
    LogWriter.create(path, HEADER).close()
    assert read_log(path).verified


def test_create_in_missing_directory_is_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="Impossible de créer"):
        LogWriter.create(tmp_path / "absent" / "s.jsonl", HEADER)


def test_second_writer_on_same_log_is_refused(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl", end=False)
    writer, _ = LogWriter.resume(path)
    with writer, pytest.raises(LogError, match="déjà en cours d'écriture"):
        LogWriter.resume(path)


def test_closed_writer_refuses_events(tmp_path: Path) -> None:
    writer = LogWriter.create(tmp_path / "s.jsonl", HEADER)
    writer.close()
    writer.close()
    with pytest.raises(LogError, match="fermé"):
        writer.append("timer", {})


@pytest.mark.parametrize(
    "data", [{1: "a", 10: "b", 9: "c"}, {"x": float("nan")}, {"x": {1, 2}}, {"x": "\ud800"}])
def test_non_json_native_data_is_refused_before_writing(tmp_path: Path, data: dict) -> None:
    path = tmp_path / "s.jsonl"
    with LogWriter.create(path, HEADER) as writer:
        size = path.stat().st_size
        with pytest.raises((TypeError, ValueError)):
            writer.append("free_text", data)
        assert path.stat().st_size == size
        writer.append("free_text", {"text": "ok"})
    assert read_log(path).verified


def test_bad_event_type_is_refused(tmp_path: Path) -> None:
    with LogWriter.create(tmp_path / "s.jsonl", HEADER) as writer, pytest.raises(ValueError):
        writer.append("header", {})


def test_canonical_form() -> None:
    assert canonical({"b": 1, "a": [1.5, "é", None, True]}) == '{"a":[1.5,"é",null,true],"b":1}'


def test_clock_and_now_iso() -> None:
    ticks = iter([10.0, 10.5, 12.25])
    clock = Clock(100, monotonic=lambda: next(ticks), wall=lambda: "W")
    assert clock.ms() == 600 and clock.stamp() == (2350, "W")
    stamp = now_iso()
    assert stamp.endswith("+00:00") and len(stamp) == len("2026-11-28T10:00:01.234+00:00")


def test_manual_clock_feeds_the_writer(tmp_path: Path) -> None:
    clock = ManualClock(wall="2026-11-28T10:00:00.000+00:00")
    with LogWriter.create(tmp_path / "s.jsonl", HEADER, clock=clock) as writer:
        clock.advance(1234)
        event = writer.append("timer", {"expired": False})
    assert event["t_ms"] == 1234 and event["time"] == "2026-11-28T10:00:00.000+00:00"


def test_signing_key_sources(tmp_path: Path) -> None:
    key_file = tmp_path / "cle.txt"
    key_file.write_text("secret-du-centre\n", encoding="utf-8")
    assert signing_key({}) is None
    assert signing_key({"NTC_LOG_KEY": "abc"}) == b"abc"
    assert signing_key({"NTC_LOG_KEY_FILE": str(key_file)}) == b"secret-du-centre"
    assert signing_key({"NTC_LOG_KEY": "x", "NTC_LOG_KEY_FILE": str(key_file)}) == b"x"
    with pytest.raises(LogError, match="introuvable"):
        signing_key({"NTC_LOG_KEY_FILE": str(tmp_path / "absent")})
    with pytest.raises(LogError, match="dossier"):
        signing_key({"NTC_LOG_KEY_FILE": str(tmp_path)})
    (tmp_path / "vide").write_text("\n")
    with pytest.raises(LogError, match="vide"):
        signing_key({"NTC_LOG_KEY_FILE": str(tmp_path / "vide")})


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "cle"
    key_file.write_text("k")
    key_file.chmod(0)
    with pytest.raises(LogError, match="Impossible de lire"):
        signing_key({"NTC_LOG_KEY_FILE": str(key_file)})


def _only_problem(path: Path) -> str:
    result = read_log(path)
    assert result.header is None and not result.events and not result.verified
    assert len(result.problems) == 1
    return result.problems[0]


def test_missing_empty_directory_and_foreign_files(tmp_path: Path) -> None:
    assert "introuvable" in _only_problem(tmp_path / "absent.jsonl")
    assert "est un dossier" in _only_problem(tmp_path)
    (tmp_path / "vide.jsonl").write_bytes(b"\n  \n")
    assert "fichier vide" in _only_problem(tmp_path / "vide.jsonl")
    (tmp_path / "autre.jsonl").write_text('{"name": "x"}\n{"name": "y"}\n')
    assert "pas un journal de session NTC" in _only_problem(tmp_path / "autre.jsonl")
    (tmp_path / "texte.txt").write_text("Bonjour\n")
    assert "première ligne illisible" in _only_problem(tmp_path / "texte.txt")
    (tmp_path / "bin").write_bytes(bytes(range(256)) * 4)
    assert "pas un journal" in _only_problem(tmp_path / "bin")
    (tmp_path / "latin1").write_bytes('{"type":"header","trainee":"é"}\n'.encode("latin-1"))
    assert "illisible" in _only_problem(tmp_path / "latin1")


def test_other_formats_are_named(tmp_path: Path) -> None:
    path = tmp_path / "v2.jsonl"
    path.write_text('{"type":"header","format":"ntc-log/2","hash":"0"}\n')
    assert "« ntc-log/2 » non pris en charge" in _only_problem(path)
    path.write_text('{"type":"header","format":"ntc-eval/1","hash":"0"}\n')
    assert "fichier d'évaluation" in _only_problem(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_log(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    path.chmod(0)
    assert "permission refusée" in _only_problem(path)


def test_header_only_log_is_valid_but_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    LogWriter.create(path, HEADER).close()
    result = read_log(path)
    assert result.verified and result.events == [] and not result.complete


def test_unterminated_but_intact_last_line_is_kept(tmp_path: Path) -> None:
    path = make_log(tmp_path / "s.jsonl")
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    result = read_log(path)
    assert result.verified and result.complete and len(result.events) == 6


@pytest.mark.parametrize("length", [1, 32, 63, 64, 65, 200])
def test_fast_signer_matches_hmac(length: int) -> None:
    from simulator.log.canon import Signer

    key = bytes(range(length % 256)) * (length // 256 + 1)
    key = key[:length] or b"k"
    assert Signer(key).mac("ab" * 32) == mac_of(key, "ab" * 32)


def test_read_log_bytes_matches_the_file_reader(tmp_path: Path) -> None:
    from simulator.log import read_log_bytes

    path = make_log(tmp_path / "s.jsonl", b"k")
    from_file = read_log(path, b"k")
    in_memory = read_log_bytes(path.read_bytes(), b"k", world_dir=tmp_path)
    assert in_memory.verified and in_memory.events == from_file.events
    assert in_memory.header == from_file.header and in_memory.complete
    lazy = read_log_bytes(path.read_bytes(), b"k")      # no folder: by-hash world not sought
    assert lazy.verified and "world" not in (lazy.header or {})
    assert "fichier vide" in read_log_bytes(b"").problems[0]
