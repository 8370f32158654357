"""One log line at a time: splitting raw bytes into lines, parsing a line's JSON, and the
French hint for a broken chain. Shared by the whole-file reader and the streaming one."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

Line = tuple[str | None, bytes | None, bool, bool]


def split_lines(raw: bytes) -> list[tuple[str | None, bytes | None, bool]]:
    """Split into `(text, bytes, terminated)`; text None when not UTF-8, bytes None when
    the line is plain re-encodable text (encoded on demand, to keep the fast path lean)."""
    terminated = raw.endswith(b"\n")
    try:
        texts = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        parts = raw.split(b"\n")
        if terminated:
            parts.pop()
        out: list[tuple[str | None, bytes | None, bool]] = []
        for part in parts:
            try:
                out.append((part.decode("utf-8"), part, True))
            except UnicodeDecodeError:
                out.append((None, part, True))
        if out and not terminated:
            out[-1] = (out[-1][0], out[-1][1], False)
        return out
    if terminated:
        texts.pop()
    lines: list[tuple[str | None, bytes | None, bool]] = [(t, None, True) for t in texts]
    if lines and not terminated:
        lines[-1] = (texts[-1], None, False)
    return lines


def with_last(lines: Iterable[tuple[str | None, bytes | None, bool]]) -> Iterator[Line]:
    """The lines with a fourth item, True for the last one (one line of lookahead)."""
    it = iter(lines)
    previous = next(it, None)
    for line in it:
        assert previous is not None
        yield (*previous, False)
        previous = line
    if previous is not None:
        yield (*previous, True)


_RAW_DECODE = json.JSONDecoder().raw_decode


def parse_line(text: str | None) -> Any:
    """The JSON value of a line, or a marker; raw_decode first (no whitespace regex)."""
    if text is None:
        return BAD_UTF8
    try:
        obj, end = _RAW_DECODE(text)
        if end == len(text):
            return obj
    except (ValueError, RecursionError):
        pass
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return BAD_JSON


def chain_hint(number: int, seq: Any, expected_seq: int) -> str:
    if type(seq) is int and seq > expected_seq:
        missing = (f"n° {expected_seq}" if seq == expected_seq + 1
                   else f"n° {expected_seq} à {seq - 1}")
        return f"événement {missing} absent (ligne supprimée) ou ligne {number} modifiée"
    if type(seq) is int and seq < expected_seq:
        return f"ligne {number} déplacée ou dupliquée (événement n° {seq} déjà passé)"
    return f"ligne {number} modifiée, ou une ligne supprimée ou déplacée juste avant"


class _Marker:
    """Sentinel for a line that could not be parsed."""


BAD_JSON: Any = _Marker()
BAD_UTF8: Any = _Marker()
TOO_LONG: Any = _Marker()
