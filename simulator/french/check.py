"""What a French proofreader would correct in a text a user reads.

`check(text)` returns the problems found: gender/number written with parentheses, missing
no-break spaces (before « : ; ? ! », inside « », between a number and its unit), missing
contractions and elisions with names (« à Le Pont-de-Claix », « de Alizé »), an abbreviated
civility in speech (« Bonjour M. Ribeiro »), unaccented capitals (« Etudier »), plural unit
symbols (« 7 bars »), a question without its question mark. Code in backquotes is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from simulator.french import typography as typo

SPACES = typo.SPACES


@dataclass(frozen=True)
class FrenchProblem:
    """One fault: the rule broken, the excerpt, what to write instead."""

    rule: str
    excerpt: str
    advice: str

    def __str__(self) -> str:
        return f"[{self.rule}] « {self.excerpt} » : {self.advice}"


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_VOWEL = "aeiouyàâäéèêëîïôöûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜŒÆ"
_NO_ELISION = ("onze", "oui", "ouate", "yaourt", "yoga", "ululement", "uhlan", "yacht",
               "yen", "yéti")
_FUNCTION_WORDS = (
    "de", "d'", "que", "qu'", "le", "la", "les", "l'", "un", "une", "des", "du", "vos", "votre",
    "nos", "notre", "ses", "son", "sa", "leur", "leurs", "ce", "cette", "ces", "sur", "à", "au",
    "aux", "en", "pour", "avec", "dans", "par", "chez", "et", "ou", "mais", "encore", "plus",
    "si", "quand", "lorsque", "vous", "nous", "me", "te", "se", "ne", "y", "mon", "ma", "mes",
    "ton", "ta", "tes", "cela", "ça", "ceci", "tout", "tous", "toutes", "toute",
)
_QUESTION_HEADS = (
    "Quel", "Quelle", "Quels", "Quelles", "Comment", "Pourquoi", "Combien", "Est-ce",
    "Qu'est-ce", "Qui", "Avez-vous", "Pouvez-vous", "Pourriez-vous",
    "Êtes-vous", "Voulez-vous", "Auriez-vous", "Seriez-vous", "Souhaitez-vous",
    "Connaissez-vous", "Faut-il", "Peut-on", "Est-il", "Y a-t-il", "Lequel", "Laquelle",
)

_PARENS = _rx(r"[a-zà-ÿ]\((?:s|e|es|x|ne|le|nes|les|trice|trices|euse|euses|rice|ice|fe)\)")
_CONTRACT = _rx(r"\b(?:[àÀ]|[dD]e) (?:Le|Les|le|les) (?=[A-ZÀ-Ý])")
_ELISION = _rx(r"(?<![\w-])(?:[dD]e|[qQ]ue|[jJ]e|[lL]e|[lL]a|[mM]e|[tT]e|[sS]e|[nN]e) "
               rf"(?=[{_VOWEL}])(\w+)")
_DAVANTAGE = _rx(r"\bdavantage ([^\W\d_][\w'-]*)")
_SPOKEN_CIVILITY = _rx(r"\b(?:Bonjour|Bonsoir|Merci|Au revoir|Pardon|Excusez-moi|Enchanté|"
                       r"Enchantée|Bien à vous),? (?:M\.|Mme|Mlle) ")
_E_CAPITAL = _rx(r"\bE(?=(?:[bcdfgjlpqtvz][aeiouyr]|[mn][aeiouy]|ch[aeiouéè])[a-zà-ÿ]{2,})"
                 r"([a-zà-ÿ]+)")
_A_CAPITAL = _rx(r"(?:^|(?<=[.!?:]\s)|(?<=\n))A (?=[a-zà-ÿ])")
_PLURAL_UNIT = _rx(r"\d[ \u00a0\u202f]?(?:bars|kms|kgs|kWs|kWhs|€s|mins)\b")
_BAD_UNIT_CASE = _rx(r"\d[ \u00a0\u202f]?(?:KG|Kg|KM|Km|Kw|KW|kw|Kwh|KWH|kwh)\b")
_OPEN_QUOTE_BAD = _rx(r"«(?![\u00a0\u202f])")
_CLOSE_QUOTE_BAD = _rx(r"(?<![\u00a0\u202f])»")
_ANGLICISM = _rx(r"\b(Manager|Feedback|Deadline|Meeting|Checklist|Process|Call)\b")
_ANGLICISM_FR = {"Manager": "Responsable", "Feedback": "Retour", "Deadline": "Échéance",
                 "Meeting": "Réunion", "Checklist": "Liste de contrôle", "Process": "Processus",
                 "Call": "Appel"}
_SENTENCE = _rx(r"[^.!?…\n]+(?:[.!?…]+|$)")


def _spans(text: str) -> Iterable[str]:
    """The parts of `text` outside backquoted code."""
    last = 0
    for m in typo._CODE.finditer(text):
        yield text[last:m.start()]
        last = m.end()
    yield text[last:]


def _excerpt(text: str, start: int, end: int, margin: int = 18) -> str:
    return text[max(0, start - margin):end + margin].replace("\n", " ").strip()


def check(text: str, *, names: frozenset[str] = frozenset()) -> list[FrenchProblem]:
    """Every problem found in `text`; `names` are proper names to accept as written."""
    problems: list[FrenchProblem] = []
    for part in _spans(text):
        problems.extend(_check_plain(part, names))
        problems.extend(repeated_words(part))
    return problems


def _check_plain(text: str, names: frozenset[str]) -> list[FrenchProblem]:
    out: list[FrenchProblem] = []

    def add(rule: str, m: re.Match[str], advice: str) -> None:
        out.append(FrenchProblem(rule, _excerpt(text, m.start(), m.end()), advice))

    for m in _PARENS.finditer(text):
        add("parentheses", m, "accordez le mot (singulier ou pluriel, masculin ou féminin) "
                              "au lieu d'écrire « (s) » ou « (e) »")
    for pattern in (typo._BEFORE_SPACED, typo._BEFORE_GLUED):
        for m in pattern.finditer(text):
            add("espace-ponctuation", m, f"espace fine insécable avant « {m.group(1)} »")
    for pattern in (typo._BEFORE_COLON, typo._COLON_GLUED):
        for m in pattern.finditer(text):
            add("espace-ponctuation", m, "espace insécable avant « : »")
    for m in _OPEN_QUOTE_BAD.finditer(text):
        add("guillemets", m, "espace insécable après « « »")
    for m in _CLOSE_QUOTE_BAD.finditer(text):
        add("guillemets", m, "espace insécable avant « » »")
    for m in typo._NUMBER_UNIT.finditer(text):
        gap = text[m.end(1):m.start(2)]
        if gap not in ("\u00a0", "\u202f"):
            add("nombre-unite", m, "espace insécable entre le nombre et son unité")
    for m in typo._THOUSANDS.finditer(text):
        add("nombre-unite", m, "espace fine insécable entre les milliers")
    for m in _CONTRACT.finditer(text):
        add("contraction", m, "contractez avec le nom : « au », « aux », « du », « des »")
    for m in _ELISION.finditer(text):
        word = m.group(1)
        if (word.lower() in _NO_ELISION or word in names or word.lower().startswith("h")
                or len(word) == 1):
            continue
        add("elision", m, "élidez devant une voyelle : « d' », « qu' », « j' », « l' »…")
    for m in _DAVANTAGE.finditer(text):
        if m.group(1).lower() not in _FUNCTION_WORDS and not m.group(1).lower().startswith(
                ("d'", "l'", "qu'")):
            add("davantage", m, "« davantage de » devant un nom (« davantage de confiance »)")
    for m in _SPOKEN_CIVILITY.finditer(text):
        add("civilite", m, "à l'oral, écrivez « Monsieur » ou « Madame » en toutes lettres")
    for m in _E_CAPITAL.finditer(text):
        if "E" + m.group(1) in names:
            continue
        add("majuscule", m, "accentuez la majuscule (« É »)")
    for m in _A_CAPITAL.finditer(text):
        add("majuscule", m, "accentuez la préposition en majuscule (« À »)")
    for pattern in (_PLURAL_UNIT, _BAD_UNIT_CASE):
        for m in pattern.finditer(text):
            add("unite", m, "symbole d'unité invariable et bien écrit (« 7 bar », « kg », "
                            "« km », « kW »)")
    for m in _ANGLICISM.finditer(text):
        add("anglicisme", m, f"en français : « {_ANGLICISM_FR[m.group(1)]} »")
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        if sentence.startswith(_QUESTION_HEADS) and not sentence.rstrip(
                "»\u202f\u00a0 ").endswith(("?", "…")):
            head = sentence.split(" ", 1)[0]
            if head in _QUESTION_HEADS or head.rstrip(",") in _QUESTION_HEADS:
                add("question", m, "terminez la question par « ? »")
    return out



# Fixed expressions whose noun must not come back in the same sentence
# (« C'est d'accord, nous avons un accord »).
_FIXED = {"d'accord": "accord", "en effet": "effet", "de toute façon": "façon",
          "bien sûr": "sûr"}


def repeated_words(text: str) -> list[FrenchProblem]:
    """A fixed expression whose noun is said again in the same sentence."""
    out: list[FrenchProblem] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).lower()
        for phrase, noun in _FIXED.items():
            at = sentence.find(phrase)
            if at >= 0 and re.search(rf"\b{noun}\b", sentence[at + len(phrase):]):
                out.append(FrenchProblem("repetition", m.group(0).strip(),
                                         f"« {noun} » redit après « {phrase} »"))
    return out
