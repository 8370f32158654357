"""What the buyer (models 2 and 3) says: varied French lines naming what moved and what is missing.

Lines are drawn with the session's seeded generator (replays say the same thing) and never
print a bare table of numbers: « 45 jours, c'est mieux ; mais sur le prix on est encore
loin. Il me faudrait une remise de 12 %. »
"""

from __future__ import annotations

import random

from simulator.engine.text import show
from simulator.scenario.model import COUNTERPARTS

NBSP = "\u00a0"      # before « : ; ? ! » and between a number and its unit
NNBSP = "\u202f"

# Issue as the buyer names it in a sentence.
ISSUE_TOPIC = {"remise": "le prix", "delai_paiement": "le paiement",
               "livraison": "la livraison", "services": "les services",
               "quantite": "la quantité"}


def amount(issue: str, value: float) -> str:
    """« 12 % », « 45 jours », « deux services »… as said in a sentence."""
    if issue == "remise":
        return f"une remise de {show(round(value, 1))}{NNBSP}%"
    if issue == "delai_paiement":
        return f"un paiement à {show(round(value))}{NBSP}jours"
    if issue == "livraison":
        return f"une livraison sous {show(round(value))}{NBSP}jours"
    if issue == "services":
        count = round(value)
        if count <= 0:
            return "aucun service"
        return "un service inclus" if count == 1 else f"{show(count)}{NBSP}services inclus"
    return f"une quantité de {show(round(value))}"


def _moved(issue: str, value: float) -> str:
    """« 45 jours », « la remise à 8 % »: what the seller moved, named briefly."""
    if issue == "remise":
        return f"{show(round(value, 1))}{NNBSP}% de remise"
    if issue == "delai_paiement":
        return f"{show(round(value))}{NBSP}jours de paiement"
    if issue == "livraison":
        return f"la livraison sous {show(round(value))}{NBSP}jours"
    if issue == "services":
        count = round(value)
        return "un service inclus" if count == 1 else f"{show(count)}{NBSP}services inclus"
    return f"la quantité de {show(round(value))}"


def typographic(text: str) -> str:
    """No-break spaces before « : ; ? ! » (French typography)."""
    for mark in (":", ";", "?", "!"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


def counter_line(rng: random.Random, improved: list[tuple[str, float]],
                 countered: list[tuple[str, float]], satisfied: list[str],
                 refused: tuple[str, ...], welcomed: tuple[str, ...], *, insult: bool,
                 absurd: bool, stale: bool, ultimatum: bool, price_text: str,
                 lead: str | None = None) -> str:
    """The buyer's counter-offer in words (`lead`: model 3's words for an affront)."""
    parts: list[str] = []
    if lead is not None:
        parts.append(lead)
    elif absurd:
        parts.append(rng.choice([
            f"{price_text} ? Soyons sérieux{NBSP}: je ne peux pas travailler sur cette base.",
            f"{price_text}, vraiment{NBSP}? Vous vous êtes trompé, je suppose.",
        ]))
    elif insult:
        parts.append(rng.choice([
            f"Vous plaisantez{NBSP}? Ce n'est pas une proposition sérieuse.",
            "Là, vous me manquez de respect : on est très loin de ce que j'attends.",
        ]))
    elif stale:
        parts.append(rng.choice([
            "Vous me refaites la même proposition : je ne vais pas bouger si vous ne bougez pas.",
            f"On tourne en rond{NBSP}: rien n'a changé depuis votre dernière offre.",
        ]))
    if improved and not (absurd or insult):
        said = _join([_moved(i, v) for i, v in improved])
        parts.append(rng.choice([f"{said[0].upper()}{said[1:]}, c'est mieux.",
                                 f"Je note l'effort{NBSP}: {said}.",
                                 f"{said[0].upper()}{said[1:]}, ça va dans le bon sens."]))
    if welcomed:
        names = _join([COUNTERPARTS[c] for c in welcomed])
        parts.append(rng.choice([f"Le {names}, ça me rassure plutôt.",
                                 f"Pour le {names}, je suis preneur."])
                     if len(welcomed) == 1 else f"{names[0].upper()}{names[1:]} : j'y suis "
                     "favorable.")
    if refused:
        names = _join([COUNTERPARTS[c] for c in refused])
        parts.append(rng.choice([f"En revanche, {names}, ça a un coût pour moi.",
                                 f"{names[0].upper()}{names[1:]} : je ne peux pas m'y "
                                 "engager sans contrepartie."]))
    if satisfied and countered and not (absurd or insult):
        topics = _join([ISSUE_TOPIC.get(i, i) for i in satisfied])
        parts.append(f"Sur {topics}, nous sommes d'accord.")
    if countered:
        main = countered[0][0]
        wants = _join([amount(i, v) for i, v in countered])
        topic = ISSUE_TOPIC.get(main, main)
        if improved:
            lead = rng.choice(["Mais", "En revanche,", "Par contre,"])
            parts.append(f"{lead} sur {topic}, on est encore loin.")
        else:
            parts.append(f"Sur {topic}, on est encore loin.")
        parts.append(rng.choice([f"Il me faudrait {wants}.", f"Je vous demande {wants}.",
                                 f"Ma position{NBSP}: {wants}."]))
    elif refused:
        parts.append("Retirez cette condition et nous pouvons conclure.")
    if ultimatum:
        parts.append(rng.choice([
            f"C'est ma dernière proposition{NBSP}: après, j'arrête là.",
            "Je vous le dis franchement : c'est votre dernière chance.",
        ]))
    return typographic(" ".join(p for p in parts if p))


def accept_line(rng: random.Random, counterparts: tuple[str, ...]) -> str:
    if counterparts:
        names = _join([COUNTERPARTS[c] for c in counterparts])
        return typographic(rng.choice([
            f"Entendu, avec {names}, nous avons un accord.",
            f"C'est d'accord : va pour ces conditions, {names} compris."]))
    return typographic(rng.choice(["C'est d'accord, nous avons un accord.",
                                   "Très bien : topez là, nous sommes d'accord.",
                                   "Entendu, je valide ces conditions."]))


def break_line(rng: random.Random, *, insult: bool, absurd: bool, stale: bool) -> str:
    return typographic(_break_line(rng, insult=insult, absurd=absurd, stale=stale))


def _break_line(rng: random.Random, *, insult: bool, absurd: bool, stale: bool) -> str:
    if absurd:
        return ("Je ne peux pas prendre cette proposition au sérieux. Nous en resterons là, "
                "je vais voir ailleurs.")
    if insult:
        return f"Je crois que nous perdons notre temps{NBSP}: au revoir."
    if stale:
        return ("Vous ne bougez pas, je ne bouge pas : nous n'arriverons pas à nous "
                "entendre. J'en reste là.")
    return rng.choice([f"Nous n'arriverons pas à nous entendre{NBSP}: je préfère en rester là.",
                       "Nous sommes trop loin l'un de l'autre. Je vais signer ailleurs."])


def affront_line(rng: random.Random, absurd: tuple[str, ...], insulting: tuple[str, ...],
                 rude: bool, values: dict[str, float], price_text: str, *,
                 ending: bool) -> str:
    """Buyer model 3's reaction to an absurd or insulting offer, naming what shocked it;
    `ending`: the second affront, the buyer ends the talk."""
    parts: list[str] = []
    if "prix" in absurd:
        parts.append(rng.choice([
            f"{price_text}{NBSP}? Personne ne vend à ce prix-là{NBSP}: ce n'est pas une "
            "offre sérieuse.",
            f"{price_text}, vraiment{NBSP}? Vous vous êtes trompé, ou vous vous moquez de moi.",
        ]))
    others = [i for i in absurd if i != "prix" and i in values]
    if others:
        said = _join([amount(i, values[i]) for i in others])
        parts.append(rng.choice([
            f"{said[0].upper()}{said[1:]}{NBSP}? Je n'en demande pas tant{NBSP}: ce n'est "
            "pas crédible.",
            f"{said[0].upper()}{said[1:]}{NBSP}? Aucun fournisseur sérieux ne propose cela.",
        ]))
    worse = [i for i in insulting if i in values]
    if worse:
        said = _join([amount(i, values[i]) for i in worse])
        parts.append(rng.choice([
            f"{said[0].upper()}{said[1:]}{NBSP}? C'est une provocation.",
            f"{said[0].upper()}{said[1:]}{NBSP}? Vous vous moquez de moi.",
        ]))
    if rude:
        parts.append(rng.choice([
            "Je ne vous permets pas de me parler sur ce ton.",
            f"Restons courtois, s'il vous plaît{NBSP}: ce ton ne mène nulle part.",
        ]))
    if not parts:                       # far below what it accepts, all issues together
        parts.append(f"Vous plaisantez{NBSP}? Ce n'est pas une proposition sérieuse.")
    parts.append(rng.choice([
        "Dans ces conditions, je mets fin à cette discussion.",
        "Je ne vais pas continuer sur ces bases. Au revoir.",
    ]) if ending else rng.choice([
        "Encore une proposition de ce genre et j'arrête là.",
        f"Je vous préviens{NBSP}: une fois de plus et nous en resterons là.",
    ]))
    return typographic(" ".join(parts))
