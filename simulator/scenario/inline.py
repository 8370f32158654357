"""Inline conditional text: `{si CONDITION : texte si vrai | texte sinon}` inside a line.

A client line can then depend on what the trainee already did without one node per case:
« {si rdv_propose : Le 12, c'est parfait. | Quel jour vous conviendrait ?} ». The condition
is an expression (expressions.py); the texts may hold placeholders and further conditionals.
A placeholder path never contains a space, so `{si ` cannot be mistaken for one.

Parsing is pure and shared: the checker reports errors at their column, the engine renders
with `render(text, test)` where `test` evaluates a condition source in the session.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_START = re.compile(r"\{si\s")


@dataclass(frozen=True)
class Conditional:
    """One `{si …}` segment; offsets are 0-based indexes into the whole text."""

    start: int                 # index of « { »
    end: int                   # index after « } »
    condition: str
    condition_at: int
    then: str
    then_at: int
    otherwise: str
    otherwise_at: int


class InlineError(ValueError):
    """A malformed segment: French `message`, 0-based `offset` into the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _closing(text: str, start: int) -> int:
    """Index of the « } » matching the « { » at `start` (nested braces counted)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise InlineError("texte conditionnel « {si … } » jamais fermé : ajoutez « } » à la fin",
                      start)


def _split_top(body: str, sep: str) -> int:
    """Index of the first `sep` of `body` outside nested braces and quotes, or -1."""
    depth = 0
    quote = ""
    for i, ch in enumerate(body):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"" and sep == ":":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == sep and depth == 0:
            return i
    return -1


def conditionals(text: str) -> list[Conditional]:
    """The top-level `{si …}` segments of `text`, in order; raises InlineError."""
    out: list[Conditional] = []
    pos = 0
    while True:
        found = _START.search(text, pos)
        if found is None:
            return out
        start = found.start()
        end = _closing(text, start)
        body_at = found.end()
        body = text[body_at:end]
        colon = _split_top(body, ":")
        if colon < 0:
            raise InlineError("texte conditionnel : écrivez « {si condition : texte} » ou "
                              "« {si condition : texte | sinon} » (« : » manquant)", start)
        condition = body[:colon]
        rest_at = body_at + colon + 1
        rest = body[colon + 1:]
        bar = _split_top(rest, "|")
        then, otherwise = (rest, "") if bar < 0 else (rest[:bar], rest[bar + 1:])
        if not condition.strip():
            raise InlineError("texte conditionnel : la condition est vide", body_at)
        out.append(Conditional(
            start=start, end=end + 1,
            condition=condition.strip(), condition_at=body_at + _lead(condition),
            then=then.strip(), then_at=rest_at + _lead(then),
            otherwise=otherwise.strip(),
            otherwise_at=(rest_at + bar + 1 + _lead(otherwise)) if bar >= 0 else end))
        pos = end + 1


def _lead(part: str) -> int:
    return len(part) - len(part.lstrip())


def masked(text: str) -> str:
    """`text` with every `{si …}` segment blanked (same length, so offsets still hold).

    A malformed segment is blanked too (up to its « } », or to the end when unclosed): its
    error is reported once, not again as a malformed placeholder.
    """
    out = text
    pos = 0
    while True:
        found = _START.search(out, pos)
        if found is None:
            return out
        start = found.start()
        try:
            end = _closing(out, start) + 1
        except InlineError:
            end = len(out)
        out = out[:start] + " " * (end - start) + out[end:]
        pos = end


def render(text: str, test: Callable[[str], bool]) -> str:
    """Replace every `{si …}` by the text its condition selects (recursively)."""
    if "{si" not in text:
        return text
    parts: list[str] = []
    pos = 0
    for seg in conditionals(text):
        before = text[pos:seg.start]
        chosen = render(seg.then if test(seg.condition) else seg.otherwise, test)
        after = text[seg.end:seg.end + 1]
        if not chosen and before.endswith(" ") and (after in (" ", "") or after in ",.;:!?"):
            before = before[:-1]          # « Bonjour {si vip : cher client} ! » stays tidy
        parts.append(before)
        parts.append(chosen)
        pos = seg.end
    parts.append(text[pos:])
    return "".join(parts)
