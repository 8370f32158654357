"""Task results usable afterwards (`reussi`, `score_tache`) and coach advice on task fields.

The scenario is written by hand as YAML, so the loader, the static checker and the engine
are all exercised.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import Session
from simulator.engine.replay import verify_log
from simulator.engine.testplan import run_plans
from simulator.scenario import format_problem, load_scenario, validate
from simulator.scenario.expressions import DictEnv, parse_expression
from simulator.scenario.model import Scenario

SCENARIO = """\
id: essai-resultats
titre: "Essai : résultats de tâche"
version: "1.0"
competences: [C7]
duree: 10
debut: calcul
noeuds:
  calcul:
    type: tache
    consigne: "Calculez."
    champs:
      - id: total
        type: nombre
        libelle: "Total"
        attendu: "40 + 2"
        tolerance: 0
        critere: C7.1
        coach: "Additionnez les deux montants, {stagiaire}."
      - id: segment
        type: choix
        libelle: "Segment"
        options: [A, B, C]
        attendu: "'A'"
    suite: debrief
  debrief:
    locuteur: manager
    texte: "Voyons votre calcul."
    reactions:
      - si: "non reussi(total)"
        texte: "Le total est faux."
    choix:
      - id: conclure
        texte: "Je conclus."
        suite:
          - si: "score_tache(calcul) == 1"
            vers: bravo
          - si: "reussi(total)"
            vers: partiel
          - vers: rate
  bravo: {type: fin, issue: succes, texte: "Tout juste."}
  partiel: {type: fin, issue: partiel, texte: "À moitié."}
  rate: {type: fin, issue: echec, texte: "Faux."}
tests:
  - nom: "Tout juste"
    etapes:
      - repondre: {total: 42, segment: A}
      - choisir: conclure
    attendu: {noeud: bravo, issue: succes, preuves: ["C7.1"]}
  - nom: "Segment faux"
    etapes:
      - repondre: {total: 42, segment: B}
      - choisir: conclure
    attendu: {noeud: partiel, issue: partiel}
  - nom: "Total faux"
    etapes:
      - repondre: {total: 41, segment: A}
      - choisir: conclure
    attendu: {noeud: rate, issue: echec, preuves: ["-C7.1"]}
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("sc") / "essai.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return load_scenario(path)


def play(scenario: Scenario, answers: dict[str, object], mode: str = "entrainement",
         ) -> Session:
    s = Session(scenario, seed=1, trainee="Camille", mode=mode)
    s.start()
    s.answer(answers, t_ms=1000)
    return s


@pytest.mark.parametrize(("answers", "end", "outcome"), [
    ({"total": 42, "segment": "A"}, "bravo", "succes"),
    ({"total": 42, "segment": "C"}, "partiel", "partiel"),
    ({"total": 41, "segment": "A"}, "rate", "echec"),
    ({"segment": "A"}, "rate", "echec"),                  # not answered = not right
])
def test_later_node_branches_on_task_results(scenario: Scenario, answers: dict[str, object],
                                             end: str, outcome: str) -> None:
    s = play(scenario, answers)
    s.choose("conclure", t_ms=2000)
    assert s.node.id == end and s.outcome == outcome


def test_reaction_reads_the_result_of_the_task(scenario: Scenario) -> None:
    assert play(scenario, {"total": 41}).node.text == "Le total est faux."
    assert play(scenario, {"total": 42}).node.text == "Voyons votre calcul."


def test_coach_shown_in_training_only_when_the_field_is_wrong(scenario: Scenario) -> None:
    advice = "Additionnez les deux montants, Camille."
    wrong = play(scenario, {"total": 41, "segment": "A"})
    shown = [e["data"]["text"] for e in wrong.events if e["type"] == "feedback_shown"]
    assert advice in shown and advice in wrong.feedback
    assert shown.index(advice) == 1            # right after the field's own ✗ line
    assert any(line.speaker == "coach" and line.text == advice for line in wrong.transcript)
    right = play(scenario, {"total": 42, "segment": "B"})
    assert advice not in right.feedback and right.feedback      # other lines still shown
    exam = play(scenario, {"total": 41, "segment": "A"}, mode="examen")
    assert not [e for e in exam.events if e["type"] == "feedback_shown"]


def test_coach_is_loaded_on_the_field(scenario: Scenario) -> None:
    fields = {f.id: f for f in scenario.nodes["calcul"].fields}
    assert fields["total"].coach == "Additionnez les deux montants, {stagiaire}."
    assert fields["segment"].coach is None


def test_embedded_plans_pass(scenario: Scenario) -> None:
    results = run_plans(scenario)
    assert [r.ok for r in results] == [True, True, True], [r.reason for r in results]


def test_log_with_task_branches_replays(scenario: Scenario, tmp_path: Path) -> None:
    log = tmp_path / "s.jsonl"
    s = Session.open(scenario, log, seed=3, trainee="Camille")
    s.answer({"total": 42, "segment": "B"}, t_ms=10)
    s.choose("conclure", t_ms=20)
    s.close()
    result = verify_log(log, scenario)
    assert result.ok, result.message


def test_functions_read_an_env() -> None:
    env = DictEnv(tasks={"t1": {"a": True, "b": False}, "t2": {"a": False, "c": True}})
    assert parse_expression("reussi(c)").evaluate(env) is True
    assert parse_expression("reussi(a)").evaluate(env) is False      # the latest answer wins
    assert parse_expression("reussi(b) ou reussi(inconnu)").evaluate(env) is False
    assert parse_expression("score_tache(t1)").evaluate(env) == 0.5
    assert parse_expression("score_tache(t2) >= 0.5").evaluate(env) is True
    assert parse_expression("score_tache('pas-faite')").evaluate(env) == 0.0
    expr = parse_expression("reussi(ca) et score_tache(etude-marche) > 0.5")
    assert expr.field_refs() == {"ca"} and expr.task_refs() == {"etude-marche"}
    assert [(f, r) for f, r, _ in expr.session_refs()] == [("reussi", "ca"),
                                                           ("score_tache", "etude-marche")]


def test_functions_are_reserved_words() -> None:
    from simulator.scenario.names import invalid_variable_name

    assert invalid_variable_name("reussi") and invalid_variable_name("score_tache")


@pytest.mark.parametrize(("src", "message"), [
    ("reussi()", "reussi() attend l'identifiant d'un champ de tâche"),
    ("score_tache(1.5)", "score_tache() attend l'identifiant d'un nœud de tâche"),
    ("reussi(a, b)", "attend un seul identifiant de champ de tâche"),
])
def test_bad_calls_are_reported(src: str, message: str) -> None:
    from simulator.scenario.expressions import ExpressionError

    with pytest.raises(ExpressionError) as info:
        parse_expression(src)
    assert message in info.value.message


def test_checker_reports_unknown_fields_and_nodes_with_position(tmp_path: Path) -> None:
    text = (SCENARIO
            .replace('si: "non reussi(total)"',
                     'si: "non reussi(total) ou score_tache(calcl) > 0"')
            .replace('si: "score_tache(calcul) == 1"', 'si: "score_tache(debrief) == 1"')
            .replace('si: "reussi(total)"\n', 'si: "reussi(totl)"\n'))
    path = tmp_path / "mauvais.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def where(needle: str) -> str:
        row = next(i for i, line in enumerate(lines) if needle in line)
        return f"{path}:{row + 1}:{lines[row].index(needle) + 1}: "

    messages = [format_problem(p) for p in validate(path) if p.severity == "erreur"]
    assert where("score_tache(calcl)") + (
        "score_tache() : nœud de tâche inconnu « calcl » ; vouliez-vous dire « calcul » ?"
    ) in messages
    assert where("score_tache(debrief)") + (
        "score_tache() : le nœud « debrief » n'est pas une tâche (type: tache)") in messages
    assert where("reussi(totl)") + (
        "reussi() : champ de tâche inconnu « totl » ; vouliez-vous dire « total » ?"
    ) in messages
    assert len(messages) == 3, messages


def test_random_play_reaches_every_task_result_branch(scenario: Scenario) -> None:
    from simulator.engine.fuzz import fuzz

    report = fuzz(scenario, runs=40, seed=1)
    assert report.errors == [] and report.unvisited == []
    assert {"succes", "partiel", "echec"} <= set(report.outcomes)


def test_random_play_also_finds_the_best_route(tmp_path: Path) -> None:
    from simulator.engine.fuzz import fuzz

    text = """\
id: essai-tournee
titre: "Essai : tournée"
version: "1.0"
competences: [C6]
duree: 10
debut: tournee
noeuds:
  tournee:
    type: tache
    consigne: "Ordonnez les visites."
    champs:
      - {id: ordre, type: tournee, libelle: "Tournée", source: visites, critere: C6.4}
    suite:
      - si: "reussi(ordre)"
        vers: optimisee
      - vers: a_revoir
  optimisee: {type: fin, issue: succes, texte: "Tournée optimisée."}
  a_revoir: {type: fin, issue: partiel, texte: "Tournée à revoir."}
"""
    path = tmp_path / "tournee.yaml"
    path.write_text(text, encoding="utf-8")
    report = fuzz(load_scenario(path), runs=40, seed=1)
    assert report.unvisited == [] and set(report.outcomes) == {"succes", "partiel"}
    assert report.outcomes["succes"] >= 10          # the optimum is played, not stumbled on
