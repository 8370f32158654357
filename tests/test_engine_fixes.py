"""Regression tests for the QA defects of the engine and of headless play (`ntc run`,
`ntc replay --verify`, `ntc scenarios fuzz`): each one used to end in a Python traceback,
an English message, a wrong exit status or a misleading « vérifié ».

In-process calls to `main()`; one small scenario with a dialogue, a negotiation and a task.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from cli_support import call as shared_call
from cli_support import clear_key, run_with_inputs

from simulator.engine import EngineError, Session
from simulator.engine.replay import _events
from simulator.log import KEY_ENV, KEY_FILE_ENV, read_log
from simulator.log.canon import ZERO_HASH, canonical, hash_text, strip_chain
from simulator.scenario import load_scenario

SCENARIO = """\
id: essai-correctifs
titre: "Essai des correctifs"
version: "1.0"
referentiel: TP-00338
competences: [C1, C3, C7]
duree: "15 min"
difficulte: facile
dossier_vendeur: air-comprime
client:
  statut: prospect
persona:
  motivations: [securite]
  patience: 3
  humeur: mefiant
debut: accueil
noeuds:
  accueil:
    texte: "{client.raison_sociale}, bonjour."
    choix:
      - id: negocier
        texte: "Parlons prix."
        actes: [conclusion]
        preuves:
          - {critere: C1.2, poids: 1, justification: "Présentation claire."}
        suite: nego
      - id: calculer
        texte: "Je prépare le bilan."
        actes: [conclusion]
        suite: bilan
      - id: raccrocher
        texte: "Je rappellerai."
        actes: [prise_de_conge]
        suite: echec
  nego:
    type: negociation
    locuteur: client
    texte: "Votre concurrent est moins cher."
    produit: compresseur-vsd-37
    quantite: 2
    client:
      tactique: boulware
      e: 0.2
      tours_max: 6
      poids: {prix: 0.5, delai_paiement: 0.2, livraison: 0.2, services: 0.1}
      ouverture: {remise: 40, delai_paiement: 60, livraison: 10, services: 2}
      reservation: {remise: 8, delai_paiement: 30, livraison: 30, services: 0}
    suites: {accord: succes, rupture: echec}
    choix:
      - id: creuser_prix
        texte: "Moins cher sur quelle base ?"
        actes: [question_ouverte, traitement_objection]
        preuves:
          - {critere: C3.2, poids: 1, justification: "L'objection prix est creusée."}
  bilan:
    type: tache
    locuteur: manager
    consigne: "Indiquez le CA total du secteur."
    champs:
      - id: ca
        type: nombre
        libelle: "CA du secteur de {vendeur.nom}"
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

TRACEBACK_WORDS = ("Traceback", "Error:", "invalid literal", "object has no attribute")


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_key(monkeypatch)


@pytest.fixture()
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "essai.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def no_traceback(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """`result` of a `main()` call, once its stderr is checked for Python error text."""
    for word in TRACEBACK_WORDS:
        assert word not in result[2], result[2]
    return result


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return no_traceback(shared_call(argv, capsys))


def run(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], steps: str,
        name: str = "j.jsonl", *extra: str) -> tuple[int, str, str, Path]:
    log = tmp_path / name
    code, out, err = no_traceback(run_with_inputs(scenario, tmp_path / f"{name}.txt", log,
                                                  steps, capsys, *extra))
    return code, out, err, log


def records(log: Path) -> list[dict[str, Any]]:
    return [strip_chain(json.loads(line)) for line in log.read_text("utf-8").splitlines()]


def rechain(items: list[dict[str, Any]], path: Path, mac: bool = False) -> Path:
    """Write records with a recomputed (valid) hash chain, as a forger would (with a fake
    signature on each line when `mac`)."""
    prev, out = ZERO_HASH, []
    tail = ',"mac":"' + "0" * 64 + '"' if mac else ""
    for obj in items:
        body = canonical(obj)
        prev = hash_text(prev, body)
        out.append(body[:-1] + ',"hash":"' + prev + '"' + tail + '}\n')
    path.write_text("".join(out), encoding="utf-8")
    return path


# -- 1. key file missing or empty -----------------------------------------------------------
@pytest.mark.parametrize(("content", "expected"), [
    (None, "Fichier de clé introuvable"), ("", "est vide")])
def test_verify_with_unusable_key_file(content: str | None, expected: str, scenario: Path,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _, log = run(scenario, tmp_path, capsys, "raccrocher\n")
    assert code == 0
    key_file = tmp_path / "cle.txt"
    if content is not None:
        key_file.write_text(content, encoding="utf-8")
    monkeypatch.setenv(KEY_FILE_ENV, str(key_file))
    code, _, err = call(["replay", str(log), "--verify"], capsys)
    assert code == 2 and expected in err and KEY_FILE_ENV in err


# -- 2. NaN and infinity -------------------------------------------------------------------
@pytest.mark.parametrize(("steps", "where"), [
    ("calculer\nrepondre: {ca: .nan}\n", ":2:1: étape 2"),
    ("- calculer\n- repondre: {ca: -.inf}\n", ":2:3: étape 2"),
    ("calculer\nrepondre: {ca: 1.0e+400}\n", ":2:1: étape 2"),
    ("negocier\noffrir: {remise: .nan}\n", ":2:1: étape 2"),
])
def test_non_finite_numbers_are_refused(steps: str, where: str, scenario: Path,
                                        tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err, _ = run(scenario, tmp_path, capsys, steps)
    assert code == 1 and where in err and "nombre non fini" in err


def test_session_refuses_non_finite_numbers(scenario: Path) -> None:
    s = Session(load_scenario(scenario), seed=1)
    s.start()
    s.choose("negocier")
    for offer in ({"remise": float("nan")}, {"services": float("inf")},
                  {"quantite": 10 ** 400}):
        with pytest.raises(EngineError, match="non fini"):
            s.offer(offer)
    t = Session(load_scenario(scenario), seed=1)
    t.start()
    t.choose("calculer")
    with pytest.raises(EngineError, match="non fini"):
        t.answer({"ca": float("nan")})
    t.answer({"ca": "inf"})               # a text: graded wrong, recorded as typed
    answered = next(e for e in t.events if e["type"] == "task_answered")["data"]
    assert answered["answers"] == {"ca": "inf"}
    assert answered["results"]["ca"]["ok"] is False
    assert "non numérique" in answered["results"]["ca"]["detail"]


# -- 3. Unicode digits -----------------------------------------------------------------------
def test_only_ascii_digits_choose_by_number(scenario: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err, _ = run(scenario, tmp_path, capsys, "²\n")
    assert code == 1 and "choix « ² » non proposé ici" in err
    code, _, err, _ = run(scenario, tmp_path, capsys, "- choisir: '٣'\n", "k.jsonl")
    assert code == 1 and "non proposé ici" in err
    s = Session(load_scenario(scenario), seed=1)
    s.start()
    with pytest.raises(EngineError):
        s.choose("²")
    quit_number = next(v.number for v in s.choices if v.id == "raccrocher")
    s.choose(str(quit_number))
    assert s.outcome == "echec"


# -- 4. hostile YAML, size, BOM ----------------------------------------------------------------
@pytest.mark.parametrize(("content", "expected"), [
    ("- !!python/object:os.system x\n", "étiquette Python"),
    ("choisir: !!python/name:os.system\n", "étiquette Python"),
    ("[" * 100_000 + "]" * 100_000 + "\n", "imbrication trop profonde"),
    ("- repondre: {ca: " + "[" * 30 + "]" * 30 + "}\n", "trop imbriquée"),
])
def test_hostile_inputs_yaml(content: str, expected: str, scenario: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err, _ = run(scenario, tmp_path, capsys, content)
    assert code == 1 and expected in err
    assert len(err) < 1000


def test_huge_inputs_file_is_refused_quickly(scenario: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err, log = run(scenario, tmp_path, capsys, "1\n" * 2_000_000)
    assert code == 1 and "trop volumineux" in err and not log.exists()
    code, _, err, log = run(scenario, tmp_path, capsys, "x\n" * 20_000, "n.jsonl")
    assert code == 1 and "trop d'étapes" in err and not log.exists()


def test_inputs_with_a_bom(scenario: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, _ = run(scenario, tmp_path, capsys, "\ufeffraccrocher\n")
    assert code == 0, err
    assert "Issue : échec" in out


# -- 5. unusable log location --------------------------------------------------------------------
def test_unusable_log_locations(scenario: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for target, expected in ((afile / "x.jsonl", "est un fichier, pas un dossier"),
                             (Path("/proc/nope/x.jsonl"), "impossible de créer le dossier"),
                             (tmp_path, "est un dossier")):
        code, _, err = call(["run", str(scenario), "--random", "--log", str(target)],
                              capsys)
        assert code == 2 and expected in err, err
        assert "existe déjà" not in err
    monkeypatch.chdir(tmp_path)
    Path("sessions").write_text("", encoding="utf-8")      # default folder is a file
    code, _, err = call(["run", str(scenario), "--random"], capsys)
    assert code == 2 and "sessions" in err and "pas un dossier" in err
    code, _, err = call(["run", str(scenario), "--inputs", str(tmp_path)], capsys)
    assert code == 2 and "est un dossier" in err and "introuvable" not in err


# -- 6. hand-edited logs with a valid chain ----------------------------------------------------
@pytest.mark.parametrize(("key", "value", "expected"), [
    ("seed", "abc", "en-tête invalide : « seed »"),
    ("seed", None, "en-tête invalide : « seed »"),
    ("scenario", "x", "en-tête invalide : « scenario »"),
    ("mode", "libre", "en-tête invalide : mode inconnu"),
    ("world", "sans entreprises", "l'instantané du monde n'a pas de « client »"),
])
def test_hand_edited_header(key: str, value: Any, expected: str, scenario: Path,
                            tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _, log = run(scenario, tmp_path, capsys, "raccrocher\n")
    items = records(log)
    if key == "world":             # the forger inlines the world (stored by hash) without roles
        header = read_log(log).header
        assert header is not None
        world = dict(header["world"])
        for name in ("entreprises", "client", "contact", "barrage"):
            world.pop(name, None)
        items[0].pop("world_sha256", None)
        items[0]["world"] = world
    else:
        items[0][key] = value
    forged = rechain(items, tmp_path / "forge.jsonl")
    assert not read_log(forged).errors
    code, _, err = call(["replay", str(forged), "--verify"], capsys)
    assert code == 1 and expected in err


def test_hand_edited_resume_event(scenario: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _, log = run(scenario, tmp_path, capsys, "raccrocher\n")
    items = records(log)
    cut = next(i for i, r in enumerate(items) if r.get("type") == "choices_shown") + 1
    kept = items[:cut]
    kept.append({"seq": kept[-1]["seq"] + 1, "t_ms": 5, "time": kept[-1]["time"],
                 "type": "session_resumed", "data": {"after_seq": "x"}})
    forged = rechain(kept, tmp_path / "forge.jsonl")
    code, _, err = call(["replay", str(forged), "--verify"], capsys)
    assert code == 1 and "« after_seq » doit être un entier" in err


# -- 7. non-UTF-8 scenario file name -------------------------------------------------------------
def test_scenario_with_a_non_utf8_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")
    try:
        (tmp_path / name).write_text(SCENARIO, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses non-UTF-8 names")
    monkeypatch.chdir(tmp_path)
    code, out, err = call(["run", name, "--random", "--log", "j.jsonl"], capsys)
    assert code == 0, err
    code, out, err = call(["replay", "j.jsonl", "--verify"], capsys)
    assert code == 0 and "rejeu identique" in out


# -- 8. signed log read without the key ----------------------------------------------------------
def test_signed_log_is_not_verified_without_the_key(scenario: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(KEY_ENV, "clé du centre")
    code, _, _, log = run(scenario, tmp_path, capsys, "raccrocher\n")
    monkeypatch.delenv(KEY_ENV)
    items = records(log)
    items[0]["trainee"] = "Quelqu'un d'autre"        # forged, chain recomputed, MACs kept
    forged = tmp_path / "forge.jsonl"
    rechain(items, forged, mac=True)
    for path in (log, forged):
        code, out, err = call(["replay", str(path), "--verify"], capsys)
        assert code == 1
        assert "vérifié :" not in out and "journal vérifié" not in out
        assert "signature non vérifiée : fournissez la clé avec NTC_LOG_KEY" in err
        assert "journal signé mais aucune clé fournie" in err
    monkeypatch.setenv(KEY_ENV, "clé du centre")
    code, out, err = call(["replay", str(log), "--verify"], capsys)
    assert code == 0 and "journal vérifié" in out


# -- 9. logs of a scenario given by a relative path -----------------------------------------------
def test_relative_scenario_path_verifies_from_anywhere(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    (tmp_path / "chg").mkdir()
    (tmp_path / "chg" / "m.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "ailleurs").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = call(["run", "chg/m.yaml", "--random", "--log", "j.jsonl"], capsys)
    assert code == 0, err
    header = records(tmp_path / "j.jsonl")[0]
    assert header["scenario"]["path"] == str((tmp_path / "chg" / "m.yaml").resolve())
    monkeypatch.chdir(tmp_path / "ailleurs")
    code, out, err = call(["replay", "../j.jsonl", "--verify"], capsys)
    assert code == 0 and "rejeu identique" in out
    (tmp_path / "chg" / "m.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, err = call(["replay", "../j.jsonl", "--verify"], capsys)
    assert code == 1 and "invalide" in err and "scénario inconnu" not in err


# -- 10. trainee name -------------------------------------------------------------------------
def test_trainee_name_is_checked_and_cleaned(scenario: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("", "   ", "\x1b[0m"):
        code, out, err = call(["run", str(scenario), "--random", "--log",
                               str(tmp_path / "v.jsonl"), "--trainee", bad], capsys)
        assert code == 2 and "--trainee" in err and "vide" in err
    code, out, err = call(["run", str(scenario), "--random", "--log",
                           str(tmp_path / "z.jsonl"), "--trainee", "\x1b[31mZoé\x07\tMartin"],
                          capsys)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert records(tmp_path / "z.jsonl")[0]["trainee"] == "Zoé Martin"


# -- 11. French typography -------------------------------------------------------------------
def test_fuzz_and_verify_wording(scenario: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(["scenarios", "fuzz", str(scenario), "--runs", "1"], capsys)
    assert code == 0, out
    assert "1 partie (" in out and re.search(r"en \d+,\d s", out)
    code, out, err = call(["scenarios", "fuzz", str(scenario), "--runs", "12"], capsys)
    assert "12 parties" in out
    assert re.search(r"\((?:échec|succès) \d+", out) and "echec" not in out
    assert "succes" not in out
    assert _events(1) == "1 événement" and _events(2) == "2 événements"
    for argv in (["run", str(scenario), "--random", "--seed", "abc"],
                 ["scenarios", "fuzz", str(scenario), "--runs", "x"]):
        code, out, err = call(argv, capsys)
        assert code == 2 and "attendu" in err and "invalide (int)" not in err
    for sub in ("test", "fuzz"):
        code, out, err = call(["scenarios", sub, "--help"], capsys)
        assert re.search(r"CHEMIN +\S", out), out


# -- 12. task field labels are rendered ----------------------------------------------------------
def test_task_labels_are_rendered(scenario: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, log = run(scenario, tmp_path, capsys, "calculer\nrepondre: {ca: 1}\n")
    assert code == 0, err
    texts = [r["data"].get("justification") or r["data"].get("text") or ""
             for r in records(log) if r.get("type") in ("evidence", "feedback_shown")]
    labelled = [t for t in texts if "CA du secteur de" in t]
    assert len(labelled) == 2 and all("{" not in t for t in labelled)
    assert "{vendeur.nom}" not in out


# -- 13. accept: evidence points at the accept -------------------------------------------------
def test_accept_evidence_points_at_the_accept(scenario: Path, tmp_path: Path) -> None:
    from scoring.evidence import authored_evidence

    log = tmp_path / "a.jsonl"
    s = Session.open(load_scenario(scenario), log, seed=1)
    s.choose("negocier")
    s.offer({"remise": 5})
    s.accept()
    s.close()
    events = s.events
    accept = next(e for e in events if e["type"] == "negotiation_action")
    c34 = [e for e in authored_evidence(events, "n") if e.criterion == "C3.4"]
    assert c34, "the client's opening exceeds the delegation"
    assert all(e.seqs[0] == accept["seq"] for e in c34 if e.seqs[-1] > accept["seq"])
