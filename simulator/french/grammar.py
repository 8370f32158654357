"""Agreement with generated names and counts: « au Pont-de-Claix », « d'Alizé », « 3 services ».

Names drawn from the world change each session, so a text cannot write the preposition
itself: `with_preposition("à", "Le Pont-de-Claix")` does it, as French writes it.
"""

from __future__ import annotations

import unicodedata

NNBSP = "\u202f"

# Initial h of names and words that is aspirated: no elision (« de Haguenau »).
_ASPIRATED_H = (
    "hach", "hag", "hai", "hall", "halte", "ham", "han", "har", "has", "hât", "hau", "hav",
    "hay", "haz", "hém", "hen", "hér", "hêtr", "hir", "hiss", "hol", "hom", "hon", "hont",
    "hor", "hou", "hub", "hur", "hus", "hut",
)
# Names that carry a plural article of their own (« les Établissements Riou »).
_PLURAL_HEADS = ("établissements ", "ets ")
_FEMININE = ("mme", "mme.", "madame", "mlle", "mlle.", "mademoiselle")


def _fold(char: str) -> str:
    return unicodedata.normalize("NFD", char)[:1].lower()


def elides(phrase: str) -> bool:
    """Whether « de »/« le » before `phrase` become « d' »/« l' » (vowel or mute h)."""
    if not phrase or not phrase[0].isalpha():
        return False
    first = _fold(phrase[0])
    if first in "aeiouy":
        return True
    if first == "h":
        word = phrase.split(" ", 1)[0].lower()
        return not word.startswith(_ASPIRATED_H)
    return False


def with_preposition(word: str, phrase: str) -> str:
    """`à`/`de`/`le` (or capitalised) joined to a name or a noun phrase, as French writes it.

    « à » + « Le Pont-de-Claix » → « au Pont-de-Claix »; « de » + « Alizé » → « d'Alizé »;
    « de » + « Établissements Riou » → « des Établissements Riou »; « le » + « Alizé » →
    « Alizé » (a trade name takes no article of its own).
    """
    if not phrase:
        return ""
    base = word.lower()
    if base not in ("à", "de", "le"):
        raise ValueError(f"unknown preposition {word!r}")
    first, _, rest = phrase.partition(" ")
    first = first.lower()
    if first == "le" and rest:
        out = {"à": f"au {rest}", "de": f"du {rest}", "le": f"le {rest}"}[base]
    elif first == "les" and rest:
        out = {"à": f"aux {rest}", "de": f"des {rest}", "le": f"les {rest}"}[base]
    elif phrase.lower().startswith(_PLURAL_HEADS):
        out = {"à": f"aux {phrase}", "de": f"des {phrase}", "le": f"les {phrase}"}[base]
    elif base == "à":
        out = f"à {phrase}"
    elif base == "de":
        out = f"d'{phrase}" if elides(phrase) else f"de {phrase}"
    else:
        out = phrase
    if word[:1].isupper():
        out = out[:1].upper() + out[1:]
    return out


def pick_form(value: object, forms: tuple[str, str]) -> str:
    """First form for a count under 2 or a man, second for a plural count or a woman."""
    if isinstance(value, bool):
        return forms[0]
    if isinstance(value, int | float):
        return forms[0] if abs(value) < 2 else forms[1]
    if isinstance(value, list | tuple):
        return forms[0] if len(value) < 2 else forms[1]
    if isinstance(value, dict):
        value = value.get("civilite", "")
    if isinstance(value, str) and value.strip().lower() in _FEMININE:
        return forms[1]
    return forms[0]


def count_word(count: float, one: str, many: str) -> str:
    """« service » or « services » for `count` (French: singular under 2)."""
    return pick_form(count, (one, many))


def plural(count: float, one: str, many: str) -> str:
    """« 1 service », « 3 services », « 12 500 jours » (number, no-break space, noun)."""
    if float(count).is_integer():
        number = f"{int(count):,}".replace(",", NNBSP)
    else:
        number = f"{count:,.2f}".rstrip("0").rstrip(".").replace(",", "\x00").replace(
            ".", ",").replace("\x00", NNBSP)
    return f"{number}\u00a0{count_word(count, one, many)}"
