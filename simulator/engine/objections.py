"""Jury-style objections the buyer (model 2) raises during a negotiation, and how an answer
is graded by the CRAC method (Creuser, Reformuler, Argumenter, Contrôler).

Pure data and text analysis: the negotiation node (nodes/negotiation.py) decides when an
objection is raised (seeded) and records the answer's evidence. A typed answer is read with
lenient markers (accents and case ignored); a choice is read from its speech acts.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.engine.tasks import fold

STEPS = ("creuser", "reformuler", "argumenter", "controler")
STEP_FR = {"creuser": "creuser", "reformuler": "reformuler", "argumenter": "argumenter",
           "controler": "contrôler"}


@dataclass(frozen=True)
class Objection:
    id: str
    label: str                     # French, for the evidence
    lines: tuple[str, ...]         # what the buyer says (one drawn by seed)
    keywords: tuple[str, ...]      # an argument on this objection names one of these


OBJECTIONS: dict[str, Objection] = {o.id: o for o in (
    Objection("autorite", "décision de la direction", (
        "De toute façon, je ne décide pas seul\u00a0: j'en parle à ma direction.",
        "Il faudra que j'en parle à ma direction avant de m'engager.",
    ), ("direction", "decideur", "presenter", "rendez-vous", "dossier", "synthese",
        "accompagn", "reunion")),
    Objection("concurrent", "offre groupée du concurrent", (
        "Votre concurrent, lui, inclut la maintenance dans son prix.",
        "Chez votre concurrent, la mise en service et l'entretien sont compris.",
    ), ("maintenance", "cout global", "inclus", "contrat", "comparer", "total", "entretien")),
    Objection("garanties", "garanties", (
        "Et quelles garanties vous me donnez si la machine tombe en panne\u00a0?",
        "Qu'est-ce qui me garantit que vous interviendrez vite en cas de panne\u00a0?",
    ), ("garanti", "ans", "intervention", "heures", "pieces", "engagement", "astreinte")),
    Objection("references", "références", (
        "Vous avez des références dans mon secteur\u00a0?",
        "Qui, dans la région, utilise déjà vos machines\u00a0?",
    ), ("reference", "client", "visite", "temoignage", "site", "installe", "equipe")),
    Objection("delai", "calendrier", (
        "Il me faut la machine avant l'été, sinon ça ne m'intéresse plus.",
        "Honnêtement, ce n'est peut-être pas le bon moment pour nous.",
    ), ("delai", "date", "livr", "avant", "planning", "semaine", "calendrier")),
)}

OPEN_WORDS = ("qu'est-ce", "qu est-ce", "pourquoi", "comment", "quel", "lequel", "lesquel",
              "precisement", "c'est-a-dire", "qu'entendez", "de quoi", "en quoi")
REFORMULATION = ("si je comprends bien", "autrement dit", "vous voulez dire",
                 "si je vous suis", "vous craignez", "vous souhaitez", "ce qui vous importe",
                 "en d'autres termes", "vous attendez", "ce qui compte pour vous",
                 "si je resume", "vous avez besoin")
CONTROL = ("est-ce que cela", "est-ce que ca", "cela repond", "ca repond",
           "qu'en pensez-vous", "cela vous rassure", "ca vous rassure", "etes-vous d'accord",
           "cela vous convient", "ca vous convient", "est-ce clair", "vous rassure",
           "cela vous va", "ca vous va")
# Speech acts of a choice and the CRAC step they stand for.
ACT_STEPS = {"question_ouverte": "creuser", "reformulation": "reformuler",
             "argument": "argumenter", "preuve": "argumenter",
             "traitement_objection": "argumenter", "confirmation": "controler",
             "question_fermee": "controler"}
ANSWER_ACTS = frozenset(ACT_STEPS)


def crac_of_text(text: str, objection: Objection) -> dict[str, bool]:
    """Which CRAC steps a typed answer shows."""
    folded = fold(text).replace("’", "'")
    return {
        "creuser": "?" in text and any(w in folded for w in OPEN_WORDS),
        "reformuler": any(m in folded for m in REFORMULATION),
        # an argument answers this objection: it names what the objection is about
        "argumenter": any(k in folded for k in objection.keywords),
        "controler": any(m in folded for m in CONTROL),
    }


def crac_of_acts(acts: tuple[str, ...]) -> dict[str, bool]:
    """Which CRAC steps a choice's speech acts show."""
    found = {ACT_STEPS[a] for a in acts if a in ACT_STEPS}
    return {step: step in found for step in STEPS}


def verdict(objection: Objection, steps: dict[str, bool]) -> tuple[int, str, str]:
    """(evidence weight, justification, buyer's reaction) for an answer."""
    done = [STEP_FR[s] for s in STEPS if steps[s]]
    missing = [STEP_FR[s] for s in STEPS if not steps[s]]
    shown = ", ".join(done) if done else "aucune étape"
    lacking = f" ; manque : {', '.join(missing)}" if missing else ""
    if len(done) >= 3:
        return (1, f"Objection « {objection.label} » traitée (CRAC : {shown}{lacking}).",
                "Bon. Vous me rassurez sur ce point.")
    if len(done) == 2:
        return (-1, f"Objection « {objection.label} » traitée en partie (CRAC : {shown}"
                    f"{lacking}).", "Mouais… Ça ne répond qu'à moitié à ma question.")
    return (-1, f"Objection « {objection.label} » non traitée (CRAC : {shown}{lacking}).",
            "Vous ne répondez pas vraiment à ma question.")
