"""Watch scenario files and react to every save (polling, standard library only).

Editors save in different ways (rewrite in place, write a temporary file then rename), so a
file's signature is its inode, size and modification time in nanoseconds; a change of any
of them is a save. Polling every `interval` seconds (0.2 by default) reacts well within one
second on any file system, with no extra dependency and no platform-specific API.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

Signature = tuple[int, int, int] | None
DEFAULT_INTERVAL = 0.2


def signature(path: Path) -> Signature:
    """(inode, size, mtime_ns) of a file, None when it is missing or unreadable."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def files_of(path: Path) -> list[Path]:
    """A scenario file and the fragments it includes (read leniently: it may be broken)."""
    out = [path]
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:              # a broken file is still watched, alone
        return out
    if isinstance(data, dict) and isinstance(data.get("inclure"), list):
        for rel in data["inclure"]:
            if isinstance(rel, str):
                out.append(path.parent / rel)
    return out


class Watcher:
    """Calls `on_change(changed_paths)` after each save of a watched file."""

    def __init__(self, targets: Iterable[Path],
                 expand: Callable[[Path], list[Path]] = files_of,
                 interval: float = DEFAULT_INTERVAL) -> None:
        self.targets = list(targets)
        self.expand = expand
        self.interval = interval
        self.stop_event = threading.Event()
        self._seen: dict[Path, Signature] = {}
        self._expanded: dict[Path, tuple[Signature, list[Path]]] = {}
        self.refresh()

    def watched(self) -> list[Path]:
        """The targets and what they include (re-read only when a target changed)."""
        out: list[Path] = []
        for target in self.targets:
            now = signature(target)
            cached = self._expanded.get(target)
            if cached is None or cached[0] != now:
                cached = (now, self.expand(target))
                self._expanded[target] = cached
            for path in cached[1]:
                if path not in out:
                    out.append(path)
        return out

    def refresh(self) -> None:
        """Take the current signatures as the reference (after a check has run)."""
        self._seen = {p: signature(p) for p in self.watched()}

    def changed(self) -> list[Path]:
        """Watched files whose signature differs from the reference (and record them)."""
        out = []
        for path in self.watched():
            now = signature(path)
            if self._seen.get(path, now) != now or path not in self._seen:
                out.append(path)
            self._seen[path] = now
        return out

    def run(self, on_change: Callable[[list[Path]], None]) -> None:
        """Poll until `stop()`; `on_change` runs in this thread, one save at a time.

        The reference is taken before `on_change` runs, so a save made during a check is
        seen at the next poll; files newly included by the saved version are added.
        """
        while not self.stop_event.wait(self.interval):
            found = self.changed()
            if found:
                on_change(found)
                self.track_new()

    def track_new(self) -> None:
        """Start watching files the targets now include (fragments added by a save)."""
        for path in self.watched():
            if path not in self._seen:
                self._seen[path] = signature(path)

    def stop(self) -> None:
        self.stop_event.set()
