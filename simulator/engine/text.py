"""Placeholder filling and French number formatting for the lines the trainee reads.

A placeholder names a value (`{client.raison_sociale}`, `{confiance}`, `{stagiaire}`) and may
add, in words a trainer reads as French (scenarios/GUIDE.md §6):

- a preposition or article that agrees with the value: `{à client.commune}` gives « à Lyon »,
  « au Pont-de-Claix », « aux Mureaux »; `{de client.raison_sociale}` « d'Alizé », « des
  Établissements Riou »; `{le client.raison_sociale}` « les Établissements Riou », « Alizé »
  (capitalised `{À …}`, `{De …}`, `{Le …}` at the start of a sentence);
- a fallback for a value that can be empty: `{client.concurrent|un concurrent}`;
- two forms chosen by the value: a number picks singular or plural
  (`{nb: service / services}`), a person picks masculine or feminine
  (`{contact: Monsieur / Madame}`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from simulator.scenario.placeholders import PLACEHOLDER, PREPOSITIONS, Placeholder

NBSP = "\u202f"

# Initial h of names and words that is aspirated: no elision (« de Haguenau »).
_ASPIRATED_H = (
    "hach", "hag", "hai", "hall", "halte", "ham", "han", "har", "has", "hât", "hau", "hav",
    "hay", "haz", "hém", "hen", "hér", "hêtr", "hir", "hiss", "hol", "hom", "hon", "hont",
    "hor", "hou", "hub", "hur", "hus", "hut",
)
_PLURAL_HEADS = ("établissements ", "ets ")
__all__ = ["PLACEHOLDER", "PREPOSITIONS", "Placeholder", "fr_number", "plural", "render",
           "show", "with_preposition"]


def fr_number(value: float, decimals: int = 2) -> str:
    """12500.5 -> '12 500,5' (narrow no-break space for thousands, decimal comma)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", NBSP)
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)


def show(value: object) -> str:
    """How a value reads inside a sentence."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return fr_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return show_record(value)
    if value is None:
        return ""
    return str(value)


def show_record(record: dict[str, object]) -> str:
    """A person or a company as a name; other records as sorted `clé : valeur` pairs."""
    if "nom" in record and ("prenom" in record or "civilite" in record):
        parts = [record.get("civilite"), record.get("prenom"), record.get("nom")]
        return " ".join(str(p) for p in parts if p)
    for key in ("raison_sociale", "nom", "libelle", "id"):
        if record.get(key):
            return str(record[key])
    return ", ".join(f"{k} : {show(record[k])}" for k in sorted(record))


def resolve_path(root: object, parts: list[str] | tuple[str, ...]) -> object:
    """Follow dict keys; raise KeyError when a part is missing."""
    value = root
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(part)
    return value


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
    « Alizé » (a name takes no article of its own).
    """
    if not phrase:
        return ""
    base = word.lower()
    head = phrase.split(" ", 1)
    first = head[0].lower()
    rest = head[1] if len(head) > 1 else ""
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


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


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
    if isinstance(value, str) and value.strip().lower() in ("mme", "mme.", "madame", "mlle"):
        return forms[1]
    return forms[0]


def plural(count: float, one: str, many: str) -> str:
    """« 1 service », « 3 services » (French: singular under 2)."""
    return f"{fr_number(count)} {pick_form(count, (one, many))}"


def fill(placeholder: Placeholder, lookup: Callable[[str], object]) -> str:
    """The text of one placeholder; KeyError when its value is unknown and has no fallback."""
    try:
        value: object = resolve_path(lookup(placeholder.path[0]), placeholder.path[1:])
    except KeyError:
        if placeholder.fallback is None:
            raise
        value = None
    if placeholder.forms is not None and not is_empty(value):
        return pick_form(value, placeholder.forms)
    text = placeholder.fallback if is_empty(value) and placeholder.fallback else show(value)
    if placeholder.forms is not None:
        return text
    if placeholder.preposition is not None:
        return with_preposition(placeholder.preposition, text or "")
    return text or ""


def render(template: str, lookup: Callable[[str], object]) -> str:
    """Fill placeholders; an unknown one is left as written (the checker reports it)."""
    if "{" not in template and "}" not in template:
        return template

    def repl(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole == "{{":
            return "{"
        if whole == "}}":
            return "}"
        try:
            return fill(Placeholder.parse(match), lookup)
        except KeyError:
            return whole

    return PLACEHOLDER.sub(repl, template)
