"""Keep French no-break spaces unbroken when Textual wraps text.

The word wraps of Rich (`rich._wrap.re_word`, used by Textual's `Content`) and of Textual's
documents (`textual._wrap.re_chunk`) cut at every Unicode space, no-break ones included, so
« 7,4 % » could still end a line on « 7,4 » and start the next on « % ». `install()` makes
U+00A0, U+202F and U+2007 part of the word they join; a test (tests/tui/test_tui_keyboard.py)
fails if an upgrade of either library moves these internals."""

from __future__ import annotations

import re

NO_BREAK = "\u00a0\u202f\u2007"
_SPACE = rf"[^\S{NO_BREAK}]"      # a space where a line may break
_WORD = rf"(?:[^\s]|[{NO_BREAK}])+"
CHUNK = re.compile(rf"{_WORD}{_SPACE}*|{_SPACE}+")
WORD = re.compile(rf"{_SPACE}*{_WORD}{_SPACE}*")


def install() -> None:
    """Patch the two wrappers (idempotent)."""
    from rich import _wrap as rich_wrap
    from textual import _wrap as textual_wrap

    rich_wrap.re_word = WORD
    textual_wrap.re_chunk = CHUNK
