"""From a negotiation sentence to an offer draft the trainee confirms.

« Je peux vous faire 3 % si vous signez aujourd'hui » → remise 3, counterpart
`commande_ferme`. The draft only proposes: the engine shows it and the trainee confirms or
corrects it, so a misread figure never becomes an offer on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.nlu.entities import Entity, _fold, extract

# Until the engine's vocabulary (simulator.scenario.model.COUNTERPARTS) lands, the same ids.
COUNTERPARTS: tuple[str, ...] = (
    "commande_ferme", "volume", "duree_engagement", "acompte", "reference_client",
    "contrat_maintenance", "paiement_comptant",
)
COUNTERPART_LABELS: dict[str, str] = {
    "commande_ferme": "commande ferme",
    "volume": "engagement de volume",
    "duree_engagement": "durée d'engagement",
    "acompte": "acompte à la commande",
    "reference_client": "référence client",
    "contrat_maintenance": "contrat de maintenance",
    "paiement_comptant": "paiement comptant",
}
_CONDITION = re.compile(r"\b(si vous|s'il|si on|a condition|en echange|en contrepartie|en retour"
                        r"|donnant|contre (un|une|la|le|votre|vos)|moyennant|pour peu que"
                        r"|conditionne|valable (uniquement|seulement)? ?(si|pour)|uniquement si"
                        r"|seulement si|il me faut|il faudrait|j'ai besoin)")
_COUNTER_PATTERNS: dict[str, re.Pattern[str]] = {
    "commande_ferme": re.compile(
        r"\b(commande ferme|signez|signiez|signer|signature|bon de commande|commandez|"
        r"commandiez|passez commande|passiez commande|confirmez la commande|validez la commande"
        r"|valider la commande|confirmiez)\b"),
    "volume": re.compile(
        r"\b(volume|quantites?|prenez (\d+|deux|trois|quatre|cinq|six|dix)|au lieu de (\d+|deux"
        r"|trois)|regroupez|augmentez|toute la flotte|les (deux|trois|quatre|\d+) (chariots|"
        r"compresseurs|machines))\b"),
    "duree_engagement": re.compile(
        r"\b(engag\w* (sur|pour) (\d+|un|deux|trois|quatre|cinq) ans|duree d'engagement|"
        r"contrat de (\d+|deux|trois|quatre|cinq) ans|sur (\d+|trois|quatre|cinq) ans|"
        r"(\d+) mois de (location|contrat)|engagement (ecrit )?sur)\b"),
    "acompte": re.compile(r"\bacomptes?\b"),
    "reference_client": re.compile(
        r"\b(reference|citer|temoign\w*|recommand\w*|vitrine|visite de vos voisins|"
        r"faire visiter)\b"),
    "contrat_maintenance": re.compile(
        r"\b(contrat (de maintenance|d'entretien)|pack maintenance|la maintenance|"
        r"contrat d'entretien|entretien annuel)\b"),
    "paiement_comptant": re.compile(
        r"\b(comptant|cash|paiement a la commande|payez a la commande|payiez a la commande|"
        r"reglement a la commande|payer a la commande)\b"),
}
_DISCOUNT = re.compile(r"\b(remise|rabais|geste|reduction|ristourne|escompte|moins|baisse|"
                       r"faire|fais|accorde|accorder|offre|consens)\b")
_PAYMENT = re.compile(r"\b(paiement|payer|payez|reglement|regler|echeance|delai de paiement|"
                      r"fin de mois|a \d+ jours)\b")
_DELIVERY = re.compile(r"\b(livr\w*|livraison|delai de livraison|expedi\w*|sous|installation)\b")
_SERVICES = re.compile(r"\b(formation|mise en service|installation|maintenance|garantie|"
                       r"telesurveillance|entretien|pret|batterie de rechange)\b")


@dataclass
class OfferDraft:
    """What the sentence proposes, by issue; `contreparties` the counterparts asked."""

    remise: float | None = None
    prix_unitaire: float | None = None
    delai_paiement: int | None = None
    livraison: int | None = None
    services: int | None = None
    quantite: int | None = None
    contreparties: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {k: v for k, v in (
            ("remise", self.remise), ("prix_unitaire", self.prix_unitaire),
            ("delai_paiement", self.delai_paiement), ("livraison", self.livraison),
            ("services", self.services), ("quantite", self.quantite)) if v is not None}
        out["contreparties"] = list(self.contreparties)
        return out

    @property
    def empty(self) -> bool:
        return not self.as_dict().get("contreparties") and len(self.as_dict()) == 1


def _window(norm: str, e: Entity, before: int = 40, after: int = 25) -> str:
    return norm[max(0, e.start - before):e.end + after]


def draft_offer(text: str, entities: list[Entity] | None = None) -> OfferDraft:
    """The offer a negotiation sentence makes (figures and counterparts), never guessed."""
    norm = _fold(text[:2000])
    found = entities if entities is not None else extract(text)
    draft = OfferDraft()
    for e in found:
        near = _window(norm, e)
        before = norm[max(0, e.start - 40):e.start]
        if e.type == "pourcentage" and draft.remise is None and "acompte" not in near:
            if _DISCOUNT.search(near) or "%" in e.text:
                draft.remise = float(e.value)
        elif e.type == "montant" and draft.prix_unitaire is None:
            if re.search(r"\b(baisse de|geste de|moins|remise de|rabais de|reduction de|"
                         r"acompte)\b", before[-25:]):
                continue
            draft.prix_unitaire = float(e.value)
        elif e.type == "duree_jours":
            if _PAYMENT.search(before) or re.search(r"fin de mois", e.text.lower()):
                draft.delai_paiement = draft.delai_paiement or int(e.value)
            elif _DELIVERY.search(before):
                draft.livraison = draft.livraison or int(e.value)
            elif re.search(r"\b(a|pour)\s*$", before) and draft.delai_paiement is None:
                draft.delai_paiement = int(e.value)     # « à 60 jours »: payment terms
        elif e.type == "quantite" and draft.quantite is None:
            draft.quantite = int(e.value)
    condition = _CONDITION.search(norm)
    if condition is not None:
        tail = norm[condition.start():]
        for cid, regex in _COUNTER_PATTERNS.items():
            if regex.search(tail) and cid not in draft.contreparties:
                draft.contreparties.append(cid)
    elif "acompte" in norm:
        draft.contreparties.append("acompte")
    services = {m.group(1) for m in _SERVICES.finditer(norm)}
    if services and re.search(r"\b(offert|offerte|offre|gratuit\w*|inclus\w*|compris\w*|"
                              r"sans (frais|supplement|surcout))", norm):
        draft.services = len(services)
    return draft


def describe_counterparts(ids: list[str]) -> str:
    """« commande ferme, acompte à la commande » for a confirmation line."""
    return ", ".join(COUNTERPART_LABELS.get(c, c) for c in ids)
