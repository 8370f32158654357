"""Seller company dossiers (scenarios/dossiers/<id>.yaml), loaded as package data.

A dossier describes the trainee's own company: products with list/floor prices and costs,
services, the discount authority (`remise_max`), objectives and the action-plan budget.
Scenarios name it in `dossier_vendeur`; the world generator copies it into `vendeur`.
"""

from __future__ import annotations

import copy
import functools
import re
from importlib import resources
from typing import Any

import yaml

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REQUIRED_KEYS: tuple[str, ...] = (
    "id", "nom", "raison_sociale", "produits", "services", "remise_max",
    "delai_paiement_standard", "objectifs", "budget_pac", "responsable",
)


class DossierError(ValueError):
    """An unknown or malformed dossier; the message is French and shown to the user."""


def _dossier_dir() -> Any:
    return resources.files("scenarios").joinpath("dossiers")


def list_dossiers() -> list[str]:
    """Ids of the shipped dossiers, sorted."""
    names = []
    for entry in _dossier_dir().iterdir():
        name = entry.name
        if name.endswith(".yaml") and _ID.match(name[:-5]):
            names.append(name[:-5])
    return sorted(names)


@functools.lru_cache(maxsize=16)
def _load_cached(dossier_id: str) -> dict[str, Any]:
    if not _ID.match(dossier_id) or dossier_id not in list_dossiers():
        known = ", ".join(list_dossiers()) or "aucun"
        raise DossierError(
            f"dossier vendeur inconnu : « {dossier_id} » (dossiers disponibles : {known})")
    text = _dossier_dir().joinpath(f"{dossier_id}.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DossierError(f"dossier vendeur « {dossier_id} » illisible : {exc}") from exc
    if not isinstance(data, dict):
        raise DossierError(f"dossier vendeur « {dossier_id} » : un dictionnaire est attendu")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise DossierError(
            f"dossier vendeur « {dossier_id} » : champs manquants : {', '.join(missing)}")
    if data["id"] != dossier_id:
        raise DossierError(
            f"dossier vendeur « {dossier_id} » : l'identifiant interne est « {data['id']} »")
    return data


def load_dossier(dossier_id: str) -> dict[str, Any]:
    """Return a fresh copy of the dossier (callers may mutate it)."""
    return copy.deepcopy(_load_cached(dossier_id))


def product(dossier: dict[str, Any], product_id: str) -> dict[str, Any] | None:
    """The product with this id in the dossier, or None."""
    for item in dossier.get("produits", []):
        if item.get("id") == product_id:
            return dict(item)
    return None
