"""Adversarial checks of the `ntc` command line: bad input never gives a traceback, English
text, a wrong exit status or lost data (DESIGN.md §3 and §7).

Each test pins behaviour that is already right; defects found are reported, not pinned.
In-process calls to `main()` keep the file fast; subprocesses only where a real pipe is needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import call, clear_key, run_with_inputs

from simulator.cli import play_cmd, tui_cmd
from simulator.log import KEY_ENV, KEY_FILE_ENV, read_log

SCENARIO = """\
id: essai-mauvaises-entrees
titre: "Essai des mauvaises entrées"
version: "1.0"
referentiel: TP-00338
competences: [C1, C7]
duree: "15 min"
difficulte: facile
dossier_vendeur: air-comprime
client:
  statut: prospect
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
        suite: relance
      - id: raccrocher
        texte: "Je rappellerai."
        actes: [prise_de_conge]
        suite: echec
  relance:
    texte: "Et donc ?"
    choix:
      - id: insister
        texte: "Puis-je parler au responsable ?"
        actes: [question_fermee]
        suite: bilan
      - id: abandonner
        texte: "Tant pis."
        actes: [prise_de_conge]
        suite: echec
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
"""

# Words that betray untranslated argparse / OS / Python text reaching the user.
ENGLISH = ("Traceback", "usage:", "error:", "show this help", "positional arguments",
           "optional arguments", "invalid choice", "expected one argument",
           "the following arguments", "unrecognized arguments", "No such file",
           "Permission denied", "Is a directory", "not allowed with", "Error")

SUBCOMMANDS = (["scenarios"], ["scenarios", "list"], ["scenarios", "validate"],
               ["scenarios", "test"], ["scenarios", "fuzz"], ["scenarios", "graph"], ["run"],
               ["replay"], ["score"], ["territory"], ["territory", "generate"],
               ["territory", "list"], ["play"])


def assert_french(*texts: str) -> None:
    for text in texts:
        for word in ENGLISH:
            assert word not in text, f"{word!r} dans : {text}"


@pytest.fixture()
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "essai.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start without a signing key, whatever the developer's environment holds."""
    clear_key(monkeypatch)


def play(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
         steps: str = "croc\ninsister\nrepondre: {ca: 1}\n", name: str = "j.jsonl") -> Path:
    """A finished session log of the test scenario."""
    log = tmp_path / name
    code, _, err = run_with_inputs(scenario, tmp_path / f"{name}.entrees.txt", log, steps,
                                   capsys)
    assert code == 0, err
    return log


# -- help and usage --------------------------------------------------------------------------
@pytest.mark.parametrize("words", SUBCOMMANDS, ids=" ".join)
def test_subcommand_help_is_french(words: list[str],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call([*words, "--help"], capsys)
    assert code == 0
    assert out.startswith("utilisation : ntc ")
    assert "-h, --help" in out and "afficher cette aide et quitter" in out
    assert_french(out, err)


@pytest.mark.parametrize("argv", [
    ["--inconnue"],
    ["commande-inconnue"],
    ["scenarios"],
    ["scenarios", "inconnue"],
    ["scenarios", "fuzz"],
    ["scenarios", "graph", "x", "--format", "png"],
    ["run"],
    ["run", "x"],
    ["run", "x", "--random", "--inputs", "f"],
    ["run", "x", "--random", "--mode", "libre"],
    ["run", "x", "--random", "--seed"],
    ["replay"],
    ["score"],
    ["score", "j.jsonl", "--format", "xml"],
    ["territory"],
    ["territory", "generate", "--companies", "-1"],
    ["territory", "generate", "--companies", "beaucoup"],
    ["territory", "generate", "--companies", "100001"],
    ["territory", "generate", "--seed", "1e3"],
    ["territory", "generate", "--out"],
    ["play"],
    ["play", "x", "--mode", "libre"],
], ids=" ".join)
def test_usage_errors_exit_2_in_french(argv: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(argv, capsys)
    assert code == 2
    assert "utilisation : ntc" in err and " : erreur : " in err
    assert "Tapez « ntc" in err and "--help » pour l'aide." in err
    assert_french(out, err)


@pytest.mark.parametrize("runs", ["0", "-3"])
def test_fuzz_needs_at_least_one_run(runs: str, scenario: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(["scenarios", "fuzz", str(scenario), "--runs", runs], capsys)
    assert code == 2
    assert "--runs doit être au moins 1" in err
    assert_french(out, err)


# -- scenarios validate / graph / fuzz / test on bad files -----------------------------------
BAD_SCENARIOS: dict[str, tuple[bytes, str]] = {
    "vide.yaml": (b"", ":1:1: le fichier est vide"),
    "binaire.yaml": (bytes(range(256)) * 4, "n'est pas encodé en UTF-8"),
    "latin1.yaml": ("id: x\ntitre: café\n".encode("latin-1"), ":2:"),
    "gros.yaml": (b"a: " + b"x" * 3_000_000 + b"\n", "fichier trop volumineux"),
    "profond.yaml": (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "imbrication trop profonde"),
    "python.yaml": (b"id: !!python/object/apply:os.system ['true']\n",
                    "un scénario ne peut pas exécuter de code"),
    "liste.yaml": (b"- a\n- b\n", ":1:1: un scénario est un dictionnaire"),
    "guillemet.yaml": (b'id: "x\n', "erreur de syntaxe YAML"),
}


@pytest.mark.parametrize("name", sorted(BAD_SCENARIOS))
def test_validate_bad_file_reports_position_in_french(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, expected = BAD_SCENARIOS[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = call(["scenarios", "validate", str(path)], capsys)
    assert code == 1
    assert f"{path}:" in out and expected in out
    assert out.rstrip().endswith("1 fichier vérifié : 1 erreur, 0 avertissement.")
    assert_french(out, err)


def test_validate_alias_bomb_is_refused_quickly(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    path = tmp_path / "bombe.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = call(["scenarios", "validate", str(path)], capsys)
    assert code == 1 and "trop d'alias" in out
    assert_french(out, err)


@pytest.mark.parametrize("kind", ["absent", "dossier-vide"])
def test_validate_missing_target_counts_as_failure(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / kind
    if kind == "dossier-vide":
        target.mkdir()
    code, out, err = call(["scenarios", "validate", str(target)], capsys)
    assert code == 1
    assert "introuvable" in out or "aucun fichier .yaml" in out
    assert "1 fichier introuvable" in out
    assert_french(out, err)


@pytest.mark.parametrize("command", [["scenarios", "graph"], ["scenarios", "fuzz"],
                                     ["scenarios", "test"]], ids=" ".join)
@pytest.mark.parametrize("bad", ["vide", "binaire", "dossier", "absent"])
def test_scenario_tools_on_bad_file(command: list[str], bad: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{bad}.yaml"
    if bad == "vide":
        path.write_bytes(b"")
    elif bad == "binaire":
        path.write_bytes(b"\xff\xfe\x00\x81" * 100)
    elif bad == "dossier":
        path.mkdir()
    code, out, err = call([*command, str(path)], capsys)
    assert code != 0
    assert str(path) in out + err
    assert_french(out, err)


def test_run_and_fuzz_unknown_scenario_is_usage_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["run", "scenario-qui-n-existe-pas", "--random"],
                 ["scenarios", "fuzz", "scenario-qui-n-existe-pas"]):
        code, out, err = call(argv, capsys)
        assert code == 2
        assert "scénario inconnu « scenario-qui-n-existe-pas »" in err
        assert_french(out, err)


# -- ntc run: inputs and logs ----------------------------------------------------------------
def test_run_inputs_directory_is_usage_error(scenario: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "j.jsonl"
    code, out, err = call(["run", str(scenario), "--inputs", str(tmp_path), "--log", str(log)],
                          capsys)
    assert code == 2 and "fichier d'entrées" in err
    assert not log.exists()
    assert_french(out, err)


@pytest.mark.parametrize("content", [b"croc\n\xe9t\xe9\n", bytes(range(256))])
def test_run_inputs_not_utf8(content: bytes, scenario: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "entrees.txt"
    inputs.write_bytes(content)
    log = tmp_path / "j.jsonl"
    code, out, err = call(["run", str(scenario), "--inputs", str(inputs), "--log", str(log)],
                          capsys)
    assert code != 0
    assert "fichier d'entrées illisible" in err and "UTF-8" in err
    assert not log.exists()
    assert_french(out, err)


@pytest.mark.parametrize(("content", "where", "expected"), [
    ("- choisir: croc\n- choisir: inconnu\n", ":2:3: étape 2 (choisir)",
     "choix « inconnu » non proposé ici"),
    ("croc\n\n# commentaire\ninsister\nrepondre: [1, 2]\n", ":5:1: étape 3",
     "« repondre » attend les réponses par champ"),
    ("croc\ninsister\nrepondre: {inconnu: 3}\n", ":3:1: étape 3 (repondre)",
     "champ inconnu « inconnu »"),
    ("croc\noffrir: {remise: 5}\n", ":2:1: étape 2 (offrir)", "aucune négociation en cours"),
    ("- {choisir: croc, dire: x}\n", ":1:3: étape 1", "une étape est une seule action"),
    ("croc\naccepter: peut-être\n", ":2:1: étape 2", "« accepter » attend oui ou non"),
    ("croc\ndire: [\n", ":2:1: étape 2", "ligne incomprise"),
    ("raccrocher\ncroc\n", ":2:1: étape 2", "la séance est déjà terminée, étapes en trop"),
])
def test_inputs_that_do_not_fit_name_step_and_line_and_keep_the_log(
        content: str, where: str, expected: str, scenario: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "entrees.txt"
    inputs.write_text(content, encoding="utf-8")
    log = tmp_path / "j.jsonl"
    code, out, err = call(["run", str(scenario), "--inputs", str(inputs), "--log", str(log)],
                          capsys)
    assert code == 1
    assert f"{inputs}{where}" in err and expected in err
    assert_french(out, err)
    if log.exists():            # what was played before the bad step is kept and checks out
        assert not read_log(log).errors
        code, out, err = call(["replay", str(log), "--verify"], capsys)
        assert code == 0 and "rejeu identique" in out
        assert_french(out, err)


def test_existing_log_is_never_overwritten(scenario: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    inputs = tmp_path / "entrees.txt"
    inputs.write_text("raccrocher\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (log, scenario, inputs)}
    for target in before:          # the log, but also the scenario or the inputs file
        code, out, err = call(["run", str(scenario), "--inputs", str(inputs), "--log",
                               str(target)], capsys)
        assert code == 2 and "existe déjà" in err
        assert_french(out, err)
    code, out, err = call(["run", str(scenario), "--random", "--log", str(tmp_path)], capsys)
    assert code == 2
    assert {p: p.read_bytes() for p in before} == before


def test_empty_existing_log_file_is_used(scenario: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "j.jsonl"
    log.write_bytes(b"")
    code, out, err = call(["run", str(scenario), "--random", "--log", str(log)], capsys)
    assert code == 0, err
    assert f"Journal : {log}" in out
    assert read_log(log).header is not None


def test_ctrl_c_keeps_every_recorded_event(scenario: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[str] = []
    original = play_cmd.Printer.__call__

    def interrupt(self: play_cmd.Printer, event: dict[str, object]) -> None:
        seen.append(str(event["type"]))
        if event["type"] == "choice_made":
            raise KeyboardInterrupt
        original(self, event)

    monkeypatch.setattr(play_cmd.Printer, "__call__", interrupt)
    inputs = tmp_path / "entrees.txt"
    inputs.write_text("croc\ninsister\n", encoding="utf-8")
    log = tmp_path / "j.jsonl"
    code, _, err = call(["run", str(scenario), "--inputs", str(inputs), "--log", str(log)],
                        capsys)
    assert code == 130
    assert err.strip() == "Interrompu."
    result = read_log(log)
    assert not result.errors
    recorded = [e["type"] for e in result.events]
    # Listeners hear of an input's events once the whole input is on disk (group commit):
    # what was printed before Ctrl-C is a prefix of the log, and the log holds every event
    # of the interrupted input.
    assert recorded[:len(seen)] == seen and len(recorded) > len(seen)
    code, out, err = call(["replay", str(log), "--verify"], capsys)   # a prefix, not a forgery
    assert code == 0 and "rejeu identique" in out and "interrompue" in out
    assert_french(out, err)


def test_resume_never_touches_a_refused_log(scenario: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys, steps="croc\n")
    rest = tmp_path / "suite.txt"
    rest.write_text("insister\n", encoding="utf-8")
    lines = log.read_bytes().splitlines(keepends=True)
    tampered = tmp_path / "modifie.jsonl"
    tampered.write_bytes(b"".join([*lines[:2], lines[2].replace(b'"seq":2', b'"seq":20'),
                                   *lines[3:]]))
    finished = play(scenario, tmp_path, capsys, name="fini.jsonl")
    for path in (tampered, finished, scenario):
        before = path.read_bytes()
        code, out, err = call(["run", str(scenario), "--resume", str(path), "--inputs",
                               str(rest)], capsys)
        assert code == 1 and "eprise impossible" in err
        assert path.read_bytes() == before
        assert_french(out, err)


def test_resume_after_a_crash_mid_line(scenario: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys, steps="croc\n")
    data = log.read_bytes()
    log.write_bytes(data[:-25])                     # the last event was being written
    # A real crash mid-line happens before the centre records hear of that input (they are
    # told once it is on disk); the log is cut after the fact here, so forget what they saw
    # (otherwise the cut is rightly reported as a truncation: tests/test_trust_registry.py).
    for path in Path(os.environ["NTC_DATA_DIR"]).glob("centre.sqlite3*"):
        path.unlink()
    rest = tmp_path / "suite.txt"
    rest.write_text("insister\nrepondre: {ca: 1}\n", encoding="utf-8")
    code, out, err = call(["run", str(scenario), "--resume", str(log), "--inputs", str(rest)],
                          capsys)
    assert code == 0, err
    assert "Issue : succès" in out or "Issue : échec" in out
    cut_line = data[:-25][data[:-25].rfind(b"\n") + 1:]
    aside = [p for p in tmp_path.glob("j.jsonl.*") if p.suffix != ".txt"]
    assert any(cut_line in p.read_bytes() for p in aside)   # the cut line is kept aside
    code, out, err = call(["replay", str(log), "--verify"], capsys)
    assert code == 0 and "rejeu identique" in out
    assert_french(out, err)


# -- replay --verify ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["absent", "dossier"])
def test_replay_missing_log_is_usage_error(kind: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.jsonl"
    if kind == "dossier":
        path.mkdir()
    code, out, err = call(["replay", str(path), "--verify"], capsys)
    assert code == 2 and f"journal introuvable : {path}" in err
    assert_french(out, err)


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "fichier vide"),
    (b"\xff\xfe\x00 pas du json\n", "n'est pas un journal de session NTC"),
    (b'{"a": 1}\n', "n'est pas un journal de session NTC"),
    (SCENARIO.encode("utf-8"), "n'est pas un journal de session NTC"),
])
def test_replay_and_score_refuse_what_is_not_a_log(
        content: bytes, expected: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "faux.jsonl"
    path.write_bytes(content)
    code, out, err = call(["replay", str(path), "--verify"], capsys)
    assert code == 1 and expected in err
    assert_french(out, err)
    code, out, err = call(["score", str(path)], capsys)
    assert code == 1 and "refusé" in err and expected in err
    assert_french(out, err)
    assert path.read_bytes() == content


def test_tampered_log_is_refused_with_its_line(scenario: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    lines = log.read_bytes().splitlines(keepends=True)
    edited = tmp_path / "modifie.jsonl"
    edited.write_bytes(b"".join([*lines[:3], lines[3].replace(b'"seq":3', b'"seq":30'),
                                 *lines[4:]]))
    removed = tmp_path / "supprime.jsonl"
    removed.write_bytes(b"".join([*lines[:3], *lines[4:]]))
    for path in (edited, removed):
        code, out, err = call(["replay", str(path), "--verify"], capsys)
        assert code == 1 and "ligne 4" in err and "chaîne de hachage rompue" in err
        assert_french(out, err)
        code, out, err = call(["score", str(path), "--format", "json"], capsys)
        assert code == 1 and "refusé" in err
        assert_french(out, err)


def test_log_truncated_mid_line(scenario: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    data = log.read_bytes()
    cut = tmp_path / "coupe.jsonl"
    cut.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 40])
    code, out, err = call(["replay", str(cut), "--verify"], capsys)
    assert code == 1 and "dernière ligne incomplète" in err
    assert_french(out, err)
    code, out, err = call(["score", str(cut), "--format", "json"], capsys)
    assert code == 1 and "session incomplète" in err
    assert json.loads(out)["stagiaires"]           # the intact part is still scored
    assert_french(err)


def test_log_of_a_changed_scenario(scenario: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    scenario.write_text(SCENARIO.replace("Et donc ?", "Et alors ?"), encoding="utf-8")
    code, out, err = call(["replay", str(log), "--verify"], capsys)
    assert code == 1 and "le scénario a changé depuis l'enregistrement" in err
    assert_french(out, err)


def test_signed_log_with_wrong_and_right_key(scenario: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(KEY_ENV, "clé du centre")
    log = play(scenario, tmp_path, capsys)
    assert read_log(log).signed
    monkeypatch.setenv(KEY_ENV, "une autre clé")
    code, out, err = call(["replay", str(log), "--verify"], capsys)
    assert code == 1 and "signature" in err
    assert_french(out, err)
    code, out, err = call(["score", str(log), "--format", "csv"], capsys)
    assert code == 1 and "refusé" in err and "signature" in err
    monkeypatch.delenv(KEY_ENV)
    key_file = tmp_path / "cle.txt"
    key_file.write_text("clé du centre\n", encoding="utf-8")
    monkeypatch.setenv(KEY_FILE_ENV, str(key_file))
    code, out, err = call(["replay", str(log), "--verify"], capsys)
    assert code == 0 and "rejeu identique" in out


def test_score_with_missing_key_file(scenario: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "absente.txt"))
    code, out, err = call(["score", str(log)], capsys)
    assert code == 2 and "Fichier de clé introuvable" in err and KEY_FILE_ENV in err
    assert_french(out, err)


def test_run_with_missing_key_file_writes_nothing(scenario: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "absente.txt"))
    log = tmp_path / "j.jsonl"
    code, out, err = call(["run", str(scenario), "--random", "--log", str(log)], capsys)
    assert code != 0 and "Fichier de clé introuvable" in err
    assert not log.exists() or log.stat().st_size == 0
    assert_french(out, err)


# -- score -------------------------------------------------------------------------------------
def test_score_formats_and_referentials(scenario: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    before = log.read_bytes()
    code, out, err = call(["score", str(log), "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["referentiel"]["id"] == "TP-00338"
    code, out, _ = call(["score", str(log), "--format", "csv"], capsys)
    assert code == 0 and out.startswith("\ufeffstagiaire;session;fichier;")
    code, out, _ = call(["score", str(log), "--format", "html"], capsys)
    assert code == 0 and "<html" in out.lower()
    code, out, _ = call(["score", str(log), "--referential", "RNCP39063", "--format", "json"],
                        capsys)
    assert code == 0 and json.loads(out)["referentiel"]["id"] == "RNCP39063"
    for ref in ("inconnu", "../../etc/passwd", "TP-00338.yaml"):
        code, out, err = call(["score", str(log), "--referential", ref], capsys)
        assert code == 2 and f"référentiel inconnu « {ref} »" in err
        assert_french(out, err)
    assert log.read_bytes() == before


def test_score_empty_directory_is_usage_error(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(["score", str(tmp_path)], capsys)
    assert code == 2 and "aucun journal de session à évaluer" in err
    assert_french(out, err)


def test_score_keeps_good_logs_when_one_is_bad(scenario: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    code, out, err = call(["score", str(log), str(tmp_path / "absent.jsonl"), "--format",
                           "json"], capsys)
    assert code == 2 and "absent.jsonl" in err and "introuvable" in err   # bad usage
    assert len(json.loads(out)["stagiaires"]) == 1


@pytest.mark.parametrize("content", [b"", b"n'importe quoi\n", b"\xff\xfe\x00\n"])
def test_score_ignores_a_broken_evaluator_sidecar(content: bytes, scenario: Path,
                                                  tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    log = play(scenario, tmp_path, capsys)
    sidecar = tmp_path / f"{log.name}.eval.jsonl"
    sidecar.write_bytes(content)
    before = log.read_bytes()
    code, out, err = call(["score", str(log), "--format", "json"], capsys)
    assert code == 1 and "évaluation ignorée" in err
    assert len(json.loads(out)["stagiaires"]) == 1
    assert log.read_bytes() == before and sidecar.read_bytes() == content
    assert_french(err)


# -- territory ----------------------------------------------------------------------------------
def test_territory_out_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fichier"
    target.write_text("à garder", encoding="utf-8")
    code, out, err = call(["territory", "generate", "--companies", "2", "--out", str(target)],
                          capsys)
    assert code == 1 and "impossible d'écrire" in err and "un fichier porte déjà ce nom" in err
    assert target.read_text(encoding="utf-8") == "à garder"
    assert_french(out, err)


def test_territory_unknown_dossier_and_territory(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    for option, word in (("--dossier", "dossier vendeur inconnu"),
                         ("--territoire", "territoire inconnu")):
        code, out, err = call(["territory", "generate", "--companies", "2", option, "nulle-part",
                               "--out", str(tmp_path / "t")], capsys)
        assert code == 2 and word in err
        assert_french(out, err)


# -- play: argument errors only (the TUI must not start) ----------------------------------------
@pytest.mark.parametrize("bad", ["inconnu", "absent.yaml", "vide.yaml", "dossier"])
def test_play_bad_scenario_fails_before_the_tui(bad: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    def no_tui(options: object) -> int:
        raise AssertionError("l'application ne doit pas démarrer")

    monkeypatch.setattr(tui_cmd, "_run", no_tui)
    ref = bad
    if bad == "vide.yaml":
        (tmp_path / bad).write_bytes(b"")
        ref = str(tmp_path / bad)
    elif bad == "dossier":
        ref = str(tmp_path)
    elif bad == "absent.yaml":
        ref = str(tmp_path / bad)
    code, out, err = call(["play", ref], capsys)
    assert code != 0 and err.startswith("ntc : ")
    assert_french(out, err)


# -- a reader that stops early ------------------------------------------------------------------
def test_stdout_closed_early_gives_no_traceback_and_keeps_the_log(
        scenario: Path, tmp_path: Path) -> None:
    log = tmp_path / "j.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in (KEY_ENV, KEY_FILE_ENV)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "run", str(scenario), "--random", "--log", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()                 # like `| head -1`
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err
    if log.exists():
        assert not read_log(log).errors
