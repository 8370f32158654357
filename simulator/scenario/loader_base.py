"""Shared ground of the scenario loader: its vocabularies, small helpers and builder state.

The loader is split by job (metadata, forms, nodes, plans, assembly); each part is a mixin
layered on `BuilderBase`, so `ScenarioBuilder` in loader.py stays one object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.scenario.fields import Reader
from simulator.scenario.model import Pos
from simulator.scenario.yamlsource import YNode

TOP_FIELDS = ("id", "titre", "version", "referentiel", "competences", "duree", "difficulte",
              "dossier_vendeur", "client", "brief", "chrono", "persona", "variables",
              "inclure", "debut", "noeuds", "tests", "description")
TOP_REQUIRED = ("id", "titre", "version", "competences", "duree", "debut", "noeuds")
DIFFICULTIES = ("facile", "moyenne", "difficile")
VAR_TYPES = ("entier", "decimal", "booleen", "texte")
MODES = ("entrainement", "examen")
FIELD_KINDS = ("nombre", "choix", "texte", "selection", "tournee")
TACTICS = ("boulware", "conceder", "lineaire")
VARIANT_MODES = ("aleatoire", "sequence", "une_fois")
# Keys of the client's positions (`ouverture`, `reservation`) and of its `poids`
# ("prix" weighs the discount), as the engine's negotiation model reads them.
POSITION_ISSUES = ("remise", "delai_paiement", "livraison", "services", "quantite")
WEIGHT_ISSUES = ("prix", *POSITION_ISSUES)
# Filters of `client:` read by simulator.world.pick_roles (others would be ignored there).
CLIENT_FILTERS = ("statut", "secteur", "segment", "departement", "potentiel", "effectif_min",
                  "effectif_max", "retard_paiement", "litige")
STEP_ACTIONS = ("choisir", "dire", "offrir", "accepter", "rompre", "repondre")
EXPECT_FIELDS = ("noeud", "issue", "variables", "preuves", "criteres", "bloquantes")
DECISIONS = ("acquis", "non acquis", "non évalué")

COMMON_NODE_FIELDS = ("type", "locuteur", "texte", "variantes", "reactions", "choix",
                      "ordre", "description")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "dialogue": COMMON_NODE_FIELDS,
    "negociation": (*COMMON_NODE_FIELDS, "produit", "quantite", "client", "accord_manager",
                    "suites"),
    # A task shows a form, never choices: `choix` there would silently never be offered.
    "tache": (*(f for f in COMMON_NODE_FIELDS if f not in ("choix", "ordre")), "consigne",
              "champs", "suite"),
    "fin": ("type", "locuteur", "texte", "variantes", "reactions", "issue", "description"),
}
ALL_NODE_FIELDS = tuple(sorted({f for fs in KIND_FIELDS.values() for f in fs}))
CHOICE_FIELDS = ("id", "texte", "condition", "raison", "une_fois", "actes", "effets", "revele",
                 "preuves", "coach", "suite", "reponse", "exemples", "motifs", "en_dernier")
TASK_FIELD_FIELDS = ("id", "type", "libelle", "attendu", "tolerance", "critere", "options",
                     "mots_cles", "chiffres", "source", "attendu_si", "coach")
FIGURE_FIELDS = ("attendu", "tolerance", "libelle")
DEFAULT_REFERENTIAL = "TP-00338"


def _kind_label(kind: str) -> str:
    return f"dans un nœud de type « {kind} »"

class BuilderBase(Reader):
    """State shared by every part of the loader while it reads one scenario file."""

    def __init__(self, path: Path, display: str) -> None:
        super().__init__()
        self.path = path
        self.display = display
        self.fragments: dict[str, Any] = {}
        self.positions: dict[str, Pos] = {}
        self.is_fragment = False
        self.damaged: set[str] = set()
        self.damaged_variables: set[str] = set()
        self.incomplete = False

    def remember(self, key: str, node: YNode | None) -> None:
        if node is not None:
            self.positions[key] = node.pos


def _missing_fragment(rel: str) -> str:
    """« fragment introuvable », with the fix when the path is written the Windows way."""
    if "\\" in rel:
        fixed = rel.replace("\\", "/")
        return (f"fragment introuvable « {rel} » : écrivez les chemins avec « / » et non "
                f"« \\ » (inclure: [{fixed}])")
    if any(ord(ch) < 32 for ch in rel):
        return (f"fragment introuvable « {rel!r} » : une barre oblique inverse entre "
                "guillemets doubles devient un caractère spécial ; écrivez les chemins avec "
                "« / »")
    return f"fragment introuvable « {rel} » (chemin relatif au fichier du scénario)"


def _decision(node: YNode) -> str | None:
    """A decision as trainers write it: « acquis », « non acquis », « non_acquis »…"""
    if node.kind != "scalar" or not isinstance(node.value, str):
        return None
    import unicodedata

    raw = unicodedata.normalize("NFKD", node.value).encode("ascii", "ignore").decode()
    word = " ".join(raw.lower().replace("_", " ").replace("-", " ").split())
    return {"acquis": "acquis", "non acquis": "non acquis",
            "non evalue": "non évalué"}.get(word)


def _shown(node: YNode) -> str:
    return f"« {node.value} »" if node.kind == "scalar" else "(pas un texte)"


def _ident_ok(name: str) -> bool:
    import re

    return bool(re.match(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$", name))


def _dym(word: str, known: Any) -> str:
    from simulator.scenario.fields import did_you_mean

    return did_you_mean(word, known)


def _dym_keys(node: YNode, known: tuple[str, ...]) -> str:
    for key, _value in node.value:
        hint = _dym(key.value, known)
        if hint:
            return hint
    return ""


def _pos0(display: str) -> Pos:
    return Pos(display, 1, 1)


def _join_display(display: str, rel: str) -> str:
    import os

    return os.path.normpath(os.path.join(os.path.dirname(display), rel))
