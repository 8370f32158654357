"""Placeholders that agree with the generated names (simulator/engine/text.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.engine.text import plural, render, with_preposition
from simulator.scenario.placeholders import read_body

WORLD: dict[str, object] = {
    "client": {"commune": "Le Pont-de-Claix", "raison_sociale": "Établissements Riou",
               "concurrent": None, "effectif": 1},
    "autre": {"commune": "Les Mureaux", "raison_sociale": "Alizé", "concurrent": "Kompress"},
    "contact": {"civilite": "Mme", "prenom": "Ana", "nom": "Ribeiro"},
    "barrage": {"civilite": "M.", "prenom": "Luc", "nom": "Roy"},
    "nb": 3,
}


def fill(template: str) -> str:
    def lookup(name: str) -> object:
        return WORLD[name]
    return render(template, lookup)


@pytest.mark.parametrize(("template", "expected"), [
    ("{à client.commune}", "au Pont-de-Claix"),
    ("{de client.commune}", "du Pont-de-Claix"),
    ("{à autre.commune}", "aux Mureaux"),
    ("{de autre.raison_sociale}", "d'Alizé"),
    ("{de client.raison_sociale}", "des Établissements Riou"),
    ("{le client.raison_sociale}", "les Établissements Riou"),
    ("{le autre.raison_sociale}", "Alizé"),
    ("{À client.commune}, il pleut", "Au Pont-de-Claix, il pleut"),
    ("{De autre.raison_sociale}", "D'Alizé"),
    ("{Le client.raison_sociale} ouvrent", "Les Établissements Riou ouvrent"),
    ("{client.concurrent|un concurrent}", "un concurrent"),
    ("{autre.concurrent|un concurrent}", "Kompress"),
    ("{de client.concurrent|un concurrent}", "d'un concurrent"),
    ("{client.absent|rien}", "rien"),
    ("{contact: Monsieur / Madame} {contact.nom}", "Madame Ribeiro"),
    ("{barrage: Monsieur / Madame} {barrage.nom}", "Monsieur Roy"),
    ("{nb} {nb: service / services}", "3 services"),
    ("{client.effectif} {client.effectif: salarié / salariés}", "1 salarié"),
    ("{{client.commune}}", "{client.commune}"),
    ("{inconnu.x}", "{inconnu.x}"),
])
def test_render_agrees_with_names(template: str, expected: str) -> None:
    assert fill(template) == expected


@pytest.mark.parametrize(("word", "phrase", "expected"), [
    ("à", "Lyon", "à Lyon"), ("à", "La Tour-du-Pin", "à La Tour-du-Pin"),
    ("à", "L'Isle-d'Abeau", "à L'Isle-d'Abeau"), ("de", "Hyères", "d'Hyères"),
    ("de", "Haguenau", "de Haguenau"), ("de", "Le Havre", "du Havre"),
    ("de", "Yutz", "d'Yutz"), ("de", "3 services", "de 3 services"),
    ("à", "le fournisseur", "au fournisseur"), ("de", "les clients", "des clients"),
    ("de", "", ""),
])
def test_with_preposition(word: str, phrase: str, expected: str) -> None:
    assert with_preposition(word, phrase) == expected


def test_plural_counts_in_french() -> None:
    assert plural(0, "service", "services") == "0\u00a0service"
    assert plural(1.5, "jour", "jours") == "1,5\u00a0jour"
    assert plural(2, "service", "services") == "2\u00a0services"


NAMES = st.text(st.characters(categories=("L",)), min_size=1, max_size=12)


@given(st.sampled_from(["", "Le ", "La ", "Les ", "L'", "Établissements "]), NAMES,
       st.sampled_from(["à", "de", "le"]))
def test_never_writes_the_uncontracted_forms(article: str, name: str, word: str) -> None:
    out = with_preposition(word, article + name)
    lowered = out.lower()
    for bad in ("à le ", "à les ", "de le ", "de les ", "le les "):
        assert not lowered.startswith(bad), out
    if word == "de" and name[0].lower() in "aeiouéèêàâîôû" and not article:
        assert out.startswith("d'"), out
    assert out.endswith(name)


@pytest.mark.parametrize(("body", "problem"), [
    ("du client.commune", "mot « du » inconnu"),
    ("contact: Monsieur", "deux formes séparées"),
    ("de contact: a / b", "et deux formes à la fois"),
    ("client.nom|", "texte de repli vide"),
    ("contact nom", "mal formé"),
])
def test_checker_reads_malformed_bodies(body: str, problem: str) -> None:
    reading = read_body(body)
    assert reading.problem is not None and problem in reading.problem


@pytest.mark.parametrize("body", ["à client.commune", "client.concurrent|un concurrent",
                                  "contact: Monsieur / Madame", " client.nom ",
                                  "de client.concurrent|un concurrent"])
def test_checker_accepts_what_the_engine_fills(body: str) -> None:
    assert read_body(body).problem is None
