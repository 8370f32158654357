"""Cache of composed YAML trees, so a scenario file is parsed by libyaml once per content.

`replay --verify`, scoring and the TUI load the same scenarios again and again; parsing the
YAML (libyaml events turned into Python objects) is most of a load. The composed tree
(`YNode`s with their positions) and the soft problems found on the way are stored as JSON
in `<data dir>/cache/yaml/<key>.json`, the key being the SHA-256 of the text, of the name
shown in messages and of this code. JSON reads back several times faster than YAML parses.
Trust does not depend on the cache: `Scenario.sha256` is computed from the tree's values,
so a tree that differs from its file cannot pass for it where a log names the scenario's
hash; a damaged entry is ignored and rewritten. At most `MAX_ENTRIES` files are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.scenario.model import Pos
from simulator.scenario.problems import Problem
from simulator.scenario.yamlsource import YNode, compose_text, read_text

FORMAT = 1
MAX_ENTRIES = 400
SETTLED_S = 120
_CODE = Path(__file__).resolve().parent
_code_key: str | None = None

Composer = Callable[[str, str], tuple[YNode | None, list[Problem]]]


def _code() -> str:
    """Digest of the code that composes and of the cache format (computed once)."""
    global _code_key
    if _code_key is None:
        digest = hashlib.sha256(f"{FORMAT}".encode())
        for name in ("yamlsource.py", "composecache.py"):
            with contextlib.suppress(OSError):
                digest.update((_CODE / name).read_bytes())
        _code_key = digest.hexdigest()
    return _code_key


def cache_dir() -> Path:
    from simulator.datadir import data_dir

    return data_dir() / "cache" / "yaml"


def compose_file(path: Path, display: str) -> tuple[YNode | None, list[Problem]]:
    """`yamlsource.compose_file` (size limit, UTF-8, guards), from the cache when possible.

    A file modified in the last `SETTLED_S` seconds (a trainer editing it) is not stored:
    storing costs about as much as parsing, and its next version would miss anyway.
    """
    text = read_text(path, display)
    try:
        settled = time.time() - path.stat().st_mtime > SETTLED_S
    except OSError:
        settled = False
    return compose_cached(text, display, compose_text, store=settled)


def compose_cached(text: str, display: str, compose: Composer, *, store: bool = True
                   ) -> tuple[YNode | None, list[Problem]]:
    """`compose(text, display)`, from the cache when this exact text was composed before.

    Failures (YamlFailure) are never cached: they are raised again by `compose`.
    """
    key = hashlib.sha256(f"{_code()}\0{display}\0".encode("utf-8", "surrogateescape")
                         + text.encode("utf-8", "surrogateescape")).hexdigest()
    folder = cache_dir()
    path = folder / f"{key}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, IndexError,
                             RecursionError):
        data = json.loads(path.read_bytes())
        if data.get("format") == FORMAT:
            root = None if data["root"] is None else _node(data["root"], display)
            return root, [_problem(p) for p in data["problems"]]
    root, problems = compose(text, display)
    if not store:
        return root, problems
    _store(folder, path, {"format": FORMAT, "root": _plain(root),
                          "problems": [_problem_plain(p) for p in problems]})
    return root, problems


def _plain(node: YNode | None) -> Any:
    if node is None:
        return None
    if node.kind == "scalar":
        value: Any = node.value
    elif node.kind == "seq":
        value = [_plain(item) for item in node.value]
    else:
        value = [[_plain(k), _plain(v)] for k, v in node.value]
    return [node.kind, node.tag, value, node.line, node.col, node.style, node.content_line,
            node.content_col]


def _node(data: Any, display: str) -> YNode:
    kind, tag, value, line, col, style, content_line, content_col = data
    if kind == "scalar":
        node = YNode(kind, tag, value, display, line, col, style)
    elif kind == "seq":
        node = YNode(kind, tag, [_node(item, display) for item in value], display, line, col,
                     style)
    else:
        pairs = [(_node(k, display), _node(v, display)) for k, v in value]
        node = YNode(kind, tag, pairs, display, line, col, style)
        node.keys = {k.value: (k, v) for k, v in pairs}
    node.content_line, node.content_col = content_line, content_col
    return node


def _problem_plain(problem: Problem) -> list[Any]:
    pos = problem.pos
    return [pos.path, pos.line, pos.col, problem.message, problem.severity]


def _problem(data: list[Any]) -> Problem:
    path, line, col, message, severity = data
    return Problem(Pos(path, line, col), message, severity)


def _store(folder: Path, path: Path, data: dict[str, Any]) -> None:
    """Atomic write; a read-only or full disk means no cache, never an error."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                       encoding="utf-8")
        os.replace(tmp, path)
        _prune(folder)
    except (OSError, ValueError, RecursionError):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) - MAX_ENTRIES // 2]:
        with contextlib.suppress(OSError):
            old.unlink()
