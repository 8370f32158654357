"""Helpers shared by the log tests (no tests here): a small log, an "attacker" re-hashing lines."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from simulator.log import LogWriter, ManualClock, canonical, chain_hash, mac_of
from simulator.log.canon import ZERO_HASH, strip_chain

HEADER: dict[str, Any] = {
    "scenario": {"id": "prospection", "version": "1.0", "sha256": "ab" * 32, "path": "p.yaml"},
    "referential": {"id": "TP-00338", "version": "2023"},
    "seed": 7,
    "mode": "examen",
    "trainee": "Zoé Lefèvre",
    "world": {"client": {"raison_sociale": "Atelier Dupré", "ca_annuel": 2_500_000}},
    "session_id": "s-1",
}


def make_log(path: Path, key: bytes | None = None, events: int = 6, *, end: bool = True) -> Path:
    """Write a small, valid log with `events` events (the last one `session_ended`)."""
    clock = ManualClock()
    with LogWriter.create(path, HEADER, key, clock=clock) as writer:
        for i in range(events - (1 if end else 0)):
            clock.advance(250)
            writer.append("choice_made", {"node": f"n{i}", "choice": "a", "text": "Très bien"})
        if end:
            writer.append("session_ended", {"node": "fin", "outcome": "succes", "text": "Fin"})
    return path


def lines_of(path: Path) -> list[str]:
    """The log's lines without newlines."""
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path: Path, lines: list[str]) -> None:
    """Write lines back, newline-terminated."""
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def rehash(records: list[dict[str, Any]], key: bytes | None = None,
           keep_mac: bool = True) -> list[str]:
    """Recompute the whole chain as a forger would; macs kept stale unless a key is given."""
    prev = ZERO_HASH
    out = []
    for record in records:
        body = strip_chain(record)
        record_hash = chain_hash(prev, body)
        line = canonical(body)[:-1] + f',"hash":"{record_hash}"'
        if key is not None:
            line += f',"mac":"{mac_of(key, record_hash)}"'
        elif keep_mac and "mac" in record:
            line += f',"mac":"{record["mac"]}"'
        out.append(line + "}")
        prev = record_hash
    return out


def records_of(path: Path) -> list[dict[str, Any]]:
    """Every line parsed."""
    return [json.loads(line) for line in lines_of(path)]


def count_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every `os.fsync` from now on (still done), by file descriptor."""
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    return calls
