"""Typed answers of `choix` questions: a yes/no question whose `attendu` is a boolean.

`attendu: "client.litige"` (vrai/faux) with `options: [oui, non]` must mark « oui » right
when the value is true — not compare « True » with « oui ». The checker accepts a boolean
`attendu` only when the options are such a pair (`option_pair`); the engine turns the
boolean into the option to expect (`expected_option`). One rule, used by both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# (word for true, word for false), compared without case or accents.
PAIRS: tuple[tuple[str, str], ...] = (
    ("oui", "non"), ("vrai", "faux"), ("true", "false"), ("yes", "no"),
    ("juste", "faux"), ("exact", "inexact"), ("correct", "incorrect"),
)


def _plain(text: str) -> str:
    raw = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(raw.lower().split())


def option_pair(options: Sequence[str]) -> tuple[str, str] | None:
    """(option meaning true, option meaning false) when the options are such a pair."""
    if len(options) != 2:
        return None
    words = [_plain(o) for o in options]
    for yes, no in PAIRS:
        if set(words) == {yes, no}:
            return (options[words.index(yes)], options[words.index(no)])
    return None


def expected_option(value: object, options: Sequence[str]) -> object:
    """The option a boolean expected value stands for; any other value is returned as is."""
    if isinstance(value, bool):
        pair = option_pair(options)
        if pair is not None:
            return pair[0] if value else pair[1]
    return value
