"""Transcript lines derived from events, and French wording of offers.

Used by the session (its `transcript`) and by the CLI / TUI to show a log read back.
"""

from __future__ import annotations

from typing import Any

from simulator.engine.text import show
from simulator.engine.views import COACH, SYSTEM, TRAINEE, Line
from simulator.french.grammar import plural

OUTCOME_FR = {"succes": "succès", "echec": "échec", "partiel": "partiel",
              "abandon": "abandon"}
# How each speaker of a transcript is named, for every front end (CLI, TUI, exports).
SPEAKER_LABELS: dict[str, str] = {
    "client": "Client",
    "barrage": "Standard",
    "jury": "Jury",
    "manager": "Responsable",
    "narrateur": "Narrateur",
    TRAINEE: "Vous",
    COACH: "Coach",
    SYSTEM: "Info",
}
ISSUE_FR = {"prix_unitaire": "prix unitaire", "remise": "remise", "quantite": "quantité",
            "delai_paiement": "délai de paiement", "livraison": "livraison",
            "services": "services"}


def speaker_label(speaker: str, names: dict[str, str] | None = None) -> str:
    """How a speaker is named: a person's name when `names` has one (« Zoé Lefèvre
    (client) »), else its French label, else the id capitalised."""
    if names and speaker in names:
        return names[speaker]
    return SPEAKER_LABELS.get(speaker, speaker.capitalize())


def describe_offer(offer: dict[str, Any], issues: Any = None, *,
                   model_1: bool = False) -> str:
    """'remise 12 %, paiement à 45 jours, livraison sous 15 jours, 2 services'.

    `model_1`: buyer model 1's frozen wording (« 2 service(s) inclus », no counterparts),
    which logs recorded with it must replay to the letter."""
    wanted = list(issues) if issues else list(offer)
    parts: list[str] = []
    for issue in ("prix_unitaire", "remise", "quantite", "delai_paiement", "livraison",
                  "services"):
        if issue not in offer or (issue not in wanted and issue != "remise"):
            continue
        value = offer[issue]
        if issue == "prix_unitaire":
            parts.append(f"prix unitaire {show(value)} €")
        elif issue == "remise":
            parts.append(f"remise {show(value)} %")
        elif issue == "quantite":
            parts.append(f"quantité {show(value)}")
        elif issue == "delai_paiement":
            parts.append(f"paiement à {show(value)} jours")
        elif issue == "livraison":
            parts.append(f"livraison sous {show(value)} jours")
        elif model_1:
            parts.append(f"{show(value)} service(s) inclus")
        else:
            count = int(value) if float(value).is_integer() else value
            parts.append("aucun service inclus" if count == 0 else "1 service inclus"
                         if count == 1 else f"{show(count)} services inclus")
    counterparts = offer.get("contreparties")
    if isinstance(counterparts, list) and counterparts and not model_1:
        from simulator.scenario.model import COUNTERPARTS

        names = [COUNTERPARTS.get(str(c), str(c)) for c in counterparts]
        parts.append("en échange : " + ", ".join(names))
    return ", ".join(parts)


def line_for(event: dict[str, Any], after_free_text: bool = False) -> Line | None:
    """The transcript line an event produces, if any."""
    kind, data, seq = event["type"], event["data"], int(event["seq"])
    if kind == "client_line":
        return Line(str(data["speaker"]), str(data["text"]), seq)
    if kind == "choice_made":
        return None if after_free_text else Line(TRAINEE, str(data["text"]), seq)
    if kind == "free_text":
        return Line(TRAINEE, str(data["text"]), seq)
    if kind == "offer_made":
        return Line(TRAINEE, "Je vous propose : " + describe_offer(data["offer"]) + ".", seq)
    if kind == "negotiation_action":
        text = ("J'accepte votre proposition." if data["action"] == "accept"
                else "Je préfère en rester là.")
        return Line(TRAINEE, text, seq)
    if kind == "task_answered":
        results = data.get("results", {})
        good = sum(1 for r in results.values() if r.get("ok"))
        right = plural(good, "réponse juste", "réponses justes")
        return Line(SYSTEM, f"Réponses enregistrées : {right} sur {len(results)}.", seq)
    if kind == "feedback_shown":
        return Line(COACH, str(data["text"]), seq)
    if kind in ("clarification", "rephrase") and data.get("message"):
        return Line(SYSTEM, str(data["message"]), seq)
    if kind == "understood" and data.get("text"):
        return Line(SYSTEM, str(data["text"]), seq)
    if kind == "offer_draft":
        offer = describe_offer(data.get("draft") or {})
        asked = ", ".join(str(c).replace("_", " ") for c in data.get("contreparties") or [])
        tail = f" ; contrepartie : {asked}" if asked else ""
        return Line(SYSTEM, f"Offre comprise : {offer or 'aucun terme chiffré'}{tail}. "
                            "Vérifiez-la puis envoyez-la.", seq)
    if kind == "need_revealed" and data.get("text"):
        return Line(SYSTEM, f"Besoin découvert : {data['text']}", seq)
    if kind == "timer":
        if data.get("expired"):
            return Line(SYSTEM, "Temps écoulé.", seq)
        return Line(SYSTEM, "Le temps prévu est dépassé.", seq)
    if kind == "session_resumed":
        return Line(SYSTEM, "Séance reprise.", seq)
    if kind == "session_ended":
        outcome = OUTCOME_FR.get(str(data.get("outcome")), str(data.get("outcome")))
        if data.get("error"):        # stopped by a fault of the scenario (engine limits)
            return Line(SYSTEM, f"{data.get('text')}. Fin de la séance : {outcome}.", seq)
        return Line(SYSTEM, f"Fin de la séance : {outcome}.", seq)
    return None
