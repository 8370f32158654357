"""`ntc run`, `ntc replay --verify`, `ntc scenarios test`, `ntc scenarios fuzz` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run_main as run

from simulator.cli.main import main

SCENARIO = """\
id: essai-cli
titre: "Essai de la ligne de commande"
version: "1.0"
referentiel: TP-00338
competences: [C1, C3]
duree: "15 min"
difficulte: facile
dossier_vendeur: air-comprime
client:
  statut: prospect
chrono:
  limite: "15 min"
  expiration: fin_temps
  modes: [examen]
persona:
  motivations: [securite]
  patience: 3
  humeur: mefiant
variables:
  confiance: {type: entier, initial: 0}
debut: accueil
noeuds:
  accueil:
    locuteur: barrage
    texte: "{client.raison_sociale}, bonjour."
    choix:
      - id: croc
        texte: "Bonjour, {stagiaire}, de {vendeur.nom}."
        actes: [salutation, presentation]
        effets: ["confiance += 1"]
        preuves:
          - {critere: C1.2, poids: 1, justification: "Présentation claire."}
        coach: "Bien."
        suite: nego
      - id: raccrocher
        texte: "Je rappellerai."
        actes: [prise_de_conge]
        suite: echec
  nego:
    type: negociation
    texte: "Votre concurrent est 20 % moins cher."
    produit: compresseur-vsd-37
    quantite: 2
    client:
      tactique: lineaire
      tours_max: 4
      poids: {prix: 0.6, delai_paiement: 0.4}
      ouverture: {remise: 20, delai_paiement: 60}
      reservation: {remise: 6, delai_paiement: 30}
    suites: {accord: bilan, rupture: echec}
  bilan:
    type: tache
    locuteur: manager
    consigne: "Indiquez le CA total du secteur."
    champs:
      - id: ca
        type: nombre
        libelle: "CA total"
        attendu: "indicateurs.ca_total"
        tolerance: "1 %"
        critere: C7.1
    suite: succes
  succes:
    type: fin
    issue: succes
    texte: "Merci."
  echec:
    type: fin
    issue: echec
    texte: "Au revoir."
  fin_temps:
    type: fin
    issue: abandon
    locuteur: narrateur
    texte: "Le temps est écoulé."
tests:
  - nom: "Raccrocher"
    etapes:
      - choisir: raccrocher
    attendu:
      issue: echec
  - nom: "Attente fausse"
    etapes:
      - choisir: croc
      - rompre: oui
    attendu:
      issue: succes
  - nom: "Preuve présente"
    etapes:
      - choisir: 1
      - rompre: oui
    attendu:
      noeud: echec
      variables: {confiance: 1}
      preuves: ["C1.2"]
"""


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "essai-cli.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_run_with_inputs_file_prints_transcript_and_writes_log(
        tmp_path: Path, scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "entrees.txt"
    inputs.write_text("# essai\ncroc\noffrir: {remise: 5, delai_paiement: 45}\n"
                      "accepter: oui\nrepondre: {ca: 1}\n", encoding="utf-8")
    log = tmp_path / "journal.jsonl"
    code, out, err = run(["run", str(scenario_file), "--inputs", str(inputs), "--log", str(log),
                          "--trainee", "Zoé Lefèvre", "--seed", "3"], capsys)
    assert code == 0, err
    assert "Standard : " in out and "Vous : Bonjour, Zoé Lefèvre, de Alizé Air" in out
    assert "Client : Votre concurrent est 20\u00a0% moins cher." in out
    assert "Je vous propose\u00a0: " in out and "marge" in out
    assert "Coach : Bien." in out
    assert "Issue : succès" in out
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["type"] == "header" and rows[0]["trainee"] == "Zoé Lefèvre"
    assert rows[-1]["type"] == "session_ended"
    code, out, _ = run(["replay", str(log), "--verify"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"journal vérifié : {len(rows) - 1} événements, rejeu identique"
    assert "signature : non signé : l'intégrité n'est pas garantie" in lines


def test_run_yaml_list_inputs_and_exam_mode(
        tmp_path: Path, scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "entrees.yaml"
    inputs.write_text("- dire: {texte: 'Bonjour madame', choix: croc}\n- rompre: oui\n",
                      encoding="utf-8")
    log = tmp_path / "j.jsonl"
    code, out, err = run(["run", str(scenario_file), "--inputs", str(inputs), "--log", str(log),
                          "--mode", "examen"], capsys)
    assert code == 0, err
    assert "Vous : Bonjour madame" in out and "Coach" not in out
    assert "Issue : échec" in out


def test_default_log_path(tmp_path: Path, scenario_file: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["run", str(scenario_file), "--random", "--trainee", "Zoé Lefèvre"],
                       capsys)
    assert code == 0
    logs = list((tmp_path / "sessions").glob("essai-cli-zoe-lefevre-*.jsonl"))
    assert len(logs) == 1 and f"Journal : sessions/{logs[0].name}" in out


@pytest.mark.parametrize(("content", "expected"), [
    ("croc\nvolerr: 3\n", "étape 2 : action inconnue « volerr »"),
    ("croc\noffrir: {ristourne: 5}\n", "étape 2 : élément d'offre inconnu « ristourne »"),
    ("n_existe_pas\n", "étape 1 (choisir) : choix « n_existe_pas » non proposé ici"),
    ("croc\nrompre: oui\ncroc\n", "étape 3 : la séance est déjà terminée"),
])
def test_inputs_that_do_not_fit(tmp_path: Path, scenario_file: Path, content: str, expected: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in.txt"
    inputs.write_text(content, encoding="utf-8")
    code, _, err = run(["run", str(scenario_file), "--inputs", str(inputs), "--log",
                        str(tmp_path / "x.jsonl")], capsys)
    assert code == 1
    assert expected in err
    assert f"{inputs}:" in err          # path:line:col of the step
    assert "Traceback" not in err


def test_run_usage_errors(tmp_path: Path, scenario_file: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["run", str(scenario_file), "--inputs", str(tmp_path / "absent.txt")],
                       capsys)
    assert code == 2 and "introuvable" in err
    code, _, err = run(["run", "scenario-inconnu", "--random"], capsys)
    assert code == 2 and "inconnu" in err
    with pytest.raises(SystemExit) as exc:
        main(["run", str(scenario_file)])
    assert exc.value.code == 2


def test_random_runs_are_reproducible(tmp_path: Path, scenario_file: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    outs = []
    for name in ("a", "b"):
        code, out, _ = run(["run", str(scenario_file), "--random", "--seed", "9", "--log",
                            str(tmp_path / f"{name}.jsonl")], capsys)
        assert code == 0
        outs.append(out.split("Journal")[0])
    assert outs[0] == outs[1]


def test_verify_reports_tampering_and_changed_scenario(
        tmp_path: Path, scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "j.jsonl"
    assert run(["run", str(scenario_file), "--random", "--log", str(log)], capsys)[0] == 0
    original = log.read_text(encoding="utf-8")
    lines = original.splitlines()
    lines[2] = lines[2].replace('"node_entered"', '"node_left"')
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["replay", str(log), "--verify"], capsys)
    assert code == 1 and "ligne 3" in err and out == ""

    log.write_text(original, encoding="utf-8")
    scenario_file.write_text(SCENARIO.replace("Merci.", "Merci beaucoup."), encoding="utf-8")
    code, _, err = run(["replay", str(log), "--verify"], capsys)
    assert code == 1 and "le scénario a changé depuis l'enregistrement" in err


def test_replay_missing_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["replay", str(tmp_path / "absent.jsonl"), "--verify"], capsys)
    assert code == 2 and "journal introuvable" in err


def test_scenarios_test_reports_each_plan(scenario_file: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["scenarios", "test", str(scenario_file)], capsys)
    assert code == 1
    assert "✓" in out and "— Raccrocher" in out
    assert "✗" in out and "Attente fausse : issue attendue « succes », obtenue « echec »" in out
    assert f"{scenario_file}:" in out
    assert out.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_scenarios_fuzz(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["scenarios", "fuzz", str(scenario_file), "--runs", "60"], capsys)
    assert code == 0, out
    assert "60 parties" in out and "aucune impasse" in out


LOOPING = """\
id: boucle
titre: "Boucle"
version: "1.0"
referentiel: TP-00338
competences: [C1]
duree: "15 min"
difficulte: facile
dossier_vendeur: air-comprime
client:
  statut: prospect
variables:
  confiance: {type: entier, initial: 0}
debut: accueil
noeuds:
  accueil:
    texte: "Allô ?"
    choix:
      - id: tourner
        texte: "Je tourne en rond."
        preuves:
          - {critere: C1.2, poids: 1, justification: "x"}
        suite: accueil
      - id: impasse
        texte: "Vers l'impasse."
        condition: "confiance < 0"
        suite: cul_de_sac
      - id: sortir
        texte: "Je sors."
        condition: "confiance > 100"
        suite: echec
  cul_de_sac:
    texte: "Plus rien."
    choix:
      - id: jamais
        texte: "Impossible."
        condition: "confiance > 100"
        suite: echec
  echec:
    type: fin
    issue: echec
    texte: "Au revoir."
"""


def test_scenarios_fuzz_finds_loops_and_unvisited_nodes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "boucle.yaml"
    path.write_text(LOOPING, encoding="utf-8")
    code, out, err = run(["scenarios", "fuzz", str(path), "--runs", "5"], capsys)
    assert code == 1, err
    assert "boucle sans fin" in out and "500 étapes sans atteindre de fin" in out
    assert "nœud « echec » jamais visité" in out


def test_scenarios_fuzz_finds_dead_ends(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "impasse.yaml"
    path.write_text(LOOPING.replace('condition: "confiance < 0"', 'condition: "confiance >= 0"')
                    .replace("suite: accueil", "suite: cul_de_sac"), encoding="utf-8")
    code, out, err = run(["scenarios", "fuzz", str(path), "--runs", "5"], capsys)
    assert code == 1, err
    assert "impasse : nœud « cul_de_sac » : aucun choix possible" in out


def _modify(lines: list[str]) -> list[str]:
    lines[4] = lines[4].replace('"t_ms":', '"t_ms":1', 1)
    return lines


def _delete(lines: list[str]) -> list[str]:
    del lines[4]
    return lines


def _swap(lines: list[str]) -> list[str]:
    lines[3], lines[4] = lines[4], lines[3]
    return lines


def _forge_tail(lines: list[str]) -> list[str]:
    last = json.loads(lines[-1])
    last["seq"] += 1
    return [*lines, json.dumps(last)]


def _header(lines: list[str]) -> list[str]:
    lines[0] = lines[0].replace('"seed":', '"seed":1', 1)
    return lines


def _crash_cut(lines: list[str]) -> list[str]:
    return [*lines[:-1], lines[-1][: len(lines[-1]) // 2]]


@pytest.mark.parametrize("tamper", [_modify, _delete, _swap, _forge_tail, _header, _crash_cut])
def test_every_tampering_fails_verify(tmp_path: Path, scenario_file: Path, tamper: object,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "j.jsonl"
    assert run(["run", str(scenario_file), "--random", "--seed", "2", "--log", str(log)],
               capsys)[0] == 0
    assert run(["replay", str(log), "--verify"], capsys)[0] == 0
    lines = tamper(log.read_text(encoding="utf-8").splitlines())  # type: ignore[operator]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["replay", str(log), "--verify"], capsys)
    assert code == 1
    assert "ligne" in err and "vérifié" not in out


def test_replay_without_verify_opens_the_app(tmp_path: Path, scenario_file: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli import tui_cmd

    log = tmp_path / "j.jsonl"
    assert run(["run", str(scenario_file), "--random", "--log", str(log)], capsys)[0] == 0
    opened: list[str] = []
    monkeypatch.setattr(tui_cmd, "open_replay", lambda args: opened.append(args.log) or 0)
    assert run(["replay", str(log)], capsys)[0] == 0
    assert opened == [str(log)]
