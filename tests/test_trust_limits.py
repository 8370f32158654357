"""Bounded execution (issue 13, attack 5): growing effects stop the session cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from trust_support import Capture, lines, score_json

from simulator.cli.main import main

LOOP = """\
id: carre
titre: "Boucle qui grossit"
version: "1.0"
referentiel: TP-00338
competences: []
duree: "10 min"
difficulte: facile
dossier_vendeur: air-comprime
client:
  statut: prospect
brief: "Essai."
variables:
  n: {type: entier, initial: 2}
  x: {type: decimal, initial: 1.5}
  t: {type: texte, initial: "ab"}
debut: ping
noeuds:
  ping:
    texte: "Bonjour."
    choix:
      - id: carre
        texte: "Encore."
        effets: ["n = n * n"]
        suite: ping
      - id: decimal
        texte: "Puissance."
        effets: ["x = x * x * x"]
        suite: ping
      - id: double
        texte: "Doubler le texte."
        effets: ["t = t + t"]
        suite: ping
      - id: sortir
        texte: "Au revoir."
        suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Fin."
"""


@pytest.fixture()
def loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    path = tmp_path / "carre.yaml"
    path.write_text(LOOP, encoding="utf-8")
    return path


@pytest.mark.parametrize(("choice", "repeats", "variable"),
                         [("carre", 12, "« n »"), ("decimal", 12, "« x »"),
                          ("double", 20, "« t »")])
def test_growth_ends_the_session_cleanly(loop: Path, tmp_path: Path, capsys: Capture,
                                         choice: str, repeats: int, variable: str) -> None:
    inputs = tmp_path / "entrees.txt"
    inputs.write_text(f"{choice}\n" * repeats, encoding="utf-8")
    log = tmp_path / "j.jsonl"
    code = main(["run", str(loop), "--inputs", str(inputs), "--log", str(log)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert "limite dépassée" in err and variable in err
    last = lines(log)[-1]
    assert last["type"] == "session_ended" and last["data"]["error"] == "limite"
    assert "limite dépassée" in last["data"]["text"]
    assert log.stat().st_size < 2_000_000
    assert main(["replay", str(log), "--verify"]) == 0          # the log is valid
    capsys.readouterr()
    assert main(["run", str(loop), "--resume", str(log), "--random"]) == 1   # no crash
    assert "déjà terminée" in capsys.readouterr().err
    _status, report, _ = score_json(capsys, log)
    assert report["stagiaires"][0]["sessions"][0]["issue"] == "abandon"


def test_fuzz_reports_the_limit(loop: Path, capsys: Capture) -> None:
    code = main(["scenarios", "fuzz", str(loop), "--runs", "60"])
    out = capsys.readouterr().out
    assert code == 1 and "limite dépassée" in out


def test_validate_warns_before_any_run(loop: Path, capsys: Capture) -> None:
    main(["scenarios", "validate", str(loop)])
    out = capsys.readouterr().out
    assert out.count("croître sans limite") == 3
