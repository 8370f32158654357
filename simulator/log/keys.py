"""Where the training centre's signing key comes from (env `NTC_LOG_KEY` or a key file)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from simulator.log.bounded import NotReadable, read_regular
from simulator.log.errors import LogError

KEY_ENV = "NTC_LOG_KEY"
KEY_FILE_ENV = "NTC_LOG_KEY_FILE"
MAX_KEY_BYTES = 64 * 1024


def signing_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """Return the HMAC key, or None when none is configured.

    `NTC_LOG_KEY` holds the key text itself and wins over `NTC_LOG_KEY_FILE`, the path of a
    file holding it (surrounding whitespace, e.g. a final newline, is ignored).
    """
    env = os.environ if environ is None else environ
    text = env.get(KEY_ENV, "")
    if text.strip():
        # os.environ keeps non-UTF-8 bytes as lone surrogates: give back the same bytes
        return text.strip().encode("utf-8", "surrogateescape")
    file_name = env.get(KEY_FILE_ENV, "").strip()
    if not file_name:
        return None
    return read_key_file(Path(file_name), f"variable {KEY_FILE_ENV}")


def read_key_file(path: Path, source: str) -> bytes:
    """The key held by a key file (whitespace around it ignored); LogError in French.

    `source` says where the path came from (« variable NTC_LOG_KEY_FILE », « --cle-centre »).
    """
    path = path.expanduser()
    try:
        data = read_regular(path, MAX_KEY_BYTES, "un fichier de clé").strip()
    except NotReadable as exc:
        if str(exc).startswith("fichier introuvable"):
            raise LogError(f"Fichier de clé introuvable : {path} ({source}).") from None
        raise LogError(f"Fichier de clé refusé ({source}) : {exc}.") from None
    if not data:
        raise LogError(f"Le fichier de clé {path} est vide ({source}) : "
                       "il doit contenir la clé du centre.")
    return data


def key_id(key: bytes) -> str:
    """A short public name of a key (the start of its SHA-256): says which key, hides it."""
    import hashlib

    return hashlib.sha256(b"ntc-key-id:" + key).hexdigest()[:12]
