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
from collections.abc import Callable

from simulator.french.grammar import pick_form, plural, with_preposition
from simulator.scenario.placeholders import PLACEHOLDER, PREPOSITIONS, Placeholder

NBSP = "\u202f"
__all__ = ["PLACEHOLDER", "PREPOSITIONS", "Placeholder", "fr_number",
           "pick_form", "plural", "render", "show", "with_preposition"]


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


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


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
    """Fill placeholders; an unknown one is left as written (the checker reports it).

    The text is recorded in session logs as rendered here, so French no-break spaces are
    set on display (`simulator.french.typography.typeset`), not here: logs recorded before
    keep replaying identically."""
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

