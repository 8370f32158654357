"""Files written by `ntc` commands: never over one of their inputs, French OS errors.

A report or diagram written with `--out`/`-o` must not destroy what the user cannot
recreate: the file being read (`ntc score J.jsonl --out J.jsonl`), a session log or a
scenario. A previous report may be overwritten. Shared by every command that writes a file
the user names (play_cmd can adopt `guard_output`/`write_output` too).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from simulator.cli.errors import UserError
from simulator.oserrors import OS_REASONS, os_reason

__all__ = ["OS_REASONS", "guard_output", "looks_precious", "os_reason", "write_output"]

_SNIFF_BYTES = 64 * 1024
_LOG_FORMAT = re.compile(rb'"format"\s*:\s*"ntc-(?:log|eval)/')
_SCENARIO_KEY = re.compile(rb"^(?:noeuds|debut)\s*:", re.MULTILINE)
_SCENARIO_SUFFIXES = (".yaml", ".yml")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        try:
            return a.resolve() == b.resolve()
        except (OSError, RuntimeError):
            return False


def looks_precious(path: Path) -> str | None:
    """What an existing file is when it must not be overwritten by a report, else None."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return None
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"{") and _LOG_FORMAT.search(body.split(b"\n", 1)[0]):
        return "un journal de session"
    if path.suffix.lower() == ".jsonl":
        return "un journal de session"
    if path.suffix.lower() in _SCENARIO_SUFFIXES or _SCENARIO_KEY.search(body):
        return "un fichier de scénario"
    return None


def _special_kind(path: Path) -> str | None:
    """What an existing non-regular file is (a FIFO would block the command forever)."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISSOCK(mode):
        return "une socket"
    return "un fichier spécial"


def guard_output(output: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Check that `output` may be (over)written; UserError (status 2) otherwise.

    Refused: a directory, one of the command's inputs (same file, whatever the path
    spelling or link), an existing session log or scenario file.
    """
    path = Path(output)
    if path.is_dir():
        raise UserError(f"{output} est un dossier : indiquez un fichier à écrire", 2)
    special = _special_kind(path)
    if special is not None:
        raise UserError(f"{output} est {special}, pas un fichier ordinaire : refus d'y écrire "
                        "(indiquez un fichier ordinaire)", 2)
    if path.exists():
        for given in inputs:
            if _same(path, Path(given)):
                raise UserError(
                    f"{output} est aussi un fichier lu par cette commande : refus de "
                    "l'écraser (choisissez un autre fichier de sortie)", 2)
        kind = looks_precious(path)
        if kind is not None:
            raise UserError(
                f"{output} existe et semble être {kind} : refus de l'écraser "
                "(choisissez un autre fichier de sortie)", 2)
    return path


def write_output(output: str | Path, text: str, inputs: Iterable[str | Path] = ()) -> Path:
    """Write `text` (UTF-8) to `output` after `guard_output`; French UserError (1) on failure."""
    path = guard_output(output, inputs)
    try:
        # surrogateescape: a non-UTF-8 file name in the text is written back as its bytes
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise UserError(f"impossible d'écrire {output} : {os_reason(exc)}", 1) from None
    return path
