"""Placeholder filling (`{client.raison_sociale}`, `{confiance}`, `{stagiaire}`) and French
number formatting for the lines the trainee reads."""

from __future__ import annotations

import re
from collections.abc import Callable

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")
NBSP = "\u202f"


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


def resolve_path(root: object, parts: list[str]) -> object:
    """Follow dict keys; raise KeyError when a part is missing."""
    value = root
    for part in parts:
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(part)
    return value


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
        parts = match.group(1).split(".")
        try:
            return show(resolve_path(lookup(parts[0]), parts[1:]))
        except KeyError:
            return whole

    return PLACEHOLDER.sub(repl, template)
