"""The session log writer: header on line 1, then one chained event per line.

Each `append` is fsync'ed, or every event of a `with writer.batch():` together (one fsync
per trainee input). The header's world snapshot is stored once per content hash in
`mondes/` beside the log and named by `world_sha256` (`inline_world=True` keeps it in the
header, as logs written before did).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.log.canon import LOG_FORMAT, ZERO_HASH, canonical, strip_chain
from simulator.log.chain import (
    ChainWriter,
    open_existing,
    open_new,
    set_aside_tail,
    sync_parent,
)
from simulator.log.clock import Clock
from simulator.log.errors import LogError
from simulator.log.reader import read_log
from simulator.log.result import ReadResult
from simulator.log.worlds import WORLD_KEY, WORLD_REF_KEY, store_world

KEY_HINT = "NTC_LOG_KEY ou NTC_LOG_KEY_FILE"


class LogWriter(ChainWriter):
    """Append-only writer of one session log (see docs/CONTRACTS.md §3)."""

    aside: Path | None = None  # where `resume` put a damaged tail, if it did

    @classmethod
    def create(
        cls,
        path: str | Path,
        header: dict[str, Any],
        key: bytes | None = None,
        *,
        clock: Clock | None = None,
        inline_world: bool = False,
    ) -> LogWriter:
        """Start a new log at `path` (must not exist or be empty) and write its header.

        The header gets `type`, `format`, `signed` (and `session_id`, `started_at`,
        `app_version` when missing); `hash` and `mac` are computed here. A `world` dict is
        canonicalised once (never re-parsed: it must be JSON-native, as generated worlds
        are) and stored in `<dir>/mondes/<sha256>.json.gz`, the header keeping
        `world_sha256`; with `inline_world=True` it stays in the header. `writer.header`
        is the header as written (by-hash: without the world).
        """
        path = Path(path)
        clock = clock or Clock()
        record = strip_chain(dict(header))
        record.update(type="header", format=LOG_FORMAT, signed=key is not None)
        record.setdefault("session_id", uuid.uuid4().hex)
        record.setdefault("started_at", clock.now_iso())
        record.setdefault("app_version", __version__)
        world = record.get(WORLD_KEY)
        world_text = canonical(world) if isinstance(world, dict) else None
        # The new file's directory entry is fsync'ed once its header is (before this
        # returns, as before): the header's fsync commits the entry too on journalling file
        # systems, so that sync is nearly free instead of a journal commit of its own.
        fd = open_new(path, sync_dir=False)
        writer = cls(path, fd, key, ZERO_HASH, 1, clock, record)
        try:
            if world_text is not None and not inline_world:
                record.pop(WORLD_KEY)
                record[WORLD_REF_KEY] = store_world(path.parent, world_text)
                writer.header = writer.write_record(record)
            elif world_text is not None:
                writer.header = writer.write_record(record, inline=(WORLD_KEY, world,
                                                                    world_text))
            else:
                writer.header = writer.write_record(record)
            sync_parent(path)
        except BaseException:
            writer.close()
            raise
        return writer

    @classmethod
    def resume(
        cls, path: str | Path, key: bytes | None = None, *, clock: Clock | None = None
    ) -> tuple[LogWriter, ReadResult]:
        """Continue an interrupted log after its last good event.

        A crash-cut last line is moved to `<path>.abime-<n>` (nothing is lost) and cut
        off. An altered, finished or unreadable log is refused with a French `LogError`
        and left untouched. The caller usually appends a `session_resumed` event next.
        """
        path = Path(path)
        fd = open_existing(path)
        try:
            result = read_log(path, key)
            _check_resumable(path, result, key)
            assert result.header is not None
            aside = set_aside_tail(fd, path, result)
            if result.needs_newline:
                os.write(fd, b"\n")
                os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        last_t_ms = result.events[-1]["t_ms"] if result.events else 0
        writer = cls(
            path,
            fd,
            key if result.signed else None,
            result.last_hash,
            len(result.events) + 1,
            clock or Clock(last_t_ms),
            result.header,
        )
        writer.aside = aside
        return writer, result

    def append(
        self,
        type: str,
        data: dict[str, Any],
        *,
        t_ms: int | None = None,
        time: str | None = None,
    ) -> dict[str, Any]:
        """Write one event (seq assigned here) durably; return it with `hash`/`mac`.

        `t_ms`/`time` default to the writer's clock. Data must be JSON-native (string keys,
        no NaN): a `TypeError`/`ValueError` otherwise, a `LogError` when the disk fails.
        """
        if not isinstance(type, str) or not type or type == "header":
            raise ValueError(f"invalid event type: {type!r}")
        if not isinstance(data, dict):
            raise TypeError("event data must be a dict")
        if t_ms is None:
            t_ms = self.clock.ms()
        if isinstance(t_ms, bool) or not isinstance(t_ms, int) or t_ms < 0:
            raise ValueError(f"t_ms must be a non-negative int, not {t_ms!r}")
        event = {
            "seq": self.next_seq,
            "t_ms": t_ms,
            "time": self.clock.now_iso() if time is None else time,
            "type": type,
            "data": data,
        }
        stored = self.write_record(event)
        self.next_seq += 1
        return stored

    @property
    def session_id(self) -> str:
        """The session id written in the header."""
        return str(self.header.get("session_id", ""))


def _check_resumable(path: Path, result: ReadResult, key: bytes | None) -> None:
    if result.header is None:
        reason = result.errors[0] if result.errors else "en-tête absent"
        raise LogError(f"Reprise impossible : {path} n'est pas un journal lisible ({reason}).")
    if not result.resumable:
        raise LogError(
            f"Reprise impossible : le journal {path} a été altéré ({result.errors[0]}). "
            "Il est laissé intact."
        )
    if result.complete:
        raise LogError(f"Reprise impossible : la séance enregistrée dans {path} est déjà "
                       "terminée.")
    if result.world_sha256 is not None and WORLD_KEY not in result.header:
        reason = result.errors[-1] if result.errors else "monde introuvable"
        raise LogError(f"Reprise impossible : {reason}.")
    if result.signed and key is None:
        raise LogError(
            f"Reprise impossible : {path} est signé et aucune clé n'est fournie ({KEY_HINT})."
        )
