"""Tamper-evident session log (docs/CONTRACTS.md §3 and §3.1).

Writing (one line per record, flush + fsync each, SHA-256 chain, optional HMAC):
    LogWriter.create(path, header, key) -> LogWriter     # refuses a non-empty file
    LogWriter.resume(path, key) -> (LogWriter, ReadResult)  # after a crash; tail set aside
    writer.append(type, data, *, t_ms=None, time=None) -> event dict (seq, hash, mac set)
    writer.close() / with-statement; writer.next_seq, writer.last_hash, writer.header
Reading (never raises on content; French problems with line numbers):
    read_log(path, key=None, *, strict=False) -> ReadResult
        .header .events (good prefix) .problems .errors .warnings .issues
        .complete .verified .truncated .resumable .first_bad_line .signed
        .signature_checked .last_hash
    read_log_bytes(data, key=None, *, strict=False) -> ReadResult   # content in memory
Evaluator sidecar `<log>.eval.jsonl` (the trainee's log is never modified):
    SidecarWriter.open(log_path, key) -> .note(seq, text, evaluator)
                                         .override(criterion, decision, justification, evaluator)
    read_sidecar(log_path, key=None) -> ReadResult
Helpers: canonical(obj), chain_hash(prev, obj), mac_of(key, hash), now_iso(), Clock,
ManualClock, signing_key() (env NTC_LOG_KEY / NTC_LOG_KEY_FILE), LogError (French message).
"""

from simulator.log.canon import (
    EVAL_FORMAT,
    LOG_FORMAT,
    ZERO_HASH,
    canonical,
    chain_hash,
    mac_of,
)
from simulator.log.clock import Clock, ManualClock, now_iso
from simulator.log.errors import LogError
from simulator.log.keys import KEY_ENV, KEY_FILE_ENV, signing_key
from simulator.log.reader import Issue, ReadResult, read_log, read_log_bytes
from simulator.log.sidecar import DECISIONS, SidecarWriter, read_sidecar, sidecar_path
from simulator.log.writer import LogWriter

__all__ = [
    "DECISIONS",
    "EVAL_FORMAT",
    "KEY_ENV",
    "KEY_FILE_ENV",
    "LOG_FORMAT",
    "ZERO_HASH",
    "Clock",
    "Issue",
    "LogError",
    "LogWriter",
    "ManualClock",
    "ReadResult",
    "SidecarWriter",
    "canonical",
    "chain_hash",
    "mac_of",
    "now_iso",
    "read_log",
    "read_log_bytes",
    "read_sidecar",
    "sidecar_path",
    "signing_key",
]
