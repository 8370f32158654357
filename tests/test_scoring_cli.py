"""`ntc score`: the four formats, determinism, and every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from scoring_fixtures import bad_negotiation, good_negotiation, write_log, write_scenario

from simulator.cli.main import main

Capture = pytest.CaptureFixture[str]


@pytest.fixture()
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Hand-built logs (not replayable sessions): the formats are tested with the CLI's
    re-execution bypassed; tests/test_trust_*.py score real, re-executed sessions."""
    monkeypatch.setattr("simulator.trust.bridge.make_auditor", lambda cache=None: None)
    scen, sha = write_scenario(tmp_path)
    head = {"sha": sha, "scenario_path": str(scen)}
    return [write_log(tmp_path / "a.jsonl", good_negotiation(), session_id="a", **head),
            write_log(tmp_path / "b.jsonl", bad_negotiation(), session_id="b",
                      trainee="<Bob & \"Co\">", **head)]


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    status = main(["score", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_table(logs: list[Path], capsys: Capture) -> None:
    status, out, err = run(capsys, *map(str, logs))
    assert (status, err) == (0, "")
    assert "Retours pour le stagiaire" in out
    assert "faute bloquante" in out
    assert "\x1b[" not in out            # no colour when not a terminal


def test_json_schema_and_determinism(logs: list[Path], capsys: Capture) -> None:
    first = run(capsys, "--format", "json", *map(str, logs))[1]
    second = run(capsys, "--format", "json", *map(str, logs))[1]
    assert first == second
    data = json.loads(first)
    assert data["schema"] == "ntc-score/1"
    assert data["statut"] == 0
    assert [t["stagiaire"] for t in data["stagiaires"]] == ["<Bob & \"Co\">", "Alice Martin"]
    bob = data["stagiaires"][0]
    crit = {c["id"]: c for p in bob["bilan"]["ccp"] for comp in p["competences"]
            for c in comp["criteres"]}
    assert crit["C3.4"]["decision"] == "non acquis" and crit["C3.4"]["bloquant"]
    assert crit["C3.4"]["preuves"][0]["evenements"] == [6]
    assert {f["critere"] for f in bob["bilan"]["retours"]} == {"C2.1", "C3.3", "C3.4"}
    assert bob["sessions"][0]["retours"] == bob["bilan"]["retours"]


def test_csv_one_row_per_trainee_session_criterion(logs: list[Path], capsys: Capture) -> None:
    out = run(capsys, "--format", "csv", *map(str, logs))[1]
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == 2 * 31
    row = next(r for r in rows if r["session"] == "b" and r["critere"] == "C3.4")
    assert (row["decision"], row["bloquant"], row["evenements"]) == ("non acquis", "oui", "6")
    assert row["retour_observe"].startswith("Faute bloquante : remise de 12 %")
    assert row["retour_attendu"].startswith("Aucune remise au-delà de la délégation")


def test_html_is_escaped_printable_and_to_file(logs: list[Path], capsys: Capture,
                                               tmp_path: Path) -> None:
    target = tmp_path / "grille.html"
    status, out, err = run(capsys, "--format", "html", "--out", str(target), *map(str, logs))
    assert status == 0 and out == ""
    assert f"Rapport écrit : {target}" in err
    html = target.read_text(encoding="utf-8")
    assert "&lt;Bob &amp; &quot;Co&quot;&gt;" in html and "<Bob" not in html
    assert "@media print" in html and "signature" in html
    assert "<script" not in html and "http" not in html        # self-contained
    again = tmp_path / "grille2.html"
    run(capsys, "--format", "html", "--out", str(again), *map(str, logs))
    assert again.read_bytes() == target.read_bytes()


def test_referential_option(logs: list[Path], capsys: Capture) -> None:
    out = run(capsys, "--format", "json", "--referential", "RNCP39063", str(logs[1]))[1]
    assert json.loads(out)["referentiel"]["id"] == "RNCP39063"
    status, _, err = run(capsys, "--referential", "XYZ", str(logs[1]))
    assert status == 2
    assert "référentiel inconnu « XYZ » ; référentiels disponibles : RNCP39063, TP-00338." \
        in err


def test_truncated_log_scored_with_warning(logs: list[Path], capsys: Capture) -> None:
    with logs[1].open("ab") as fh:
        fh.write(b'{"seq": 8, "t_ms": 9')
    status, out, err = run(capsys, "--format", "json", str(logs[1]))
    assert status == 1
    assert "session incomplète" in err
    session = json.loads(out)["stagiaires"][0]["sessions"][0]
    assert any("session incomplète" in w for w in session["avertissements"])
    assert session["evenements"] == 7


def test_tampered_log_refused_naming_the_line(logs: list[Path], capsys: Capture) -> None:
    lines = logs[1].read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace('"remise":5', '"remise":4')
    logs[1].write_text("".join(lines), encoding="utf-8")
    status, out, err = run(capsys, "--format", "json", str(logs[1]), str(logs[0]))
    assert status == 1
    assert "journal altéré, refusé : ligne 6 :" in err
    data = json.loads(out)
    assert [t["stagiaire"] for t in data["stagiaires"]] == ["Alice Martin"]
    assert data["problemes"][0]["refuse"] is True


@pytest.mark.parametrize("content", [b"", b"bonjour\n", b'{"type": "autre"}\n',
                                     b"\x00\xff\xfe"])
def test_foreign_files_refused(tmp_path: Path, capsys: Capture, content: bytes) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    status, out, err = run(capsys, str(path))
    assert status == 1
    assert "journal refusé" in err and "Traceback" not in err
    assert out == ""


def test_unknown_and_changed_scenario_refused(tmp_path: Path, capsys: Capture) -> None:
    """Scoring re-executes every session: without its scenario, nothing is decided."""
    scen, _ = write_scenario(tmp_path)
    unknown = write_log(tmp_path / "u.jsonl", good_negotiation(), scenario_id="inconnu")
    changed = write_log(tmp_path / "c.jsonl", good_negotiation(), sha="0" * 64,
                        scenario_path=str(scen))
    status, out, err = run(capsys, "--format", "json", str(unknown), str(changed))
    assert status == 1 and "Traceback" not in err
    data = json.loads(out)
    assert data["stagiaires"] == [] and all(p["refuse"] for p in data["problemes"])


def test_empty_set_of_files(tmp_path: Path, capsys: Capture) -> None:
    status, _, err = run(capsys, str(tmp_path))
    assert status == 2
    assert "aucun journal de session à évaluer" in err
    with pytest.raises(SystemExit) as exc:
        main(["score"])
    assert exc.value.code == 2


def test_unwritable_out(logs: list[Path], capsys: Capture, tmp_path: Path) -> None:
    status, _, err = run(capsys, "--out", str(tmp_path / "nope" / "r.txt"), str(logs[0]))
    assert status == 1
    assert "impossible d'écrire" in err


def test_altered_evaluation_file_is_ignored(logs: list[Path], capsys: Capture) -> None:
    from simulator.log import SidecarWriter, sidecar_path

    with SidecarWriter.open(logs[1]) as side:
        side.override("C3.4", "acquis", "Accord oral vérifié.", "M. Jury")
    path = sidecar_path(logs[1])
    path.write_text(path.read_text(encoding="utf-8").replace("Accord oral", "Accord écrit"),
                    encoding="utf-8")
    status, out, err = run(capsys, "--format", "json", str(logs[1]))
    assert status == 1
    assert "évaluation ignorée" in err
    crit = {c["id"]: c for p in json.loads(out)["stagiaires"][0]["bilan"]["ccp"]
            for comp in p["competences"] for c in comp["criteres"]}
    assert crit["C3.4"]["decision"] == "non acquis" and crit["C3.4"]["derogation"] is None


def test_signed_logs(tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Library path (hand-built log, re-execution bypassed): signature fields."""
    monkeypatch.setattr("simulator.trust.bridge.make_auditor", lambda cache=None: None)
    scen, sha = write_scenario(tmp_path)
    log = write_log(tmp_path / "s.jsonl", good_negotiation(), key=b"cle-du-centre", sha=sha,
                    scenario_path=str(scen))
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    status, out, _ = run(capsys, "--format", "json", str(log))
    session = json.loads(out)["stagiaires"][0]["sessions"][0]
    assert status == 0 and session["signe"] and not session["signature_verifiee"]
    assert any("signature non vérifiée" in w for w in session["avertissements"])
    monkeypatch.setenv("NTC_LOG_KEY", "cle-du-centre")
    status, out, _ = run(capsys, "--format", "json", str(log))
    assert status == 0
    assert json.loads(out)["stagiaires"][0]["sessions"][0]["signature_verifiee"]
    monkeypatch.setenv("NTC_LOG_KEY", "autre-cle")
    status, _, err = run(capsys, str(log))
    assert status == 1 and "journal altéré, refusé : ligne 1 :" in err


def test_same_bytes_across_processes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from trust_support import play

    logs = [play(tmp_path / "a.jsonl"), play(tmp_path / "b.jsonl", seed=2, trainee="Bob")]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "simulator", "score", "--format", "json",
                               *map(str, logs)], capture_output=True, env=env, check=False)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
