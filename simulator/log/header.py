"""Lazy header: split an inline world off line 1 without parsing it.

In a log written before worlds were stored by hash, the world is ~95 % of the header line
and most readers (scoring, listings, sidecars) never look at it. Canonical JSON sorts keys
and no header key sorts after `world`, so the line reads
`{…,"type":"header","world":{…},"hash":"…"[,"mac":"…"]}`: the header without its world
is the text before `,"world":` joined to the hash tail. Quotes inside JSON strings are
always escaped, so `,"world":` is structural; when it is not the top-level key (a world
that itself holds a `world` key), the joined text is not a balanced object and the caller
parses the whole line instead. The hash is checked on the stored bytes either way.
"""

from __future__ import annotations

import json
from typing import Any

_WORLD = ',"world":'
_TAIL = ',"hash":"'


def split_world(text: str) -> tuple[dict[str, Any], str] | None:
    """`(header without world, world text)` of a header line, or None to parse it whole."""
    tail_at = text.rfind(_TAIL)
    if tail_at < 0:
        return None
    at = text.rfind(_WORLD, 0, tail_at)
    if at < 0:
        return None
    world_text = text[at + len(_WORLD):tail_at]
    if not (world_text.startswith("{") and world_text.endswith("}")):
        return None
    try:
        head = json.loads(text[:at] + text[tail_at:])
    except (ValueError, RecursionError):
        return None
    if not isinstance(head, dict) or "world" in head:
        return None
    return head, world_text
