"""Evaluator sidecar: notes and overrides chained and signed, log left untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_log_support import lines_of, make_log, records_of, rehash, write_lines

from simulator.log import (
    EVAL_FORMAT,
    LogError,
    LogWriter,
    SidecarWriter,
    read_log,
    read_sidecar,
    sidecar_path,
)

KEY = b"cle"


def test_notes_and_overrides_round_trip(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl", KEY)
    before = log.read_bytes()
    with SidecarWriter.open(log, KEY) as writer:
        note = writer.note(3, "Bonne reformulation.", "M. Martin")
        override = writer.override("C1.2", "acquis", "Présentation correcte à l'oral.",
                                   "M. Martin")
    assert log.read_bytes() == before
    assert sidecar_path(log) == tmp_path / "s.jsonl.eval.jsonl"
    result = read_sidecar(log, KEY)
    assert result.verified and result.signature_checked and result.problems == []
    assert result.events == [note, override]
    assert note["data"] == {"event_seq": 3, "text": "Bonne reformulation.",
                            "evaluator": "M. Martin"}
    header = result.header
    assert header is not None and header["format"] == EVAL_FORMAT
    assert header["log_session_id"] == "s-1"
    assert header["log_last_hash"] == read_log(log, KEY).last_hash


def test_reopening_appends_to_the_same_chain(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl")
    with SidecarWriter.open(log) as writer:
        writer.note(0, "Session globale correcte.", "A")
    with SidecarWriter.open(log) as writer:
        assert writer.next_seq == 2
        writer.override("C3.1", "non acquis", "Remise hors délégation.", "B")
    result = read_sidecar(log)
    assert result.verified and [e["seq"] for e in result.events] == [1, 2]


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda w: w.override("C1.1", "validé", "x", "A"), "inconnue"),
     (lambda w: w.override("C1.1", "acquis", "  ", "A"), "justifiée"),
     (lambda w: w.override(" ", "acquis", "x", "A"), "critère"),
     (lambda w: w.note(99, "x", "A"), "n° 99 n'existe pas"),
     (lambda w: w.note(1, "", "A"), "vide")],
)
def test_bad_evaluator_input(tmp_path: Path, call: object, message: str) -> None:
    log = make_log(tmp_path / "s.jsonl")
    with SidecarWriter.open(log) as writer, pytest.raises(LogError, match=message):
        call(writer)  # type: ignore[operator]


def test_tampered_sidecar_is_detected(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl", KEY)
    with SidecarWriter.open(log, KEY) as writer:
        writer.override("C1.2", "non acquis", "Pas de présentation.", "A")
        writer.note(2, "x", "A")
    path = sidecar_path(log)
    records = records_of(path)
    records[1]["data"]["decision"] = "acquis"
    write_lines(path, rehash(records))
    result = read_sidecar(log, KEY)
    assert not result.verified and result.first_bad_line == 2 and result.events == []
    with pytest.raises(LogError, match="altéré"):
        SidecarWriter.open(log, KEY)


def test_sidecar_of_another_session_or_rewritten_log(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl")
    SidecarWriter.open(log).close()
    other = make_log(tmp_path / "o.jsonl")
    records = records_of(other)
    records[0]["session_id"] = "s-2"
    write_lines(other, rehash(records))
    sidecar_path(log).rename(sidecar_path(other))
    assert "autre session" in read_sidecar(other).problems[0]
    with pytest.raises(LogError, match="autre session"):
        SidecarWriter.open(other)
    # the log rewritten (re-hashed) after the evaluation started
    SidecarWriter.open(log).close()
    records = records_of(log)
    records[2]["data"]["choice"] = "b"
    write_lines(log, rehash(records))
    result = read_sidecar(log)
    assert not result.verified and "modifié depuis le début de l'évaluation" in result.problems[0]


def test_sidecar_still_valid_after_the_log_was_resumed(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl", end=False)
    SidecarWriter.open(log).close()
    writer, _ = LogWriter.resume(log)
    with writer:
        writer.append("session_resumed", {"after_seq": 6})
    assert read_sidecar(log).verified


def test_missing_sidecar_and_unreadable_log(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl")
    result = read_sidecar(log)
    assert result.header is None and "introuvable" in result.problems[0]
    (tmp_path / "x.jsonl").write_text("pas un journal\n")
    with pytest.raises(LogError, match="pas un journal lisible"):
        SidecarWriter.open(tmp_path / "x.jsonl")


def test_log_passed_as_sidecar_is_named(tmp_path: Path) -> None:
    log = make_log(tmp_path / "s.jsonl")
    sidecar_path(log).write_bytes(log.read_bytes())
    assert "journal de session, pas un fichier d'évaluation" in read_sidecar(log).problems[0]
    assert lines_of(log)
