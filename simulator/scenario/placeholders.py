"""The placeholder grammar of scenario texts, shared by the checker and the engine.

`{[à|de|le] chemin[|texte de repli][: forme 1 / forme 2]}` (scenarios/GUIDE.md §6): the
engine fills it (simulator/engine/text.py), the checker reads it with `read_body` to report
a malformed one in words a trainer understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# Words a placeholder may start with; the capitalised ones begin a sentence.
PREPOSITIONS: tuple[str, ...] = ("à", "À", "de", "De", "le", "Le")

# Group 1 is always the path (callers read `m.group(1)`); the other parts are named.
PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{ *(?:(?:à|À|de|De|le|Le) +)?"
    rf"({IDENT}(?:\.{IDENT})*)"
    r"(?: *\|(?P<fallback>[^{}:|]*))?"
    r"(?: *: *(?P<forms>[^{}/|]*/[^{}/|]*))? *\}")

# Words a trainer may write instead of à/de/le, answered with a hint.
_ARTICLE_WORDS = frozenset({"à", "a", "au", "aux", "de", "d'", "du", "des", "le", "la", "les",
                            "l'", "en", "chez"})
# Any `{…}` (for the checker, which reports what PLACEHOLDER would not fill).
ANY_BRACES = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_LOOSE = re.compile(
    rf"^(?:(?P<word>[^\s.|:{{}}]+) +)?(?P<path>{IDENT}(?:\.{IDENT})*)"
    r"(?: *\|(?P<fallback>[^{}:]*))?(?: *:(?P<forms>[^{}]*))?$")


@dataclass(frozen=True)
class Placeholder:
    """The parts of one `{…}`: preposition word, path, fallback text, the two forms."""

    preposition: str | None
    path: tuple[str, ...]
    fallback: str | None
    forms: tuple[str, str] | None

    @classmethod
    def parse(cls, match: re.Match[str]) -> Placeholder:
        """From a PLACEHOLDER match that is not `{{` or `}}`."""
        inner = match.group(0)[1:-1].strip()
        word, _, _rest = inner.partition(" ")
        preposition = word if word in PREPOSITIONS and _rest.lstrip().startswith(
            match.group(1)) else None
        fallback = match.group("fallback")
        forms_text = match.group("forms")
        forms = None
        if forms_text is not None:
            first, second = forms_text.split("/", 1)
            forms = (first.strip(), second.strip())
        return cls(preposition, tuple(match.group(1).split(".")),
                   fallback.strip() if fallback is not None else None, forms)


@dataclass(frozen=True)
class BodyReading:
    """What the checker makes of the inside of `{…}`: the path, or why it is malformed."""

    path: str | None
    fallback: str | None = None
    problem: str | None = None


def read_body(body: str) -> BodyReading:
    """Read `à client.commune|…: a / b`; `problem` is a French explanation when malformed."""
    found = _LOOSE.match(body.strip())
    if not found:
        return BodyReading(None, problem="mal formé")
    path = found.group("path")
    word = found.group("word")
    if word is not None and word.lower() not in _ARTICLE_WORDS:
        return BodyReading(None, problem="mal formé")
    if word is not None and word not in PREPOSITIONS:
        return BodyReading(path, problem=(
            f"mot « {word} » inconnu avant « {path} » (écrivez {{à {path}}}, {{de {path}}} "
            "ou {le " + path + "} : « au », « du », « des », « d'»… se forment tout seuls)"))
    forms = found.group("forms")
    if forms is not None:
        parts = forms.split("/")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            return BodyReading(path, problem=(
                f"après « {path}: », écrivez deux formes séparées par « / » (par exemple "
                f"{{{path}: service / services}} ou {{{path}: Monsieur / Madame}})"))
        if word is not None:
            return BodyReading(path, problem=(
                f"« {word} » et deux formes à la fois : écrivez le mot voulu dans chaque "
                f"forme (par exemple {{{path}: au / à la}})"))
    fallback = found.group("fallback")
    if fallback is not None and "|" in fallback:
        return BodyReading(path, problem="un seul texte de repli après « | »")
    if fallback is not None and not fallback.strip():
        return BodyReading(path, problem=(
            f"texte de repli vide après « | » (écrivez par exemple {{{path}|un concurrent}})"))
    if not PLACEHOLDER.fullmatch("{" + body + "}"):
        return BodyReading(path, problem="mal formé")
    return BodyReading(path, fallback.strip() if fallback is not None else None)
