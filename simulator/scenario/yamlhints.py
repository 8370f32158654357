"""Explain YAML syntax errors by their likely cause, as a trainer would make them.

libyaml says where it gave up (« did not find expected key », three lines after an unclosed
quote); a trainer needs the cause and the fix. The rules here read the source lines around
the failure — a missing « - », a line indented too far or not far enough, an unclosed or an
inner quote, a value starting with « { » or « [ », an invisible character pasted from a word
processor, a Windows path — and point at the character to change. Each rule returns at most
one `Problem`; `explain` tries them from the most specific to the most general.
"""

from __future__ import annotations

import re

from simulator.scenario.problems import Problem
from simulator.scenario.yamllines import (  # noqa: F401 - re-exported
    _BLANK,
    _BLOCK_INDICATOR,
    _INV_CLASS,
    _KEY_LINE,
    INVISIBLE,
    INVISIBLE_CLASS,
    PREFIX,
    Line,
    _problem,
    _strip_comment,
    invisible_message,
    invisible_name,
    scan_lines,
)


# -- invisible characters --------------------------------------------------------------
def structural_invisible(line: Line) -> int | None:
    """0-based index of an invisible character where YAML reads structure, if any.

    Structure is the indentation, the « - » marker, a key and the blank after its « : ».
    Inside a value (a French text may hold no-break spaces before « : ») they are fine.
    """
    if line.block:
        return None
    text = line.text
    i = 0
    while i < len(text) and text[i] in _BLANK:
        if text[i] in INVISIBLE:
            return i
        i += 1
    while i < len(text) and text[i] == "-" and (i + 1 == len(text) or text[i + 1] in _BLANK):
        i += 1
        while i < len(text) and text[i] in _BLANK:
            if text[i] in INVISIBLE:
                return i
            i += 1
    match = _KEY_LINE.match(text)
    if match is None:
        # « texte:\u00a0"…" »: the colon is glued to an invisible character.
        glued = re.match(rf"^[ \-]*[A-Za-z_][\w-]*:([{_INV_CLASS}])", text)
        return glued.start(1) if glued else None
    for j in range(match.start("key"), match.end("colon")):
        if text[j] in INVISIBLE:
            return j
    j = match.end("colon")
    while j < len(text) and text[j] in _BLANK:
        if text[j] in INVISIBLE:
            return j
        j += 1
    return None


def invisible_problem(lines: list[Line], display: str, last: int) -> Problem | None:
    """The invisible character in a structural place nearest before line `last`."""
    for line in reversed(lines[:last]):
        index = structural_invisible(line)
        if index is not None:
            return _problem(display, line.number, index + 1,
                            invisible_message(line.text[index])[len(PREFIX):])
    return None


# -- quotes ----------------------------------------------------------------------------
_VALUE_QUOTE = re.compile(r"^(?P<head>\s*(?:-\s+)*(?:[^\s\"'#][^:]*?:\s+)?(?:-\s+)*)(?P<q>[\"'])")


def _closing(text: str, start: int, quote: str) -> int | None:
    """Index of the quote closing the one at `start` on the same line, None if unclosed."""
    i = start + 1
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and i + 1 < len(text) and text[i + 1] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _opening(line: Line) -> tuple[int, str] | None:
    if line.block or line.blank:
        return None
    match = _VALUE_QUOTE.match(line.text)
    if match is None:
        return None
    return match.start("q"), match.group("q")


def _closes_on(lines: list[Line], start_line: int, start: int, quote: str) -> int | None:
    """1-based line where a quote opened at (start_line, start) closes; None: never."""
    text = lines[start_line - 1].text
    if _closing(text, start, quote) is not None:
        return start_line
    for line in lines[start_line:]:
        if _closing(" " + line.text, 0, quote) is not None:
            return line.number
    return None


def unclosed_quote(lines: list[Line], display: str, err_line: int) -> Problem | None:
    """A quote opened on an earlier line that only closes at (or after) the error line."""
    for line in reversed(lines[:err_line]):
        found = _opening(line)
        if found is None:
            continue
        start, quote = found
        if _closing(line.text, start, quote) is not None:
            continue
        closes = _closes_on(lines, line.number, start, quote)
        if closes is None or closes >= err_line:
            if quote == '"':
                message = ('guillemet ouvrant " jamais fermé sur sa ligne : ajoutez le '
                           'guillemet fermant " à la fin du texte')
            else:
                message = ("apostrophe ouvrante ' jamais fermée sur sa ligne : ajoutez "
                           "l'apostrophe fermante ' à la fin du texte (une apostrophe dans "
                           "le texte s'écrit '')")
            return _problem(display, line.number, start + 1, message)
        return None
    return None


def inner_quote(lines: list[Line], display: str, err_line: int) -> Problem | None:
    """A quoted value that closes early: « "Il a dit "bonjour" hier" »."""
    if err_line < 1 or err_line > len(lines):
        return None
    line = lines[err_line - 1]
    found = _opening(line)
    if found is None:
        return None
    start, quote = found
    close = _closing(line.text, start, quote)
    if close is None:
        return None
    rest = _strip_comment(line.text[close + 1:]).strip()
    keyed = ":" in line.text[:start]        # `key: "…"`: a second « : » cannot follow
    if not rest or rest[0] in ",]}" or (rest[0] == ":" and not keyed):
        return None
    if quote == '"':
        fix = ("écrivez \\\" pour un guillemet dans le texte, ou utilisez des guillemets "
               "français « … », ou entourez tout le texte d'apostrophes '…'")
        what = "guillemet \" à l'intérieur d'un texte entre guillemets"
    else:
        fix = ("doublez l'apostrophe ('l''entreprise') ou entourez tout le texte de "
               "guillemets doubles \"…\"")
        what = "apostrophe ' à l'intérieur d'un texte entre apostrophes"
    pronoun = "il" if quote == '"' else "elle"
    return _problem(display, line.number, close + 1,
                    f"{what} : {pronoun} ferme le texte trop tôt ; {fix}")


# -- values starting with { or [ -------------------------------------------------------
_FLOW_VALUE = re.compile(r"^(?P<head>\s*(?:-\s+)*(?:[^\s\"'#{\[][^:]*?:\s+)?)(?P<b>[{\[])")


def leading_bracket(lines: list[Line], display: str, err_line: int) -> Problem | None:
    """`texte: {contact.nom}, bonjour` — a text read as a dictionary or a list."""
    if err_line < 1 or err_line > len(lines):
        return None
    line = lines[err_line - 1]
    if line.block:
        return None
    match = _FLOW_VALUE.match(line.text)
    if match is None:
        return None
    start = match.start("b")
    opener = match.group("b")
    closer = "}" if opener == "{" else "]"
    depth = 0
    for i in range(start, len(line.text)):
        ch = line.text[i]
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                rest = _strip_comment(line.text[i + 1:]).strip()
                if rest and ch == closer:
                    return _problem(display, line.number, start + 1, (
                        f"un texte qui commence par « {opener} » est lu comme "
                        f"{'un dictionnaire' if opener == '{' else 'une liste'} : mettez tout "
                        f"le texte entre guillemets (texte: \"{opener}…{closer} …\")"))
                return None
    return None


# -- indentation and missing « - » -----------------------------------------------------
def _previous(lines: list[Line], number: int) -> Line | None:
    for line in reversed(lines[:number - 1]):
        if not line.blank and not line.block:
            return line
    return None


def _opens_block(line: Line) -> bool:
    """The line ends with « key: » (its value comes on the next lines)."""
    body = _strip_comment(line.text).rstrip()
    return body.endswith(":") or body.rstrip() == "-" or body.endswith(" -") or \
        bool(_BLOCK_INDICATOR.search(body) and ":" in body)


def _first_word(line: Line) -> str:
    match = re.match(r"^[\s-]*([^\s:]+)", line.text)
    return match.group(1) if match else ""


def first_item_dash(lines: list[Line], display: str, err_line: int) -> Problem | None:
    """The first item of a list lost its « - »: the next item's « - » is then unexpected."""
    if not 1 <= err_line <= len(lines):
        return None
    line = lines[err_line - 1]
    if not line.dash:
        return None
    start: Line | None = None
    for previous in reversed(lines[:err_line - 1]):
        if previous.blank or previous.block:
            continue
        if previous.indent >= line.indent + 2:
            start = previous
            continue
        if start is None or start.dash or start.indent != line.indent + 2 \
                or previous.indent >= line.indent or not _opens_block(previous):
            return None
        word = _first_word(start)
        return _problem(display, start.number, start.indent + 1, (
            f"il manque « - » devant « {word} » : le premier élément de la liste commence "
            f"sans « - », les suivants en ont un (ligne {line.number}) ; écrivez "
            f"« - {word}: … »"))
    return None


def indentation(lines: list[Line], display: str, err_line: int, err_col: int,
                raw: str) -> Problem | None:
    if err_line < 1 or err_line > len(lines):
        return None
    line = lines[err_line - 1]
    if line.blank or line.block:
        return None
    prev = _previous(lines, err_line)
    if prev is None:
        return None
    word = _first_word(line)
    col = line.indent + 1
    where = f"« {word} »" if word else "cette ligne"
    if "mapping values are not allowed" in raw:
        match = _KEY_LINE.match(line.text)
        if match is None or match.end("colon") != err_col or line.number == prev.number:
            return None
        # The « : » is that of a key on a continuation line: the line is indented too far.
        if line.indent > prev.indent and not _opens_block(prev):
            return _problem(display, line.number, col, (
                f"indentation : {where} (colonne {col}) est plus indenté que « "
                f"{_first_word(prev)} » (colonne {prev.key_col}) de la ligne {prev.number}, "
                f"dont la valeur est déjà donnée ; alignez-le sur la colonne {prev.key_col}"))
        return None
    if "expected '-' indicator" in raw:
        parent = _sequence_dash(lines, err_line)
        if parent is not None and line.indent == parent.indent and not line.dash:
            return _problem(display, line.number, col, (
                f"il manque « - » devant {where} : chaque élément de la liste commence par "
                f"« - » (comme ligne {parent.number}) ; écrivez « - {word}"
                f"{':' if ':' in line.text else ''} … »"))
    if "expected key" in raw or "expected '-' indicator" in raw \
            or "expected <block end>" in raw:
        if line.indent > prev.indent and not _opens_block(prev) and not prev.dash:
            return _problem(display, line.number, col, (
                f"indentation : {where} (colonne {col}) est plus indenté que « "
                f"{_first_word(prev)} » (colonne {prev.key_col}) de la ligne {prev.number} ; "
                f"alignez-le sur la colonne {prev.key_col}"))
        levels = _levels(lines, err_line)
        if col not in levels:
            below = [c for c in levels if c < col]
            above = [c for c in levels if c > col]
            near = f"colonne {above[0]}" if above else f"colonne {below[-1]}"
            if above and below:
                between = f"entre la colonne {below[-1]} et la colonne {above[0]}"
            else:
                between = "à une colonne qu'aucune ligne voisine n'utilise"
            return _problem(display, line.number, col, (
                f"indentation : {where} commence à la colonne {col}, {between} ; "
                f"alignez-le sur les clés du même bloc ({near})"))
        if line.indent > prev.indent and prev.dash \
                and prev.text[prev.key_col - 1:].startswith(("{", "[")):
            return _problem(display, line.number, col, (
                f"{where} suit l'élément de la ligne {prev.number}, écrit sur une seule "
                f"ligne entre « {prev.text[prev.key_col - 1]} » et « {_flow_end(prev)} » : "
                f"ajoutez ce champ avant « {_flow_end(prev)} », ou écrivez l'élément un "
                f"champ par ligne"))
        if line.indent > prev.indent and prev.dash and col != prev.key_col:
            return _problem(display, line.number, col, (
                f"indentation : {where} (colonne {col}) est plus indenté que les champs de "
                f"l'élément de la ligne {prev.number} (colonne {prev.key_col}) ; "
                f"alignez-le sur la colonne {prev.key_col}"))
    return None


def _flow_end(line: Line) -> str:
    """The bracket that closes the flow collection a line opens after its « - »."""
    return "}" if line.text[line.key_col - 1] == "{" else "]"


def _sequence_dash(lines: list[Line], number: int) -> Line | None:
    """The nearest earlier « - » line whose item this line probably continues."""
    indent = lines[number - 1].indent
    for line in reversed(lines[:number - 1]):
        if line.blank or line.block:
            continue
        if line.indent < indent:
            return None
        if line.indent == indent and line.dash:
            return line
    return None


def _levels(lines: list[Line], number: int) -> list[int]:
    """Columns at which keys of the blocks enclosing line `number` start."""
    cols: set[int] = set()
    limit = 10_000
    for line in reversed(lines[:number - 1]):
        if line.blank or line.block:
            continue
        cols.add(line.indent + 1)
        cols.add(line.key_col)
        if line.indent < limit:
            limit = line.indent
        if line.indent == 0:
            break
    for line in lines[number:]:
        if line.blank or line.block:
            continue
        cols.add(line.indent + 1)
        break
    return sorted(cols)


# -- backslashes -----------------------------------------------------------------------
def backslash(lines: list[Line], display: str, err_line: int, err_col: int,
              raw: str) -> Problem | None:
    if "escape" not in raw and "hexdecimal" not in raw:
        return None
    if err_line < 1 or err_line > len(lines):
        return None
    text = lines[err_line - 1].text
    index = text.rfind("\\", 0, max(err_col, 1))
    if index < 0:
        return None
    col = index + 1
    if re.search(r"\\[\w.-]+[\\/]|\.ya?ml|^\s*(-\s+)?inclure\s*:|\\[\w-]+\.\w+",
                 text[index:] + " " + text):
        return _problem(display, err_line, col, (
            "barre oblique inverse « \\ » dans un chemin : écrivez les chemins avec « / » "
            "(fragments/objections.yaml), comme sous Linux ou macOS"))
    return _problem(display, err_line, col, (
        "barre oblique inverse « \\ » dans un texte entre guillemets doubles : entourez "
        "le texte d'apostrophes '…' ou doublez-la (\\\\)"))


def odd_character(lines: list[Line], display: str, err_line: int,
                  err_col: int) -> Problem | None:
    """The character libyaml stopped at is a tabulation or an invisible one."""
    if err_line < 1 or err_line > len(lines):
        return None
    text = lines[err_line - 1].text
    if not 0 < err_col <= len(text):
        return None
    ch = text[err_col - 1]
    if ch == "\t":
        return _problem(display, err_line, err_col,
                        "tabulation interdite : indentez avec des espaces")
    if ch in INVISIBLE:
        return _problem(display, err_line, err_col, invisible_message(ch)[len(PREFIX):])
    return None


def explain(text: str, display: str, line: int, col: int, context_line: int,
            raw: str) -> Problem | None:
    """The likely cause of a syntax error at (line, col), or None to keep the default."""
    lines = scan_lines(text)
    for rule in (
        lambda: odd_character(lines, display, line, col),
        lambda: invisible_problem(lines, display, line),
        lambda: backslash(lines, display, line, col, raw),
        lambda: unclosed_quote(lines, display, line),
        lambda: inner_quote(lines, display, line),
        lambda: leading_bracket(lines, display, line),
        lambda: first_item_dash(lines, display, line),
        lambda: indentation(lines, display, line, col, raw),
    ):
        found = rule()
        if found is not None:
            return found
    return None
