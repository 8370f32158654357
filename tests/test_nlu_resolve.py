"""The confidence policy: act when sure, ask « Vouliez-vous dire… ? », or ask to rephrase."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.nlu.model import load_model
from simulator.nlu.resolve import Option, resolve

GATE = [
    Option("croc", "Bonjour, {stagiaire}, de la société Airtech : qui s'occupe de vos "
           "compresseurs ?", ("salutation", "presentation", "raison_appel",
                              "demande_interlocuteur")),
    Option("remise", "Bonjour ! Ce mois-ci, 15 % de remise sur nos compresseurs.",
           ("salutation", "argument", "annonce_prix")),
    Option("hors", "C'est technique, je préfère en parler avec la personne concernée.",
           ("hors_sujet",)),
]


def run(text: str, options: list[Option] = GATE) -> object:
    acts = [(a.act, a.score) for a in load_model().rank(text)]
    return resolve(acts, text, options)


def test_a_clear_sentence_picks_the_choice_with_its_act() -> None:
    r = run("Pourriez-vous me passer le responsable maintenance ?")
    assert r.kind == "choix" and r.choice == "croc"


def test_an_ambiguous_sentence_asks_between_the_two_best() -> None:
    r = run("Bonjour.")
    assert r.kind == "clarification"
    assert set(r.candidates) == {"croc", "remise"}
    assert r.message.startswith("Vouliez-vous dire «\u00a0")


def test_noise_asks_to_rephrase() -> None:
    r = run("Hello, could you put me through to the manager please?")
    assert r.kind == "reformulation" and r.choice is None
    assert "reformuler" in r.message


def test_aliases_count_as_their_act() -> None:
    r = run("Notre variateur vous fait économiser 30 % d'électricité.",
            [Option("a", "x", ("argument",)), Option("b", "y", ("ecoute",))])
    assert r.choice == "a"


def test_trainer_examples_separate_two_choices_of_one_act() -> None:
    options = [Option("energie", "Notre variateur réduit la consommation.", ("argumentation",),
                      examples=("vous consommerez beaucoup moins d'electricite",)),
               Option("panne", "Notre contrat évite les arrêts.", ("argumentation",),
                      patterns=((r"\bpannes?\b", 3.0),))]
    assert run("Avec nous, vous consommez moins d'électricité.", options).choice == "energie"
    assert run("Avec nous, fini les pannes à répétition.", options).choice == "panne"


def test_no_option_asks_to_rephrase() -> None:
    assert run("Bonjour", []).kind == "reformulation"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_resolution_is_a_pure_function(text: str) -> None:
    first, second = run(text), run(text)
    assert first == second
    assert first.kind in ("choix", "clarification", "reformulation")
    if first.kind == "choix":
        assert first.choice in {o.id for o in GATE}
