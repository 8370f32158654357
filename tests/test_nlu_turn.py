"""A typed turn resolves the same way live and from its recorded analysis."""

from __future__ import annotations

import json

from simulator.nlu.resolve import Option
from simulator.nlu.turn import replayed, understand

OPTIONS = [Option("rdv", "Je vous propose mardi 8 h 30 ou jeudi 14 h.", ("proposition_rdv",)),
           Option("bye", "Merci, au revoir.", ("prise_de_conge",))]


def test_live_and_replayed_agree() -> None:
    for text in ("on se voit jeudi 14 h ?", "merci au revoir", "bof", "hello there"):
        live = understand(text, OPTIONS)
        again = replayed(json.loads(json.dumps(live.analysis)), text, OPTIONS)
        assert again.resolution == live.resolution


def test_turn_carries_entities_and_a_draft() -> None:
    turn = understand("je vous fais 3 % si vous signez aujourd'hui", OPTIONS)
    assert turn.analysis["entites"][0]["type"] == "pourcentage"
    assert turn.draft.remise == 3.0 and turn.draft.contreparties == ["commande_ferme"]
