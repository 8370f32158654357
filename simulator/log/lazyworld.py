"""The world of a log being read, parsed only when a reader asks for it.

Scoring reads most sessions without their world (~0.4 MB of JSON each): only two analysers
look at it, for two keys (`visites`, `defauts`), and most worlds lack them. `mentions`
answers « can this world hold that key? » from its text alone (canonical JSON writes a
key as `"key":`), so the world is parsed only when the answer is yes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.log.errors import LogError
from simulator.log.result import ReadResult
from simulator.log.worlds import cached_world, keep_world, world_bytes


class LazyWorld:
    """`world()` parses (or loads) it; `mentions(key)` only looks at its text."""

    def __init__(self, result: ReadResult) -> None:
        self.result = result
        self._text: bytes | None = None

    def __call__(self) -> dict[str, Any] | None:
        """The world, parsed now (None when it cannot be read: the log is then refused)."""
        result = self.result
        sha = result.world_sha256
        if sha is not None and result._world is None:
            kept = cached_world(self._base(), sha)      # logs of one world: parsed once
            if kept is not None:
                result._world = kept
            elif self._text is not None:   # the text `mentions` read and checked
                try:
                    parsed = json.loads(self._text)
                except (ValueError, RecursionError):
                    parsed = None
                if isinstance(parsed, dict):
                    result._world = parsed
                    keep_world(self._base(), sha, parsed)
            self._text = None
        try:
            found = result.world()
        except LogError:
            return None
        return found if isinstance(found, dict) else None

    def mentions(self, key: str) -> bool:
        """False only when the world certainly has no top-level `key` (its text does not
        even contain `"key":`); True when it may have it."""
        result = self.result
        header = result.header or {}
        if isinstance(header.get("world"), dict):
            return key in header["world"]
        if result.world_text is not None:
            return f'"{key}":' in result.world_text
        sha = result.world_sha256
        if sha is None:
            return False
        if result._world is None:
            result._world = cached_world(self._base(), sha)
        if result._world is not None:
            return key in result._world
        if self._text is None:
            try:
                self._text = world_bytes(self._base(), sha)
            except LogError:
                return True          # let `world()` report it
        return f'"{key}":'.encode() in self._text

    def _base(self) -> Path:
        result = self.result
        return result.world_dir if result.world_dir is not None else result.path.parent
