"""A task node without `locuteur` is attributed to the narrator, other nodes to the client."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario import load_scenario

SCENARIO = """\
id: t-locuteur
titre: "Locuteur par défaut"
version: "1.0"
referentiel: TP-00338
competences: [C7]
duree: "10 min"
difficulte: facile
debut: calcul
noeuds:
  calcul:
    type: tache
    consigne: "Calculez."
    champs:
      - {id: n, type: nombre, attendu: "2", critere: C7.1}
    suite: question
  question:
    type: dialogue
    texte: "Alors ?"
    choix:
      - {id: fin, texte: "Voilà.", suite: chef}
  chef:
    type: tache
    locuteur: manager
    consigne: "Vérifiez."
    champs:
      - {id: m, type: nombre, attendu: "3", critere: C7.1}
    suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Fini."
"""


def test_task_speaker_defaults_to_narrator(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    nodes = load_scenario(str(path)).nodes
    assert nodes["calcul"].speaker == "narrateur"
    assert nodes["chef"].speaker == "manager"
    assert nodes["question"].speaker == "client"
    assert nodes["fin"].speaker == "client"
