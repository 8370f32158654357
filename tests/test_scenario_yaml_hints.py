"""YAML mistakes a trainer makes, injected at many lines of the shipped scenarios.

Each mistake must give ONE first message naming its cause, at the line and column of the
character to change — wherever it is made, not only at the lines of tests/data/broken/.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from simulator.scenario import validate
from simulator.scenario.library import scenarios_dir

SHIPPED = sorted(scenarios_dir().glob("*.yaml"))
PER_FILE = 2          # lines tried per kind of mistake and per scenario (seeded choice)

# A mistake: (kind, rewrite of the file's lines at index i or None, expected line, col, words)
Mistake = tuple[list[str], int, int, str]
Maker = Callable[[list[str], int], Mistake | None]

_QUOTED = re.compile(r'^( *)(- )?([a-z_]+): "([^"\\]*)"\s*$')
_KEY = re.compile(r"^( +)([a-z_]+): (\S.*)$")
_ITEM = re.compile(r"^( *)- (id|critere|si|vers): ")
_CONDITION = re.compile(r'^( *)(condition|si): "([^"]*?) (>=|<=) ')


def _sibling_scalar(lines: list[str], i: int) -> bool:
    """Line i-1 is a `key: value` line at the same indentation as line i."""
    if i == 0 or not _KEY.match(lines[i]):
        return False
    prev = lines[i - 1]
    indent = len(lines[i]) - len(lines[i].lstrip())
    return bool(re.match(r"^ +[a-z_]+: \S", prev)) and \
        len(prev) - len(prev.lstrip()) == indent and not prev.rstrip().endswith(("|", ">"))


def unclosed(lines: list[str], i: int) -> Mistake | None:
    m = _QUOTED.match(lines[i])
    if not m or len(m.group(4)) < 5:
        return None
    new = lines.copy()
    new[i] = lines[i].rstrip()[:-1]
    return new, i + 1, lines[i].index('"') + 1, "jamais fermé"


def unclosed_single(lines: list[str], i: int) -> Mistake | None:
    m = _QUOTED.match(lines[i])
    if not m or "'" in m.group(4) or len(m.group(4)) < 5:
        return None
    new = lines.copy()
    q = lines[i].index('"')
    new[i] = lines[i][:q] + "'" + m.group(4)
    return new, i + 1, q + 1, "jamais fermée"


def inner(lines: list[str], i: int) -> Mistake | None:
    m = _QUOTED.match(lines[i])
    if not m or " " not in m.group(4).strip():
        return None
    body = m.group(4)
    space = body.index(" ", 1)
    new = lines.copy()
    new[i] = lines[i].replace(f'"{body}"', f'"{body[:space]} "{body[space + 1:]}"')
    return new, i + 1, lines[i].index('"') + space + 3, "à l'intérieur"


def inner_single(lines: list[str], i: int) -> Mistake | None:
    m = _QUOTED.match(lines[i])
    if not m or "'" in m.group(4) or " " not in m.group(4).strip():
        return None
    body = m.group(4)
    space = body.index(" ", 1)
    q = lines[i].index('"')
    new = lines.copy()
    new[i] = lines[i][:q] + f"'{body[:space]}'{body[space + 1:]}'"
    return new, i + 1, q + space + 2, "à l'intérieur"


def missing_dash(lines: list[str], i: int) -> Mistake | None:
    m = _ITEM.match(lines[i])
    if not m:
        return None
    new = lines.copy()
    new[i] = lines[i].replace("- ", "  ", 1)
    return new, i + 1, len(m.group(1)) + 3, "manque"


def dash_at_column(lines: list[str], i: int) -> Mistake | None:
    """« id: » written where the « - » was, the rest of the item left in place."""
    m = _ITEM.match(lines[i])
    if not m or i + 1 >= len(lines) or not re.match(rf"^{m.group(1)}  \S", lines[i + 1]):
        return None
    before = [ln for ln in lines[:i] if ln.strip()]
    if not before or not re.match(rf"^{m.group(1)}  \S", before[-1]):
        return None                          # not after another item of the same list
    new = lines.copy()
    new[i] = lines[i].replace("- ", "", 1)
    return new, i + 1, len(m.group(1)) + 1, "manque"


def over_indented(lines: list[str], i: int) -> Mistake | None:
    if not _sibling_scalar(lines, i):
        return None
    new = lines.copy()
    new[i] = "  " + lines[i]
    return new, i + 1, len(lines[i]) - len(lines[i].lstrip()) + 3, "plus indenté"


def under_indented(lines: list[str], i: int) -> Mistake | None:
    if not _sibling_scalar(lines, i) or not lines[i].startswith("  "):
        return None
    new = lines.copy()
    new[i] = lines[i][1:]
    return new, i + 1, len(lines[i]) - len(lines[i].lstrip()), "indentation"


def nbsp_before_colon(lines: list[str], i: int) -> Mistake | None:
    m = _KEY.match(lines[i])
    if not m:
        return None
    new = lines.copy()
    new[i] = lines[i].replace(": ", "\u00a0: ", 1)
    return new, i + 1, len(m.group(1)) + len(m.group(2)) + 1, "espace insécable (U+00A0)"


def nbsp_indent(lines: list[str], i: int) -> Mistake | None:
    m = _KEY.match(lines[i])
    if not m or len(m.group(1)) < 2:
        return None
    new = lines.copy()
    new[i] = " " + "\u202f" + lines[i][2:]
    return new, i + 1, 2, "espace fine insécable (U+202F)"


def zero_width(lines: list[str], i: int) -> Mistake | None:
    m = _KEY.match(lines[i])
    if not m or len(m.group(2)) < 3:
        return None
    new = lines.copy()
    at = len(m.group(1)) + 2
    new[i] = lines[i][:at] + "\u200b" + lines[i][at:]
    return new, i + 1, at + 1, "espace sans chasse (U+200B)"


def leading_brace(lines: list[str], i: int) -> Mistake | None:
    m = _KEY.match(lines[i])
    if not m or m.group(3)[0] in "\"'[{|>":
        return None
    new = lines.copy()
    new[i] = f"{m.group(1)}{m.group(2)}: {{client.nom}} {m.group(3)}"
    return new, i + 1, len(m.group(1)) + len(m.group(2)) + 3, "« { »"


def leading_bracket(lines: list[str], i: int) -> Mistake | None:
    m = _QUOTED.match(lines[i])
    if not m or m.group(4)[:1] in "[{" or len(m.group(4)) < 5:
        return None
    new = lines.copy()
    q = lines[i].index('"')
    new[i] = lines[i][:q] + "[Note] " + m.group(4)
    return new, i + 1, q + 1, "« [ »"


def tab_indent(lines: list[str], i: int) -> Mistake | None:
    m = _KEY.match(lines[i])
    if not m or len(m.group(1)) < 2:
        return None
    new = lines.copy()
    new[i] = "\t" + lines[i][2:]
    return new, i + 1, 1, "tabulation"


def unquoted_colon(lines: list[str], i: int) -> Mistake | None:
    """A text with « : » written without its quotes."""
    m = _QUOTED.match(lines[i])
    if not m or " : " not in m.group(4) or m.group(4)[0] in "{[&*!|>%@`'-?#":
        return None
    body = m.group(4)
    if any(ch in body for ch in "#{}[]") or body.rstrip().endswith(":"):
        return None
    new = lines.copy()
    q = lines[i].index('"')
    new[i] = lines[i][:q] + body
    return new, i + 1, q + body.index(" : ") + 2, "« : » inattendu"


def arrow(lines: list[str], i: int) -> Mistake | None:
    m = _CONDITION.match(lines[i])
    if not m:
        return None
    wrong = "=>" if m.group(4) == ">=" else "=<"
    new = lines.copy()
    new[i] = lines[i].replace(f" {m.group(4)} ", f" {wrong} ", 1)
    col = len(m.group(1)) + len(m.group(2)) + 4 + len(m.group(3)) + 1
    return new, i + 1, col, f"écrivez « {m.group(4)} »"


MAKERS: dict[str, Maker] = {
    "guillemet-non-ferme": unclosed, "apostrophe-non-fermee": unclosed_single,
    "guillemet-interieur": inner, "apostrophe-interieure": inner_single,
    "tiret-oublie": missing_dash, "tiret-oublie-colonne": dash_at_column,
    "trop-indente": over_indented, "pas-assez-indente": under_indented,
    "insecable-avant-deux-points": nbsp_before_colon, "fine-insecable-indentation": nbsp_indent,
    "sans-chasse": zero_width, "accolade": leading_brace, "fleche": arrow,
    "crochet": leading_bracket, "tabulation": tab_indent, "deux-points": unquoted_colon,
}


def _cases() -> Iterator[tuple[str, Path, int]]:
    for path in SHIPPED:
        lines = path.read_text(encoding="utf-8").split("\n")
        for kind, maker in MAKERS.items():
            order = list(range(len(lines)))
            random.Random(f"{path.name}:{kind}").shuffle(order)
            found = [i for i in order if maker(lines, i) is not None][:PER_FILE]
            for i in found:
                yield kind, path, i


CASES = list(_cases())


def test_every_kind_of_mistake_is_tried() -> None:
    assert {kind for kind, _p, _i in CASES} == set(MAKERS)


@pytest.mark.parametrize(("kind", "path", "index"), CASES,
                         ids=[f"{k}-{p.stem}-{i + 1}" for k, p, i in CASES])
def test_mistake_is_named_first_at_its_place(kind: str, path: Path, index: int,
                                             tmp_path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    made = MAKERS[kind](lines, index)
    assert made is not None
    new, line, col, words = made
    target = tmp_path / path.name
    (tmp_path / "fragments").symlink_to(path.parent / "fragments")
    target.write_text("\n".join(new), encoding="utf-8")
    problems = validate(target)
    assert problems, "aucun problème signalé"
    first = problems[0]
    assert (first.pos.line, first.pos.col) == (line, col), f"{first.pos}: {first.message}"
    assert words in first.message, first.message
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1, "\n".join(str(p) for p in errors)
