"""Offer drafts from negotiation sentences: figures by issue, counterparts asked."""

from __future__ import annotations

import pytest

from simulator.nlu.offer import COUNTERPARTS, describe_counterparts, draft_offer


@pytest.mark.parametrize(("text", "expected"), [
    ("Je peux vous faire 3 % si vous signez aujourd'hui",
     {"remise": 3.0, "contreparties": ["commande_ferme"]}),
    ("Je vous fais 5 % si vous payez comptant",
     {"remise": 5.0, "contreparties": ["paiement_comptant"]}),
    ("La remise de 6 % est possible avec un acompte de 30 % à la commande.",
     {"remise": 6.0, "contreparties": ["acompte"]}),
    ("Si vous acceptez d'être client référence, je vous fais 2 %",
     {"remise": 2.0, "contreparties": ["reference_client"]}),
    ("Je descends à 23 000 euros, livraison sous trois semaines, paiement à 45 jours fin de "
     "mois", {"prix_unitaire": 23000.0, "livraison": 21, "delai_paiement": 45,
              "contreparties": []}),
    ("Je vous accorde 4 % en échange d'un engagement sur trois ans",
     {"remise": 4.0, "contreparties": ["duree_engagement"]}),
])
def test_drafts(text: str, expected: dict[str, object]) -> None:
    assert draft_offer(text).as_dict() == expected


def test_no_condition_no_counterpart() -> None:
    assert draft_offer("Je vous fais 3 %, et vous signez quand vous voulez.").contreparties \
        == []


def test_counterpart_ids_and_labels() -> None:
    assert len(COUNTERPARTS) == 7
    assert describe_counterparts(["commande_ferme", "acompte"]) == \
        "commande ferme, acompte à la commande"
