"""argparse `type=` converters with French messages.

argparse's own message for `type=int` is « valeur invalide (int) : 'abc' », which names a
Python type. These converters say what is expected in French; the error is still printed
by the parser (usage + exit status 2). For `--seed`, `--runs`, `--companies`…
"""

from __future__ import annotations

import argparse

MAX_SEED = 2**63 - 1


def _parse_int(text: str, expected: str) -> int:
    cleaned = text.strip().replace("_", "").replace("\u202f", "").replace(" ", "")
    digits = cleaned[1:] if cleaned[:1] in ("+", "-") else cleaned
    if not digits.isascii() or not digits.isdigit():
        raise argparse.ArgumentTypeError(f"{expected}, pas « {text} »")
    return int(cleaned)


def integer(text: str) -> int:
    """Any whole number (`type=integer`)."""
    return _parse_int(text, "nombre entier attendu")


def positive_int(text: str) -> int:
    """A whole number ≥ 1 (a count of runs, of items…)."""
    value = _parse_int(text, "nombre entier attendu")
    if value < 1:
        raise argparse.ArgumentTypeError(f"nombre entier d'au moins 1 attendu, pas {value}")
    return value


def non_negative_int(text: str) -> int:
    """A whole number ≥ 0."""
    value = _parse_int(text, "nombre entier attendu")
    if value < 0:
        raise argparse.ArgumentTypeError(f"nombre entier positif ou nul attendu, pas {value}")
    return value


def seed(text: str) -> int:
    """A random seed: a whole number that fits in 64 bits (other tools read the logs)."""
    value = _parse_int(text, "graine entière attendue")
    if abs(value) > MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"graine trop grande : au plus {MAX_SEED} en valeur absolue, pas {value}")
    return value
