"""Where an audit finds what a replay needs, looked up once: the scenario (loaded once per
file state in this process) and, for scoring, the world only when it is needed."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any


def resolve(header: dict[str, Any], given: Any) -> tuple[Any, str | None]:
    """(scenario, None) or (None, French reason): the scenario a replay of `header` uses."""
    from simulator.engine.rerun import ReplayError, scenario_for

    try:
        return scenario_for(header, given or cached_scenario(header)), None
    except ReplayError as exc:
        return None, str(exc)


def world_getter(stream: Any) -> Callable[[], dict[str, Any] | None]:
    """The world on demand (`LazyWorld`: None when it cannot be read, the audit then
    refuses the log; `mentions(key)` probes its text without parsing it)."""
    from simulator.log.lazyworld import LazyWorld

    return LazyWorld(stream.result)


def with_world(audit: Any, lazy: Any) -> bool:
    """Load a lazily read world into `audit.header` (for a replay); False (refused, as
    `read_log` would have) when it cannot be read. A crash-cut log stays scorable."""
    if lazy is None or "world" in (audit.header or {}):
        return True
    from simulator.log.reader import attach_world

    before = len(lazy.issues)
    attach_world(lazy)
    if len(lazy.issues) > before:
        audit.refused, audit.altered = lazy.issues[-1].message, True
        return False
    audit.header = lazy.header
    return True


_SCENARIOS: dict[tuple[str, int, int, int], Any] = {}


def cached_scenario(header: dict[str, Any]) -> Any:
    """The scenario file a replay would load, loaded once per file state in this process.

    Same order as `simulator.engine.replay.scenario_for` (recorded path, then shipped id);
    None when unsure, so that `scenario_for` resolves (and reports) it itself.
    """
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, load_scenario, resolve

    info = header.get("scenario") if isinstance(header.get("scenario"), dict) else {}
    assert isinstance(info, dict)
    recorded = info.get("path")
    sid = info.get("id")
    st: os.stat_result | None = None
    try:
        if isinstance(recorded, str) and recorded:
            st = os.stat(recorded)
            if not stat.S_ISREG(st.st_mode):
                st = None
    except (OSError, ValueError):
        st = None
    try:
        if st is not None:
            assert isinstance(recorded, str)
            path = Path(recorded)
        elif isinstance(sid, str) and sid and "/" not in sid and "\\" not in sid:
            path = resolve(sid)
            st = os.stat(path)
        else:
            return None
    except (OSError, ValueError, ScenarioNotFound):
        return None
    # The file's state names the entry (stat follows links, as the load does); no
    # `Path.resolve()` per log: a cohort asks this for every one of its files.
    key = (os.path.abspath(path), st.st_ino, st.st_mtime_ns, st.st_size)
    if key not in _SCENARIOS:
        if len(_SCENARIOS) > 64:
            _SCENARIOS.clear()
        try:
            _SCENARIOS[key] = load_scenario(path)
        except (ScenarioInvalid, ScenarioNotFound):
            return None
    return _SCENARIOS[key]


def check_world(result: Any) -> None:
    """A by-hash world checked (present, same hash) but not parsed; a fault becomes a
    fatal issue of `result`, as `attach_world` makes it."""
    from simulator.log import LogError
    from simulator.log.result import Issue
    from simulator.log.worlds import check_world as check

    sha = result.world_sha256
    if sha is None or result.header is None:
        return
    try:
        check(result.world_dir if result.world_dir is not None else result.path.parent, sha)
    except LogError as exc:
        result.issues.append(Issue(str(exc)))
        result.verified = result.signature_checked = False
