"""Dialogue that remembers: a reply attached to a choice, inline conditional text, yes/no
task answers, choices no random play ever enables."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.fuzz import fuzz
from simulator.engine.session import Session
from simulator.log.clock import ManualClock
from simulator.scenario import load_scenario

SCENARIO = """id: cas-memoire
titre: "Cas"
version: "1.0"
competences: [C2]
duree: "10 min"
variables:
  installation_decrite: {type: booleen, initial: faux}
  questions: {type: entier, initial: 0}
debut: decouverte
noeuds:
  decouverte:
    texte: "Je vous écoute."
    choix:
      - id: q_installation
        texte: "Comment est organisée votre production d'air comprimé ?"
        reponse: "Deux compresseurs de 2009{si questions >= 2 : , je vous l'ai déjà dit}."
        effets: ["installation_decrite = vrai", "questions += 1"]
        preuves: [{critere: C2.1, justification: "Question ouverte."}]
        suite: suite
      - id: argumenter
        texte: "Notre compresseur est le meilleur."
        preuves: [{critere: C2.1, poids: -1, justification: "Argument trop tôt."}]
        suite: suite
      - id: jamais
        texte: "Choix impossible."
        condition: "questions > 100"
        suite: fin
  suite:
    texte: "{si installation_decrite : Voilà pour l'installation. | Je ne vous ai encore
      rien dit de notre installation.} Autre chose{si questions >= 1 : , après cette question} ?"
    choix:
      - id: encore
        texte: "Une autre question."
        suite: decouverte
      - id: finir
        texte: "Merci."
        suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Au revoir."
"""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "memoire.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def _session(path: Path) -> Session:
    session = Session(load_scenario(path), seed=1, trainee="T", clock=ManualClock())
    session.start()
    return session


def _client_lines(session: Session) -> list[str]:
    return [e["data"]["text"] for e in session.events if e["type"] == "client_line"]


def test_reply_follows_the_choice_and_sees_its_effects(scenario: Path) -> None:
    session = _session(scenario)
    session.choose("q_installation", t_ms=1000)
    kinds = [e["type"] for e in session.events]
    made = kinds.index("choice_made")
    reply = kinds.index("client_line", made)
    assert reply < kinds.index("node_entered", made)
    assert _client_lines(session)[1] == "Deux compresseurs de 2009."
    assert _client_lines(session)[2] == "Voilà pour l'installation. Autre chose, après cette " \
                                        "question ?"


def test_line_does_not_contradict_what_was_said(scenario: Path) -> None:
    session = _session(scenario)
    session.choose("argumenter", t_ms=1000)
    assert _client_lines(session)[-1] == ("Je ne vous ai encore rien dit de notre "
                                          "installation. Autre chose ?")
    session.choose("encore", t_ms=2000)
    session.choose("q_installation", t_ms=3000)
    session.choose("encore", t_ms=4000)
    session.choose("q_installation", t_ms=5000)
    assert "Deux compresseurs de 2009, je vous l'ai déjà dit." in _client_lines(session)


def test_replay_of_a_log_with_replies_is_exact(scenario: Path, tmp_path: Path) -> None:
    from simulator.engine.replay import verify_log

    log = tmp_path / "s.jsonl"
    session = Session.open(load_scenario(scenario), log, seed=1, trainee="T",
                           clock=ManualClock())
    session.choose("q_installation", t_ms=1000)
    session.choose("finir", t_ms=2000)
    session.close()
    result = verify_log(log)
    assert result.ok, result.message


def test_fuzz_reports_choices_never_enabled(scenario: Path) -> None:
    report = fuzz(load_scenario(scenario), runs=40, seed=1)
    assert report.never_enabled == [("decouverte", "jamais")]


def test_yes_no_question_expects_the_option(tmp_path: Path) -> None:
    path = tmp_path / "oui.yaml"
    path.write_text("""id: cas-oui
titre: "Cas"
version: "1.0"
competences: [C7]
duree: "10 min"
debut: t
noeuds:
  t:
    type: tache
    consigne: "Répondez."
    champs:
      - id: retards
        type: choix
        options: [Oui, Non]
        attendu: "indicateurs.factures_en_retard >= 0"
        critere: C7.1
    suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Merci."
""", encoding="utf-8")
    session = _session(path)
    session.answer({"retards": "oui"}, t_ms=1000)
    result = next(e for e in session.events if e["type"] == "task_answered")
    assert result["data"]["results"]["retards"]["ok"] is True
    assert result["data"]["results"]["retards"]["expected"] == "Oui"
