"""Canonical JSON, the hash chain and the HMAC signature (docs/CONTRACTS.md §3).

The on-disk line of a record is `canonical(body)` with the closing brace replaced by
`,"hash":"…"` (and `,"mac":"…"` when signed) and `}`: the hashed text is therefore a
prefix of the stored line, which lets the reader verify the chain without re-serialising
every event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any

ZERO_HASH = "0" * 64
LOG_FORMAT = "ntc-log/1"
EVAL_FORMAT = "ntc-eval/1"
CHAIN_KEYS = ("hash", "mac")

_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")   # how Python keeps a non-UTF-8 byte


def _escape_surrogate(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def canonical(obj: Any) -> str:
    """Return the canonical JSON text of `obj` (sorted keys, no spaces, UTF-8 kept).

    A non-UTF-8 byte of a file name (kept by Python as the lone surrogate `\\udcXX`) cannot
    be written as UTF-8: it is written as a JSON escape, which reads back as the same text.
    Any other lone surrogate is still refused (UnicodeEncodeError when the line is built).
    """
    text = _encode(obj)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = _ESCAPED_BYTE.sub(_escape_surrogate, text)
    return text


def strip_chain(obj: dict[str, Any]) -> dict[str, Any]:
    """Return `obj` without its `hash` and `mac` fields (what the hash covers)."""
    return {k: v for k, v in obj.items() if k not in CHAIN_KEYS}


def hash_text(prev: str, body: str) -> str:
    """SHA-256 hex of the previous hash followed by an already canonical body."""
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def chain_hash(prev: str, obj: dict[str, Any]) -> str:
    """Hash of a record (its `hash`/`mac` fields ignored) chained after `prev`."""
    return hash_text(prev, canonical(strip_chain(obj)))


def mac_of(key: bytes, record_hash: str) -> str:
    """HMAC-SHA256 hex of a record hash with the training centre's key."""
    return hmac.digest(key, record_hash.encode("ascii"), "sha256").hex()


class Signer:
    """HMAC-SHA256 with the key's inner and outer pads hashed once (RFC 2104).

    Same result as `mac_of`, about three times faster: it runs once per line read.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def mac(self, record_hash: str) -> str:
        """HMAC-SHA256 hex of a record hash."""
        inner = self._inner.copy()
        inner.update(record_hash.encode("ascii"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def record_line(prev: str, body: str, key: bytes | None) -> tuple[str, str, str | None]:
    """Build the stored line (with newline) of a canonical body: `(line, hash, mac)`."""
    record_hash = hash_text(prev, body)
    tail = ',"hash":"' + record_hash + '"'
    mac = None
    if key is not None:
        mac = mac_of(key, record_hash)
        tail += ',"mac":"' + mac + '"'
    return body[:-1] + tail + "}\n", record_hash, mac
