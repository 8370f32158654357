"""Evaluator sidecar `<log>.eval.jsonl`: notes and overrides, never in the trainee's log.

Same chain and signature scheme as the log; its header names the log's `session_id` and
the log's last hash when the evaluation started, so a sidecar cannot be moved to another
session and a log rewritten after evaluation is noticed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from simulator.log.canon import EVAL_FORMAT, ZERO_HASH
from simulator.log.chain import ChainWriter, open_existing, open_new, set_aside_tail
from simulator.log.clock import Clock
from simulator.log.errors import LogError
from simulator.log.reader import read_log, scan
from simulator.log.result import Issue, ReadResult

DECISIONS = ("acquis", "non acquis", "non évalué")


def sidecar_file(log_path: str | os.PathLike[str]) -> str:
    """`<log>.eval.jsonl` next to the log, as text (scoring asks for every log of a cohort:
    no path object to build)."""
    return f"{os.fspath(log_path)}.eval.jsonl"


def sidecar_path(log_path: str | Path) -> Path:
    """`<log>.eval.jsonl` next to the log."""
    # Same as `with_name(name + ".eval.jsonl")` for any log file name, built from the
    # text: scoring asks this several times for every log of a cohort.
    return Path(sidecar_file(log_path))


class SidecarWriter(ChainWriter):
    """Appends evaluator notes and overrides; created on first use, resumed afterwards."""

    log_result: ReadResult

    @classmethod
    def open(
        cls, log_path: str | Path, key: bytes | None = None, *, clock: Clock | None = None
    ) -> SidecarWriter:
        """Open (or create) the sidecar of `log_path`; the log itself is only read."""
        log_path = Path(log_path)
        log = read_log(log_path, key, world=False)
        if log.header is None:
            reason = log.errors[0] if log.errors else "en-tête absent"
            raise LogError(f"Évaluation impossible : {log_path} n'est pas un journal lisible "
                           f"({reason}).")
        path = sidecar_path(log_path)
        clock = clock or Clock()
        writer: SidecarWriter
        if path.exists() and path.stat().st_size > 0:
            writer = cls._resume(path, log, key, clock)
        else:
            record = {
                "type": "header",
                "format": EVAL_FORMAT,
                "signed": key is not None,
                "log_session_id": log.header.get("session_id"),
                "log_last_hash": log.last_hash,
                "log_file": log_path.name,
                "created_at": clock.now_iso(),
            }
            writer = cls(path, open_new(path), key, ZERO_HASH, 1, clock, record)
            try:
                writer.header = writer.write_record(record)
            except BaseException:
                writer.close()
                raise
        writer.log_result = log
        return writer

    @classmethod
    def _resume(cls, path: Path, log: ReadResult, key: bytes | None, clock: Clock) -> SidecarWriter:
        fd = open_existing(path)
        try:
            current = scan(path, key, EVAL_FORMAT)
            if current.header is None or not current.resumable:
                reason = current.errors[0] if current.errors else "en-tête absent"
                raise LogError(f"Le fichier d'évaluation {path} est altéré ({reason}) : "
                               "il est laissé intact.")
            assert log.header is not None
            if current.header.get("log_session_id") != log.header.get("session_id"):
                raise LogError(f"Le fichier d'évaluation {path} concerne une autre session.")
            if current.signed and key is None:
                raise LogError(f"Le fichier d'évaluation {path} est signé : la clé du centre "
                               "est nécessaire (NTC_LOG_KEY ou NTC_LOG_KEY_FILE).")
            set_aside_tail(fd, path, current)
            if current.needs_newline:
                os.write(fd, b"\n")
                os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, key if current.signed else None, current.last_hash,
                   len(current.events) + 1, clock, current.header)

    def _add(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        record = {"seq": self.next_seq, "t_ms": self.clock.ms(), "time": self.clock.now_iso(),
                  "type": kind, "data": data}
        stored = self.write_record(record)
        self.next_seq += 1
        from simulator.log.anchors import record_anchor

        record_anchor(self.header, stored)
        return stored

    def authorize_resume(self, after_seq: int, evaluator: str,
                         centre_key: str | None = None) -> dict[str, Any]:
        """Record that the evaluator allowed an exam session to be resumed after `after_seq`.

        `centre_key` (the key's `key_id`) when the centre's key was presented as the
        authorisation: the name may then be empty. The record's `time` says when.
        """
        if not evaluator.strip() and not centre_key:
            raise LogError("Indiquez le nom de l'évaluateur qui autorise la reprise.")
        data: dict[str, Any] = {"after_seq": after_seq, "evaluator": evaluator.strip()}
        if centre_key:
            data["authority"] = "cle-centre"
            data["key_id"] = centre_key
        return self._add("resume_authorized", data)

    def note(self, seq: int, text: str, evaluator: str) -> dict[str, Any]:
        """Attach a free note to the log event `seq` (0 = the session as a whole)."""
        known = {event["seq"] for event in self.log_result.events}
        if seq != 0 and seq not in known:
            raise LogError(f"L'événement n° {seq} n'existe pas dans le journal évalué.")
        if not text.strip():
            raise LogError("Une note ne peut pas être vide.")
        return self._add("note", {"event_seq": seq, "text": text, "evaluator": evaluator})

    def override(
        self, criterion: str, decision: str, justification: str, evaluator: str
    ) -> dict[str, Any]:
        """Replace the computed decision of a criterion, with the evaluator's reason."""
        if decision not in DECISIONS:
            raise LogError(f"Décision « {decision} » inconnue : choisissez parmi "
                           + ", ".join(f"« {d} »" for d in DECISIONS) + ".")
        if not criterion.strip():
            raise LogError("Indiquez le critère dont la décision est modifiée.")
        if not justification.strip():
            raise LogError("Une décision modifiée doit être justifiée.")
        count = 1 + sum(1 for ev in self._previous() if ev.get("type") == "override")
        return self._add("override", {"criterion": criterion, "decision": decision,
                                      "justification": justification, "evaluator": evaluator,
                                      "overrides": count})

    def _previous(self) -> list[dict[str, Any]]:
        """The events already in this sidecar (read back; overrides are few)."""
        return list(scan(self.path, self._key, EVAL_FORMAT).events)


def read_sidecar(log_path: str | Path, key: bytes | None = None) -> ReadResult:
    """Read and verify the sidecar of `log_path`, including its link to that log."""
    result = scan(sidecar_path(log_path), key, EVAL_FORMAT)
    if result.header is None:
        return result
    log = read_log(log_path, key, world=False)
    header = result.header
    problem = None
    if log.header is None:
        problem = "le journal évalué est illisible : lien non vérifiable"
    elif header.get("log_session_id") != log.header.get("session_id"):
        problem = "ce fichier d'évaluation concerne une autre session que ce journal"
    elif header.get("log_last_hash") not in _chain_hashes(log):
        problem = ("le journal a été modifié depuis le début de l'évaluation "
                   "(empreinte de référence introuvable)")
    if problem is not None:
        result.issues.append(Issue(problem))
        result.verified = False
        result.signature_checked = False
    return result


def _chain_hashes(log: ReadResult) -> set[str]:
    hashes = {event["hash"] for event in log.events}
    if log.header is not None and isinstance(log.header.get("hash"), str):
        hashes.add(log.header["hash"])
    return hashes
