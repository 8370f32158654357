"""Where the training centre's signing key comes from (env `NTC_LOG_KEY` or a key file)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from simulator.log.errors import LogError

KEY_ENV = "NTC_LOG_KEY"
KEY_FILE_ENV = "NTC_LOG_KEY_FILE"


def signing_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """Return the HMAC key, or None when none is configured.

    `NTC_LOG_KEY` holds the key text itself and wins over `NTC_LOG_KEY_FILE`, the path of a
    file holding it (surrounding whitespace, e.g. a final newline, is ignored).
    """
    env = os.environ if environ is None else environ
    text = env.get(KEY_ENV, "")
    if text.strip():
        return text.strip().encode("utf-8")
    file_name = env.get(KEY_FILE_ENV, "").strip()
    if not file_name:
        return None
    path = Path(file_name).expanduser()
    try:
        data = path.read_bytes().strip()
    except FileNotFoundError:
        raise LogError(
            f"Fichier de clé introuvable : {path} (variable {KEY_FILE_ENV})."
        ) from None
    except IsADirectoryError:
        raise LogError(f"{path} est un dossier, pas un fichier de clé ({KEY_FILE_ENV}).") from None
    except OSError as exc:
        raise LogError(
            f"Impossible de lire le fichier de clé {path} ({KEY_FILE_ENV}) : "
            f"{exc.strerror or exc}."
        ) from None
    if not data:
        raise LogError(f"Le fichier de clé {path} est vide ({KEY_FILE_ENV}).")
    return data
