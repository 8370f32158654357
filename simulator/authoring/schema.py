"""JSON Schema of the scenario language, generated from the loader's vocabularies.

Editors (VS Code's YAML extension, any yaml-language-server client) use it for completion,
hover help and live checks. Field lists come from `simulator.scenario.loader` and the model
(node kinds, speakers, outcomes, speech acts) and the criteria from the referentials, so the
schema follows the language; every field has a French description (`DOCS`, a missing one
is an error). The schema is draft-07, the version yaml-language-server reads best.
Values are as PyYAML reads YAML 1.1 (`yaml.yamlVersion: "1.1"` in the editor).
"""

from __future__ import annotations

from typing import Any

from simulator.scenario import loader
from simulator.scenario.model import (
    COUNTERPARTS,
    NODE_KINDS,
    OFFER_ISSUES,
    OUTCOMES,
    SONCAS,
    SPEAKERS,
    SPEECH_ACTS,
)
from simulator.scenario.referential import load_referential_ids, referentials_dir

Schema = dict[str, Any]
SCHEMA_ID = "https://ntc-simulateur.invalid/schemas/scenario.json"

PERSONA_FIELDS = ("role", "motivations", "patience", "humeur", "besoins_caches", "objections")
CHRONO_FIELDS = ("limite", "expiration", "modes")
VARIABLE_FIELDS = ("type", "initial", "description")
EVIDENCE_FIELDS = ("critere", "poids", "justification", "bloquant")
TACTIC_FIELDS = ("tactique", "e", "tours_max", "poids", "ouverture", "reservation")
TEST_FIELDS = ("nom", "graine", "mode", "etapes", "attendu")
FRAGMENT_FIELDS = ("fragment", "variables", "noeuds", "description")

DOCS: dict[str, str] = {
    # scenario
    "scenario.id": "Identifiant du scénario (lettres sans accents, chiffres, « - », « _ »), "
                   "unique parmi les scénarios livrés.",
    "scenario.titre": "Titre affiché à l'accueil et dans les comptes rendus.",
    "scenario.version": "Version du scénario, entre guillemets (« \"1.10\" », sinon YAML lit "
                        "1.1).",
    "scenario.referentiel": "Référentiel d'évaluation (par défaut TP-00338).",
    "scenario.competences": "Compétences visées (C1 … C7) : des preuves doivent les couvrir.",
    "scenario.duree": "Durée prévue : \"15 min\", \"1 h\", \"1 h 30\" ou un nombre de minutes.",
    "scenario.difficulte": "facile, moyenne ou difficile.",
    "scenario.dossier_vendeur": "Dossier de l'entreprise du stagiaire (air-comprime, "
                                "manutention…).",
    "scenario.client": "Filtres pour tirer le client dans le territoire généré.",
    "scenario.brief": "Dossier remis au stagiaire avant la séance (espaces réservés "
                      "permis, « | » pour garder les retours à la ligne).",
    "scenario.chrono": "Limite de temps (mode examen par défaut).",
    "scenario.persona": "Le client joué : motivations SONCAS, patience, humeur, besoins "
                        "cachés, objections.",
    "scenario.variables": "Variables du scénario, typées, avec leur valeur initiale.",
    "scenario.inclure": "Fragments partagés à inclure (chemins relatifs, avec « / »).",
    "scenario.debut": "Identifiant du premier nœud.",
    "scenario.noeuds": "Les nœuds du scénario, par identifiant.",
    "scenario.tests": "Plans de test joués par « ntc scenarios test ».",
    "scenario.description": "Note libre pour les formateurs (jamais affichée au stagiaire).",
    # client filters
    "client.statut": "client ou prospect.",
    "client.secteur": "Secteur (ou famille) d'activité, ou une liste de secteurs.",
    "client.segment": "Segment ABC (A, B, C) ou une liste.",
    "client.departement": "Numéro de département, entre guillemets (\"01\").",
    "client.potentiel": "fort, moyen ou faible (ou une liste).",
    "client.effectif_min": "Effectif minimum.",
    "client.effectif_max": "Effectif maximum.",
    "client.retard_paiement": "vrai : un client avec une facture en retard.",
    "client.litige": "vrai : un client avec un litige en cours.",
    # chrono
    "chrono.limite": "Durée au-delà de laquelle la séance passe au nœud d'expiration.",
    "chrono.expiration": "Nœud atteint quand le temps est écoulé.",
    "chrono.modes": "Modes où le chrono s'applique (examen par défaut).",
    # persona
    "persona.role": "Qui joue le client (espaces réservés permis).",
    "persona.motivations": "Motivations d'achat SONCAS(E).",
    "persona.patience": "Patience de 1 à 5.",
    "persona.humeur": "Humeur libre, lisible dans les conditions (variable « humeur »).",
    "persona.besoins_caches": "Besoins révélés seulement par les bonnes questions (revele).",
    "persona.objections": "Objections tirées dans un ordre qui dépend de la graine.",
    "item.id": "Identifiant.",
    "item.texte": "Texte.",
    # variables
    "variable.type": "entier, decimal, booleen ou texte.",
    "variable.initial": "Valeur au début de la séance.",
    "variable.description": "À quoi sert la variable (note pour les formateurs).",
    # nodes
    "noeud.type": "dialogue (par défaut), negociation, tache ou fin.",
    "noeud.locuteur": "Qui parle : client, barrage, jury, manager ou narrateur.",
    "noeud.texte": "La réplique (espaces réservés et texte conditionnel « {si … : … | …} » "
                   "permis).",
    "noeud.variantes": "Répliques alternatives : aleatoire, sequence ou une_fois.",
    "noeud.reactions": "Répliques de remplacement : la première dont « si » est vrai "
                       "l'emporte.",
    "noeud.choix": "Réponses proposées au stagiaire.",
    "noeud.ordre": "Ordre des choix : melange (par défaut, tiré de la graine de la séance) "
                   "ou fixe (l'ordre écrit).",
    "noeud.description": "Note libre pour les formateurs.",
    "noeud.produit": "Produit négocié (identifiant du dossier vendeur).",
    "noeud.quantite": "Quantité négociée.",
    "noeud.client": "Comportement de l'acheteur pendant la négociation.",
    "noeud.accord_manager": "Expression : vraie quand le manager a accordé une remise "
                            "au-delà de la délégation.",
    "noeud.suites": "Nœuds atteints après un accord et après une rupture.",
    "noeud.consigne": "Consigne de la tâche.",
    "noeud.champs": "Questions de la tâche.",
    "noeud.suite": "Nœud suivant la tâche (ou branches conditionnelles).",
    "noeud.issue": "Issue de la fin : succes, echec, partiel ou abandon.",
    "variantes.mode": "aleatoire (par défaut), sequence ou une_fois.",
    "variantes.textes": "Les répliques.",
    "reaction.si": "Condition (expression).",
    "reaction.texte": "Réplique dite quand la condition est vraie.",
    # choices
    "choix.id": "Identifiant du choix, unique dans son nœud.",
    "choix.texte": "Ce que dit le stagiaire.",
    "choix.condition": "Expression : fausse, le choix est masqué (ou grisé avec « raison »).",
    "choix.raison": "Pourquoi le choix est grisé (mode entraînement).",
    "choix.une_fois": "vrai : le choix disparaît après usage.",
    "choix.actes": "Actes de langage de la réplique (lus par l'évaluation).",
    "choix.effets": "Modifications de variables : \"confiance += 1\".",
    "choix.revele": "Besoins cachés révélés par ce choix.",
    "choix.preuves": "Preuves d'évaluation : critère, poids, justification.",
    "choix.coach": "Conseil affiché après le choix en mode entraînement.",
    "choix.suite": "Nœud suivant : un identifiant, des branches si/vers, aleatoire ou "
                   "tirage.",
    "choix.reponse": "Ce que le client répond à ce choix, avant la réplique du nœud suivant.",
    "choix.exemples": "Exemples de phrases libres du stagiaire qui valent ce choix.",
    "choix.motifs": "Motifs (mots, expressions) qui rattachent une réponse libre à ce choix.",
    "choix.en_dernier": "vrai : le choix reste après les autres (« raccrocher », « revenir »), "
                        "dans l'ordre écrit.",
    "preuve.bloquant": "vrai : faute bloquante, le critère est non acquis quoi qu'il arrive.",
    "preuve.critere": "Critère du référentiel (C1.2…).",
    "preuve.poids": "Entier non nul : positif favorable, négatif défavorable.",
    "preuve.justification": "Justification affichée dans le compte rendu.",
    "branche.si": "Condition de la branche (la dernière peut l'omettre).",
    "branche.vers": "Nœud atteint par cette branche.",
    "aleatoire.vers": "Nœud possible du tirage.",
    "aleatoire.poids": "Poids relatif (nombre positif, 1 par défaut).",
    "suite.aleatoire": "Tirage pondéré (reproductible avec la graine).",
    "suite.tirage": "Nœuds joués chacun une fois dans un ordre tiré au sort.",
    "suite.sinon": "Nœud atteint quand tous les nœuds du tirage ont été joués.",
    "suites.accord": "Nœud atteint après un accord.",
    "suites.rupture": "Nœud atteint après une rupture.",
    # negotiation
    "tactique.tactique": "boulware (concède tard), conceder (tôt) ou lineaire.",
    "tactique.e": "Exposant de la courbe de concession (nombre positif).",
    "tactique.tours_max": "Nombre de tours avant la rupture.",
    "tactique.poids": "Poids des critères pour l'acheteur (somme 1).",
    "tactique.ouverture": "Position d'ouverture de l'acheteur.",
    "tactique.reservation": "Position limite de l'acheteur.",
    "issue.prix": "Poids du prix (la remise).",
    "issue.prix_unitaire": "Prix unitaire HT.",
    "issue.remise": "Remise en %.",
    "issue.quantite": "Quantité.",
    "issue.delai_paiement": "Délai de paiement en jours.",
    "issue.livraison": "Délai de livraison en jours.",
    "issue.services": "Nombre de services inclus.",
    # task fields
    "champ.id": "Identifiant de la question, unique dans la tâche.",
    "champ.type": "nombre, choix, texte, selection ou tournee.",
    "champ.libelle": "Intitulé affiché.",
    "champ.attendu": "Expression de la bonne réponse (nombre, choix).",
    "champ.tolerance": "Écart admis : \"1 %\" ou un nombre.",
    "champ.critere": "Critère : réponse juste +1, fausse −1.",
    "champ.options": "Options d'une question choix ([oui, non] pour un attendu booléen).",
    "champ.mots_cles": "Mots qui doivent tous figurer dans une réponse texte.",
    "motif.motif": "Expression régulière, en minuscules sans accents.",
    "motif.poids": "Poids du motif (1 par défaut, jusqu'à 10).",
    "offrir.contreparties": "Contreparties demandées en échange (identifiants).",
    "champ.chiffres": "Chiffres qu'une réponse texte doit donner (attendu, tolerance).",
    "chiffre.attendu": "Expression du chiffre attendu, calculée sur le monde.",
    "chiffre.tolerance": "Écart admis : \"2 %\" ou un nombre.",
    "chiffre.libelle": "Nom du chiffre dans la correction (« le CA réalisé »).",
    "champ.source": "Liste du monde affichée (entreprises, contacts, commandes…).",
    "champ.attendu_si": "Condition sur « ligne » des lignes à sélectionner.",
    "champ.coach": "Conseil affiché quand la réponse est fausse (entraînement).",
    # fragments
    "fragment.fragment": "Identifiant du fragment.",
    "fragment.variables": "Variables apportées par le fragment.",
    "fragment.noeuds": "Nœuds apportés par le fragment.",
    "fragment.description": "Note libre pour les formateurs.",
    # tests
    "test.nom": "Nom du plan de test.",
    "test.graine": "Graine de la séance (1 par défaut).",
    "test.mode": "entrainement (par défaut) ou examen.",
    "test.etapes": "Étapes jouées dans l'ordre.",
    "test.attendu": "Ce qui doit être vrai à la fin.",
    "attendu.noeud": "Nœud atteint à la fin.",
    "attendu.issue": "Issue de la séance.",
    "attendu.variables": "Valeurs finales de variables.",
    "attendu.preuves": "\"C1.2\" preuve favorable, \"-C3.3\" défavorable, \"!C3.4\" aucune "
                       "défavorable.",
    "attendu.criteres": "Décision attendue par critère : acquis, non acquis, non évalué.",
    "attendu.bloquantes": "Liste exacte des critères en faute bloquante ([] : aucune).",
    "etape.choisir": "Choisit la réponse d'identifiant donné (ou son numéro).",
    "etape.dire": "Texte libre, rattaché à un choix.",
    "etape.offrir": "Offre dans une négociation.",
    "etape.accepter": "Accepte la dernière contre-proposition.",
    "etape.rompre": "Rompt la négociation.",
    "etape.repondre": "Réponses aux questions d'une tâche (attendu / faux permis).",
}


MISSING: set[str] = set()     # fields met without a description (a test keeps it empty)


def _doc(key: str) -> str:
    """The French description of `section.field` (a generic one, recorded, if missing)."""
    if key not in DOCS:
        MISSING.add(key)
        return f"Champ « {key.split('.')[-1]} » (voir scenarios/GUIDE.md)."
    return DOCS[key]


def _str(key: str, **extra: Any) -> Schema:
    return {"type": "string", "description": _doc(key), **extra}


def _enum(key: str, values: Any) -> Schema:
    return {"type": "string", "enum": sorted(values), "description": _doc(key)}


BOOL: Schema = {"anyOf": [{"type": "boolean"},
                          {"type": "string", "enum": ["vrai", "faux", "oui", "non"]}]}
NUMBER: Schema = {"type": "number"}
EXPRESSION: Schema = {"type": ["string", "boolean", "number"]}
ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$"


def _object(section: str, fields: tuple[str, ...], props: dict[str, Schema],
            required: tuple[str, ...] = ()) -> Schema:
    """An object whose every property carries its French description."""
    properties: dict[str, Schema] = {}
    for name in fields:
        schema = dict(props.get(name, {}))
        schema["description"] = _doc(f"{section}.{name}")
        properties[name] = schema
    out: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def _referential_ids() -> tuple[list[str], list[str]]:
    """(competences, criteria) of every available referential."""
    competences: set[str] = set()
    criteria: set[str] = set()
    folder = referentials_dir()
    for path in sorted(folder.glob("*.yaml")) if folder else []:
        ids = load_referential_ids(path.stem)
        if ids is not None:
            competences |= ids.competences
            criteria |= ids.criteria
    return sorted(competences), sorted(criteria)


def _next(key: str) -> Schema:
    branch = _object("branche", ("si", "vers"), {"si": EXPRESSION, "vers": {"type": "string"}},
                     ("vers",))
    weighted = _object("aleatoire", ("vers", "poids"),
                       {"vers": {"type": "string"}, "poids": NUMBER}, ("vers",))
    return {"description": _doc(key), "anyOf": [
        {"type": "string", "pattern": ID_PATTERN},
        {"type": "array", "items": branch},
        _object("suite", ("aleatoire",), {"aleatoire": {"type": "array", "items": weighted}},
                ("aleatoire",)),
        _object("suite", ("tirage", "sinon"),
                {"tirage": {"type": "array", "items": {"type": "string"}},
                 "sinon": {"type": "string"}}, ("sinon",)),
    ]}


def _node(criteria: list[str]) -> Schema:
    evidence = _object("preuve", EVIDENCE_FIELDS, {
        "critere": {"type": "string", "enum": criteria},
        "poids": {"type": "integer", "not": {"const": 0}},
        "justification": {"type": "string"}, "bloquant": BOOL}, ("critere", "justification"))
    choice = _object("choix", loader.CHOICE_FIELDS, {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "texte": {"type": "string"}, "condition": EXPRESSION, "raison": {"type": "string"},
        "une_fois": BOOL, "en_dernier": BOOL,
        "actes": {"type": "array", "items": {"type": "string", "enum": sorted(SPEECH_ACTS)}},
        "effets": {"anyOf": [{"type": "string"},
                             {"type": "array", "items": {"type": "string"}}]},
        "revele": {"type": "array", "items": {"type": "string"}},
        "preuves": {"type": "array", "items": evidence},
        "coach": {"type": "string"}, "reponse": {"type": "string"},
        "exemples": {"type": "array", "items": {"type": "string"}},
        "motifs": {"type": "array", "items": {"anyOf": [
            {"type": "string"},
            _object("motif", ("motif", "poids"), {"motif": {"type": "string"},
                                                  "poids": NUMBER}, ("motif",))]}},
        "suite": _next("choix.suite")}, ("id", "texte"))
    positions = {"type": "object", "additionalProperties": False, "properties": {
        k: {"type": "number", "description": _doc(f"issue.{k}")}
        for k in loader.POSITION_ISSUES}}
    tactics = _object("tactique", TACTIC_FIELDS, {
        "tactique": {"type": "string", "enum": list(loader.TACTICS)},
        "e": {"type": "number", "exclusiveMinimum": 0},
        "tours_max": {"type": "integer", "minimum": 1},
        "poids": {"type": "object", "additionalProperties": False, "properties": {
            k: {"type": "number", "description": _doc(f"issue.{k}")}
            for k in loader.WEIGHT_ISSUES}},
        "ouverture": positions, "reservation": positions}, ("tactique",))
    task_field = _object("champ", loader.TASK_FIELD_FIELDS, {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "type": {"type": "string", "enum": list(loader.FIELD_KINDS)},
        "libelle": {"type": "string"}, "attendu": EXPRESSION,
        "tolerance": {"type": ["string", "number"]},
        "critere": {"type": "string", "enum": criteria},
        "options": {"type": "array", "items": {"type": ["string", "number"]}},
        "mots_cles": {"type": "array", "items": {"type": "string"}},
        "chiffres": {"type": "array", "items": _object(
            "chiffre", loader.FIGURE_FIELDS,
            {"attendu": EXPRESSION, "tolerance": {"type": ["string", "number"]},
             "libelle": {"type": "string"}}, ("attendu",))},
        "source": {"type": "string"}, "attendu_si": EXPRESSION, "coach": {"type": "string"}},
        ("id", "type"))
    props: dict[str, Schema] = {
        "type": {"type": "string", "enum": list(NODE_KINDS)},
        "locuteur": {"type": "string", "enum": list(SPEAKERS)},
        "texte": {"type": "string"},
        "variantes": _object("variantes", ("mode", "textes"), {
            "mode": {"type": "string", "enum": list(loader.VARIANT_MODES)},
            "textes": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
            ("textes",)),
        "reactions": {"type": "array", "items": _object(
            "reaction", ("si", "texte"), {"si": EXPRESSION, "texte": {"type": "string"}},
            ("si", "texte"))},
        "choix": {"type": "array", "items": choice},
        "ordre": {"type": "string", "enum": ["melange", "fixe"]},
        "description": {"type": "string"},
        "produit": {"type": "string"}, "quantite": {"type": "integer", "minimum": 1},
        "client": tactics, "accord_manager": EXPRESSION,
        "suites": _object("suites", ("accord", "rupture"),
                          {"accord": {"type": "string"}, "rupture": {"type": "string"}},
                          ("accord", "rupture")),
        "consigne": {"type": "string"},
        "champs": {"type": "array", "items": task_field},
        "suite": _next("noeud.suite"),
        "issue": {"type": "string", "enum": list(OUTCOMES)},
    }
    node = _object("noeud", loader.ALL_NODE_FIELDS, props)
    node["additionalProperties"] = False
    rules: list[Schema] = []
    for kind, fields in loader.KIND_FIELDS.items():
        condition: Schema = {"properties": {"type": {"const": kind}}, "required": ["type"]}
        if kind == "dialogue":
            condition = {"anyOf": [condition, {"not": {"required": ["type"]}}]}
        rules.append({"if": condition, "then": {"propertyNames": {"enum": list(fields)}}})
    node["allOf"] = rules
    return node


def _tests(criteria: list[str]) -> Schema:
    step_props: dict[str, Schema] = {
        "choisir": {"type": ["string", "integer"]},
        "dire": {"anyOf": [{"type": "string"}, {"type": "object"}]},
        "offrir": {"type": "object", "additionalProperties": False, "properties": {
            **{k: {"type": "number", "description": _doc(f"issue.{k}")} for k in OFFER_ISSUES},
            "contreparties": {"type": "array", "items": {"type": "string",
                                                         "enum": sorted(COUNTERPARTS)},
                              "description": _doc("offrir.contreparties")}}},
        "accepter": BOOL, "rompre": BOOL, "repondre": {"type": "object"}}
    step = _object("etape", loader.STEP_ACTIONS, step_props)
    step["minProperties"] = step["maxProperties"] = 1
    decisions = {"type": "string", "enum": list(loader.DECISIONS)}
    expect = _object("attendu", loader.EXPECT_FIELDS, {
        "noeud": {"type": "string"}, "issue": {"type": "string", "enum": list(OUTCOMES)},
        "variables": {"type": "object"},
        "preuves": {"type": "array", "items": {"type": "string",
                                               "pattern": r"^[-+!]?\s*C\d+\.\d+$"}},
        "criteres": {"type": "object", "propertyNames": {"enum": criteria},
                     "additionalProperties": decisions},
        "bloquantes": {"type": "array", "items": {"type": "string", "enum": criteria}}})
    plan = _object("test", TEST_FIELDS, {
        "nom": {"type": "string"}, "graine": {"type": "integer"},
        "mode": {"type": "string", "enum": list(loader.MODES)},
        "etapes": {"type": "array", "items": step}, "attendu": expect}, ("nom", "etapes"))
    return {"type": "array", "items": plan}


def _variables() -> Schema:
    variable = _object("variable", VARIABLE_FIELDS, {
        "type": {"type": "string", "enum": list(loader.VAR_TYPES)},
        "initial": {"type": ["number", "boolean", "string"]},
        "description": {"type": "string"}}, ("type",))
    return {"type": "object", "additionalProperties": variable}


def scenario_schema() -> Schema:
    """The whole JSON Schema (a scenario file or a fragment file)."""
    competences, criteria = _referential_ids()
    node = _node(criteria)
    id_text = _object("item", ("id", "texte"), {"id": {"type": "string"},
                                                "texte": {"type": "string"}}, ("id", "texte"))
    filters = {"type": "object", "additionalProperties": False, "properties": {
        name: {"description": _doc(f"client.{name}")} for name in loader.CLIENT_FILTERS}}
    scenario = _object("scenario", loader.TOP_FIELDS, {
        "id": {"type": "string", "pattern": ID_PATTERN}, "titre": {"type": "string"},
        "version": {"type": "string"}, "referentiel": {"type": "string"},
        "competences": {"type": "array", "items": {"type": "string", "enum": competences}},
        "duree": {"type": ["string", "integer"]},
        "difficulte": {"type": "string", "enum": list(loader.DIFFICULTIES)},
        "dossier_vendeur": {"type": "string"}, "client": filters, "brief": {"type": "string"},
        "chrono": _object("chrono", CHRONO_FIELDS, {
            "limite": {"type": ["string", "integer"]}, "expiration": {"type": "string"},
            "modes": {"type": "array", "items": {"type": "string",
                                                 "enum": list(loader.MODES)}}},
            ("limite", "expiration")),
        "persona": _object("persona", PERSONA_FIELDS, {
            "role": {"type": "string"},
            "motivations": {"type": "array", "items": {"type": "string",
                                                       "enum": list(SONCAS)}},
            "patience": {"type": "integer", "minimum": 1, "maximum": 5},
            "humeur": {"type": "string"},
            "besoins_caches": {"type": "array", "items": id_text},
            "objections": {"type": "array", "items": id_text}}),
        "variables": _variables(),
        "inclure": {"type": "array", "items": {"type": "string", "pattern": r"^[^\\]+$"}},
        "debut": {"type": "string"},
        "noeuds": {"type": "object", "additionalProperties": {"$ref": "#/definitions/noeud"}},
        "tests": _tests(criteria), "description": {"type": "string"}},
        loader.TOP_REQUIRED)
    fragment = _object("fragment", FRAGMENT_FIELDS, {
        "fragment": {"type": "string"}, "variables": _variables(),
        "noeuds": {"type": "object", "additionalProperties": {"$ref": "#/definitions/noeud"}},
        "description": {"type": "string"}}, ("fragment",))
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Scénario du simulateur NTC",
        "description": "Langage de scénarios du simulateur NTC (voir scenarios/GUIDE.md). "
                       "Réglez l'éditeur sur YAML 1.1 (yaml.yamlVersion: \"1.1\").",
        "definitions": {"noeud": node},
        "if": {"required": ["fragment"], "not": {"required": ["id"]}},
        "then": fragment,
        "else": scenario,
    }
