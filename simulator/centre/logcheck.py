"""Telling a truncated, resumed or missing log from the record of its session.

The record holds the last event number and hash the session reached while it ran; the
log's last line says where the file stops now. Only the file's tail is read (a log is
mostly its header), so a livret of forty sessions checks them all at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from simulator.centre.records import SessionRow

TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class LogCheck:
    state: str           # ok | missing | truncated | longer | unknown
    message: str = ""
    last_seq: int | None = None


def last_event(path: Path) -> tuple[int, str] | None:
    """(seq, hash) of the last complete event line of a log, None when it has none."""
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read()
    for line in reversed(tail.splitlines()):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("seq"), int):
            return int(obj["seq"]), str(obj.get("hash", ""))
        if isinstance(obj, dict) and obj.get("type") == "header":
            return 0, str(obj.get("hash", ""))
    return None


def check_log(row: SessionRow) -> LogCheck:
    if not row.log_path:
        return LogCheck("unknown", "journal non enregistré")
    path = Path(row.log_path)
    try:
        found = last_event(path)
    except FileNotFoundError:
        return LogCheck("missing", f"journal introuvable : {path}")
    except OSError as exc:
        return LogCheck("missing", f"journal illisible : {path} ({exc.strerror or exc})")
    if found is None:
        return LogCheck("unknown", f"journal sans événement lisible : {path}")
    seq, digest = found
    if seq < row.last_seq:
        return LogCheck("truncated", f"journal tronqué : il s'arrête à l'événement n° {seq}, "
                                     f"la séance en avait enregistré {row.last_seq}", seq)
    if seq > row.last_seq:
        return LogCheck("longer", f"journal plus long que le registre ({seq} événements "
                                  f"contre {row.last_seq}) : « ntc livret import » le "
                                  "met à jour", seq)
    if row.last_hash and digest and digest != row.last_hash:
        return LogCheck("truncated", "journal modifié : sa dernière empreinte ne correspond "
                                     "pas au registre", seq)
    return LogCheck("ok", "", seq)
