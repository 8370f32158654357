"""Tamper-evident session log (docs/CONTRACTS.md §3 and §3.1).

Writing (one line per record, SHA-256 chain, optional HMAC, fsync per record or batch):
    LogWriter.create(path, header, key, *, inline_world=False) -> LogWriter
        # refuses a non-empty file; the header's world goes to mondes/<sha256>.json.gz
    LogWriter.resume(path, key) -> (LogWriter, ReadResult)  # after a crash; tail set aside
    writer.append(type, data, *, t_ms=None, time=None) -> event dict (seq, hash, mac set)
    with writer.batch(): ...   # group commit: one write + fsync for all appends inside
    writer.close() / with-statement; writer.next_seq, writer.last_hash, writer.header
Reading (never raises on content; French problems with line numbers):
    read_log(path, key=None, *, strict=False, world=True) -> ReadResult
        .header .events (good prefix) .problems .errors .warnings .issues
        .complete .verified .truncated .resumable .first_bad_line .signed
        .signature_checked .last_hash .event_count .world() .world_sha256
        # world=False: lazy header (no "world" key); .world() parses/loads on demand
    open_log(path, key=None, *, strict=False) -> LogStream   # streaming, lazy header
        .header (checked at once) ; for event in stream ; .world() ; .result (final
        after the loop)
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
from simulator.log.reader import read_log, read_log_bytes
from simulator.log.result import Issue, ReadResult
from simulator.log.sidecar import (
    DECISIONS,
    SidecarWriter,
    read_sidecar,
    sidecar_file,
    sidecar_path,
)
from simulator.log.stream import LogStream, open_log
from simulator.log.worlds import WORLD_DIR, load_world, store_world, world_path
from simulator.log.writer import LogWriter

__all__ = [
    "DECISIONS",
    "EVAL_FORMAT",
    "KEY_ENV",
    "KEY_FILE_ENV",
    "LOG_FORMAT",
    "WORLD_DIR",
    "ZERO_HASH",
    "Clock",
    "Issue",
    "LogError",
    "LogStream",
    "LogWriter",
    "ManualClock",
    "ReadResult",
    "SidecarWriter",
    "canonical",
    "chain_hash",
    "load_world",
    "mac_of",
    "now_iso",
    "open_log",
    "read_log",
    "read_log_bytes",
    "read_sidecar",
    "sidecar_file",
    "sidecar_path",
    "signing_key",
    "store_world",
    "world_path",
]
