"""Entities of French sentences: digits or words, units, times, days, offsets back to the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.nlu.entities import ENTITY_TYPES, extract

DATA = Path(__file__).parent / "data" / "nlu" / "entities.jsonl"


def pairs(text: str) -> list[tuple[str, object]]:
    return [(e.type, e.value) for e in extract(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Je peux vous faire 3 % si vous signez aujourd'hui", [("pourcentage", 3)]),
    ("vingt-quatre mille cinq cents euros HT", [("montant", 24500)]),
    ("rdv mardi 14 h 30", [("jour_semaine", "mardi"), ("heure", "14:30")]),
    ("paiement en trois fois", [("versements", 3)]),
    ("livraison sous deux semaines", [("duree_jours", 14)]),
    ("un contrat de deux ans", [("duree_ans", 2)]),
    ("dix-huit mois", [("duree_mois", 18)]),
    ("le 3 décembre", [("date_jour", 3)]),
    ("cinq pour cent", [("pourcentage", 5)]),
    ("12 k€", [("montant", 12000)]),
    ("trois compresseurs", [("quantite", 3)]),
    ("à midi et demie", [("heure", "12:30")]),
])
def test_known_sentences(text: str, expected: list[tuple[str, object]]) -> None:
    assert pairs(text) == expected


def test_articles_stay_articles() -> None:
    """« une remise » is not the number 1; « un an » is one year."""
    assert pairs("une remise de 4 %") == [("pourcentage", 4)]
    assert pairs("un an de garantie") == [("duree_ans", 1)]


def test_a_lead_time_in_hours_is_not_a_time_of_day() -> None:
    assert pairs("nous intervenons en moins de 4 heures") == []
    assert pairs("intervention sous 24 h") == []


def test_text_is_the_trainees_own_words() -> None:
    found = extract("On descend à vingt-deux mille euros, en deux fois.")
    assert [e.text for e in found] == ["vingt-deux mille euros", "en deux fois"]


def test_numbers_go_through_the_project_parser() -> None:
    assert pairs("1,2 M€") == [("montant", 1200000)]
    assert pairs("24 500,50 €") == [("montant", 24500.5)]


def test_negotiation_entities_recall_on_the_dev_file() -> None:
    from simulator.nlu.evaluation import entity_recall, read_lines

    found, expected, misses = entity_recall(read_lines(DATA), pairs)
    assert found / expected >= 0.95, misses


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_well_formed_entities(text: str) -> None:
    for e in extract(text):
        assert e.type in ENTITY_TYPES
        assert e.text
        if e.type == "heure":
            assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(e.value))
        if e.type == "jour_semaine":
            assert str(e.value).islower()
        if e.type in ("montant", "pourcentage", "quantite", "versements", "date_jour",
                      "duree_jours", "duree_mois", "duree_ans"):
            assert isinstance(e.value, int | float) and not isinstance(e.value, bool)
