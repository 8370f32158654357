"""What reading a log found: `Issue` and `ReadResult` (with the world loaded on demand)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.log.canon import ZERO_HASH
from simulator.log.errors import LogError
from simulator.log.worlds import WORLD_KEY, WORLD_REF_KEY, load_world


@dataclass(frozen=True)
class Issue:
    """One problem found while reading: French message, 1-based line (None: whole file)."""

    message: str
    line: int | None = None
    fatal: bool = True


@dataclass
class ReadResult:
    """What a log (or sidecar) contains and how far it can be trusted.

    `events` is the good prefix: every event before the first faulty line (empty when the
    log was streamed with `open_log`: `event_count` still counts them). `verified` means
    no fatal issue at all (warnings allowed, e.g. signed but no key given). `truncated`
    means the only line fault is an incomplete last line (a crash): the log is resumable.
    A lazily read header has no `world` key: `world()` parses or loads it when needed.
    """

    path: Path
    header: dict[str, Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    complete: bool = False
    verified: bool = False
    truncated: bool = False
    first_bad_line: int | None = None
    signed: bool = False
    signature_checked: bool = False
    last_hash: str = ZERO_HASH
    good_size: int = 0
    needs_newline: bool = False
    rewritten: bool = False  # BOM / CRLF from an editor were undone before checking
    event_count: int = 0
    world_dir: Path | None = None          # where `mondes/` is looked for (the log's folder)
    header_text: str | None = field(default=None, repr=False)   # kept for a lazy inline world
    world_text: str | None = field(default=None, repr=False)
    _world: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def problems(self) -> list[str]:
        """Every message (errors and warnings), in reading order."""
        return [issue.message for issue in self.issues]

    @property
    def errors(self) -> list[str]:
        """Messages of fatal issues only."""
        return [issue.message for issue in self.issues if issue.fatal]

    @property
    def warnings(self) -> list[str]:
        """Messages that do not make the log untrustworthy (e.g. signature not checked)."""
        return [issue.message for issue in self.issues if not issue.fatal]

    @property
    def resumable(self) -> bool:
        """A writer may continue this file: header good, no fault but a crash-cut tail."""
        if self.header is None or self.first_bad_line == 1 or self.rewritten:
            return False
        line_faults = [i for i in self.issues if i.fatal and i.line is not None]
        return not line_faults or (self.truncated and len(line_faults) == 1)

    @property
    def world_sha256(self) -> str | None:
        """The content hash a by-hash header names (None for an inline world)."""
        sha = self.header.get(WORLD_REF_KEY) if self.header else None
        return sha if isinstance(sha, str) else None

    def world(self) -> dict[str, Any] | None:
        """The session's world snapshot, parsed or loaded once, on first call.

        Inline worlds (older logs) are parsed from the header line; by-hash ones are read
        from `mondes/<sha256>.json.gz` beside the log and checked against the header's
        hash. None when the header has no world at all; LogError (French) when the file it
        names is missing, unreadable or altered, or the inline text is not a JSON object.
        """
        if self._world is not None:
            return self._world
        header = self.header or {}
        inline = header.get(WORLD_KEY)
        if isinstance(inline, dict):
            self._world = inline
        elif self.world_text is not None:
            self._world = self._parse_inline()
        elif self.world_sha256 is not None:
            base = self.world_dir if self.world_dir is not None else self.path.parent
            self._world = load_world(base, self.world_sha256)
        else:
            return None
        return self._world

    def _parse_inline(self) -> dict[str, Any]:
        assert self.world_text is not None
        try:
            world = json.loads(self.world_text)
        except (ValueError, RecursionError):
            world = None
        if not isinstance(world, dict) and self.header_text is not None:
            try:       # not the header's last key after all: read the whole line
                whole = json.loads(self.header_text)
                world = whole.get(WORLD_KEY) if isinstance(whole, dict) else None
            except (ValueError, RecursionError):
                world = None
        if not isinstance(world, dict):
            raise LogError("monde de la session illisible dans l'en-tête : objet JSON attendu")
        self.world_text = self.header_text = None
        return world

    def with_world(self) -> dict[str, Any] | None:
        """The header with its world in `header["world"]` (loaded now); None without header."""
        if self.header is None:
            return None
        world = self.world()
        if world is not None and self.header.get(WORLD_KEY) is not world:
            self.header = {**self.header, WORLD_KEY: world}
        return self.header
