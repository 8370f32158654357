"""Tokenizer of the expression language.

Hand-written so that every error carries a French message and a 1-based column, and so
that nothing outside the whitelist (Python keywords, `**`, attribute tricks) gets through.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from simulator.scenario.expr_errors import ExpressionError

MAX_LENGTH = 500

# Token kinds.
NUM, STR, NAME, KW, OP, END = "num", "str", "name", "kw", "op", "end"

# Word operators and literals; French synonyms map to the canonical English word.
KEYWORDS: dict[str, str] = {
    "and": "and", "et": "and",
    "or": "or", "ou": "or",
    "not": "not", "non": "not",
    "in": "in", "dans": "in",
}
BOOLEANS: dict[str, bool] = {"vrai": True, "true": True, "faux": False, "false": False}

OPERATORS: tuple[str, ...] = (  # longest first
    "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "<", ">",
    "(", ")", "[", "]", ",", ".",
)
ASSIGN_OPS: tuple[str, ...] = ("+=", "-=", "*=", "=")

FORBIDDEN_OPS: dict[str, str] = {
    "**": "opérateur « ** » non autorisé (écrivez la multiplication en entier)",
    "//=": "opérateur « //= » non autorisé (utilisez « = », « += », « -= » ou « *= »)",
    "/=": "opérateur « /= » non autorisé (utilisez « = », « += », « -= » ou « *= »)",
    "%=": "opérateur « %= » non autorisé (utilisez « = », « += », « -= » ou « *= »)",
    "<<": "opérateur « << » non autorisé",
    ">>": "opérateur « >> » non autorisé",
    ":=": "opérateur « := » non autorisé",
    "->": "opérateur « -> » non autorisé",
    "=>": "« => » n'existe pas : pour « supérieur ou égal », écrivez « >= »",
    "=<": "« =< » n'existe pas : pour « inférieur ou égal », écrivez « <= »",
    "&&": "opérateur « && » non autorisé : utilisez « et »",
    "||": "opérateur « || » non autorisé : utilisez « ou »",
    "&": "opérateur « & » non autorisé : utilisez « et »",
    "|": "opérateur « | » non autorisé : utilisez « ou »",
    "!": "opérateur « ! » non autorisé : utilisez « non »",
    "^": "opérateur « ^ » non autorisé",
    "~": "opérateur « ~ » non autorisé",
    "@": "opérateur « @ » non autorisé",
}
TYPOGRAPHIC_QUOTES = "«»“”‘’„"

# Reserved words that are also function names when followed by « ( » (`si(c, a, b)`).
CALLABLE_WORDS = frozenset({"si"})
RESERVED_HINTS: dict[str, str] = {
    "if": "« if » non autorisé : utilisez une suite conditionnelle (si / vers)",
    "else": "« else » non autorisé : utilisez une suite conditionnelle (si / vers)",
    "si": ("« si » seul n'est pas un mot de l'expression : la condition s'écrit seule, "
           "ou utilisez la fonction si(condition, valeur_si_vrai, valeur_si_faux)"),
    "sinon": "« sinon » n'est pas un mot de l'expression : utilisez une suite conditionnelle",
    "is": "« is » non autorisé : utilisez « == »",
    "lambda": "mot réservé « lambda » non autorisé",
    "import": "mot réservé « import » non autorisé",
}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    value: object
    column: int  # 1-based


def _is_name_start(ch: str) -> bool:
    return ch == "_" or ch.isalpha()


def _is_name_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def check_length(src: str) -> None:
    if len(src) > MAX_LENGTH:
        raise ExpressionError(
            f"expression trop longue ({len(src)} caractères, maximum {MAX_LENGTH})", 1)


def tokenize(src: str, *, assignment: bool = False) -> list[Token]:
    """Split `src` into tokens; `assignment` allows `=`, `+=`, `-=`, `*=`."""
    check_length(src)
    tokens: list[Token] = []
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        col = i + 1
        if ch in " \t\r\n":
            i += 1
        elif ch.isdigit():
            i = _number(src, i, tokens)
        elif ch in "'\"":
            i = _string(src, i, tokens)
        elif _is_name_start(ch):
            j = i + 1
            while j < n and _is_name_char(src[j]):
                j += 1
            k = j
            while k < n and src[k] in " \t":
                k += 1
            _word(src[i:j], col, tokens, call=k < n and src[k] == "(")
            i = j
        else:
            i = _operator(src, i, tokens, assignment)
    tokens.append(Token(END, "", None, n + 1))
    return tokens


def _number(src: str, i: int, tokens: list[Token]) -> int:
    start, n = i, len(src)
    seen_dot = False
    while i < n:
        ch = src[i]
        separator = ch == "_" and i + 1 < n and src[i + 1].isdigit() and src[i - 1].isdigit()
        if ch.isdigit() or separator:
            i += 1
        elif ch == "." and not seen_dot and i + 1 < n and src[i + 1].isdigit():
            seen_dot = True
            i += 1
        else:
            break
    if i < n and (src[i] == "_" or (src[i] == "." and i + 1 < n and src[i + 1].isdigit())):
        raise ExpressionError(f"nombre mal écrit « {src[start:i + 1]} »", start + 1)
    if i < n and _is_name_start(src[i]):
        j = i
        while j < n and _is_name_char(src[j]):
            j += 1
        raise ExpressionError(
            f"nombre mal écrit « {src[start:j]} » (un nom ne peut pas commencer par un chiffre)",
            start + 1)
    text = src[start:i]
    digits = text.replace("_", "")
    if not all(c.isascii() for c in digits):
        raise ExpressionError(f"nombre mal écrit « {text} »", start + 1)
    value: int | float = float(digits) if seen_dot else int(digits)
    tokens.append(Token(NUM, text, value, start + 1))
    return i


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


def _string(src: str, i: int, tokens: list[Token]) -> int:
    quote, start, n = src[i], i, len(src)
    i += 1
    out: list[str] = []
    while i < n:
        ch = src[i]
        if ch == "\\" and i + 1 < n:
            out.append(_ESCAPES.get(src[i + 1], "\\" + src[i + 1]))
            i += 2
        elif ch == quote:
            tokens.append(Token(STR, src[start:i + 1], "".join(out), start + 1))
            return i + 1
        else:
            out.append(ch)
            i += 1
    raise ExpressionError(f"texte non terminé : guillemet fermant {quote} attendu", start + 1)


def _word(word: str, col: int, tokens: list[Token], call: bool = False) -> None:
    lower = word.lower()
    if call and word in CALLABLE_WORDS:
        tokens.append(Token(NAME, word, word, col))
    elif word in KEYWORDS:
        tokens.append(Token(KW, word, KEYWORDS[word], col))
    elif lower in BOOLEANS:
        tokens.append(Token(NUM, word, BOOLEANS[lower], col))
    elif word in RESERVED_HINTS:
        raise ExpressionError(RESERVED_HINTS[word], col)
    elif keyword.iskeyword(word):
        raise ExpressionError(f"mot réservé « {word} » non autorisé", col)
    elif word.startswith("_"):
        raise ExpressionError(
            f"nom « {word} » non autorisé : un nom ne peut pas commencer par « _ »", col)
    else:
        tokens.append(Token(NAME, word, word, col))


def _operator(src: str, i: int, tokens: list[Token], assignment: bool) -> int:
    col = i + 1
    for op, message in sorted(FORBIDDEN_OPS.items(), key=lambda kv: -len(kv[0])):
        if src.startswith(op, i) and not (op == "!" and src.startswith("!=", i)):
            raise ExpressionError(message, col)
    for op in ASSIGN_OPS:
        if src.startswith(op, i) and not src.startswith("==", i):
            if not assignment:
                if op == "=":
                    raise ExpressionError(
                        "« = » n'est pas une comparaison : utilisez « == »", col)
                raise ExpressionError(f"« {op} » n'est permis que dans un effet", col)
            tokens.append(Token(OP, op, op, col))
            return i + len(op)
    for op in OPERATORS:
        if src.startswith(op, i):
            tokens.append(Token(OP, op, op, col))
            return i + len(op)
    ch = src[i]
    if ch in TYPOGRAPHIC_QUOTES:
        raise ExpressionError(
            f"caractère « {ch} » non autorisé : entourez les textes de guillemets droits "
            "' ou \"", col)
    shown = ch if ch.isprintable() else repr(ch)
    raise ExpressionError(f"caractère « {shown} » non autorisé", col)
