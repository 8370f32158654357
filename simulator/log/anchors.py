"""Register of evaluations: how many records each evaluation file had when last written.

A hash chain proves a prefix, never that nothing was cut after it: removing the jury's last
override from a signed sidecar, or deleting the sidecar, leaves a file that verifies. Each
sidecar write therefore also records its count and last hash in the user data directory
(`<data dir>/evaluations/`, `NTC_DATA_DIR` honoured) — the centre's records play this role
where they exist. Reading compares the sidecar with it; where no register entry exists the
limit is stated, never hidden. A register that cannot be written is skipped (the sidecar,
the record of truth, is already on disk).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

_FORMAT = "ntc-eval-anchor/1"


def anchor_dir() -> Path:
    from simulator.datadir import data_dir

    return data_dir() / "evaluations"


def _file(session_id: str) -> Path:
    name = hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()
    return anchor_dir() / f"{name}.json"


def record_anchor(header: dict[str, Any], event: dict[str, Any]) -> None:
    """Remember the sidecar's state after `event` was written."""
    session = header.get("log_session_id")
    if not isinstance(session, str) or not session:
        return
    previous = read_anchor(session) or {}
    overrides = int(previous.get("overrides", 0)) if previous.get("sidecar") == header.get(
        "hash") else 0
    if event.get("type") == "override":
        overrides += 1
    record = {"format": _FORMAT, "session_id": session, "sidecar": header.get("hash"),
              "events": event.get("seq"), "overrides": overrides,
              "last_hash": event.get("hash")}
    path = _file(session)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def read_anchor(session_id: str) -> dict[str, Any] | None:
    """The register entry of a session's evaluation, None when there is none."""
    name = hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()
    try:        # spelt with os.path: scoring asks this for every log of a cohort
        with open(os.path.join(os.fspath(anchor_dir()), f"{name}.json"), "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return None
    if not isinstance(data.get("events"), int) or not isinstance(data.get("overrides"), int):
        return None
    return data


_UNREAD: Any = object()


def check_against_anchor(session_id: str, sidecar_exists: bool,
                         events: list[dict[str, Any]], anchor: Any = _UNREAD) -> str | None:
    """French flag when the evaluation file lost records the register knows of.

    `anchor`: the register entry when the caller has just read it (`read_anchor`)."""
    if anchor is _UNREAD:
        anchor = read_anchor(session_id)
    if anchor is None:
        return None
    if not sidecar_exists:
        return (f"fichier d'évaluation supprimé : le registre des évaluations en connaît "
                f"{_plural(anchor['events'], 'enregistrement')}, dont "
                f"{_plural(anchor['overrides'], 'décision')} de l'évaluateur")
    count = len(events)
    overrides = sum(1 for ev in events if ev.get("type") == "override")
    if count < anchor["events"] or overrides < anchor["overrides"]:
        return (f"fichier d'évaluation tronqué : {_plural(count, 'enregistrement')} dans le "
                f"fichier, {anchor['events']} selon le registre des évaluations (décisions "
                f"de l'évaluateur supprimées : {anchor['overrides'] - overrides})")
    return None


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n > 1 else ''}"
