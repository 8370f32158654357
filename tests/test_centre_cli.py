"""`ntc run` registers sessions; `ntc livret`, `ntc cohorte`, `import`, `rebuild` read and
recreate the centre records; faults of the records never touch the logs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from centre_support import ntc, play

from simulator.centre import CentreRecords
from simulator.centre.db import default_path
from simulator.datadir import data_dir


@pytest.fixture
def cohort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Path]:
    """Three sessions of two trainees, registered live by `ntc run`."""
    return [play(tmp_path / "a.jsonl", 4, "Camille Martin", capsys, mode="examen"),
            play(tmp_path / "b.jsonl", 3, "Léa Roux", capsys),
            play(tmp_path / "c.jsonl", 5, "Léa Roux", capsys)]


def _livret(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, err = ntc(["livret", name, "--format", "json"], capsys)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_run_registers_each_session_live(cohort: list[Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with CentreRecords() as records:
        rows = records.sessions()
        assert len(rows) == 3
        for row in rows:
            lines = Path(row.log_path or "").read_text(encoding="utf-8").splitlines()
            last = json.loads(lines[-1])
            assert row.status == "ended" and row.scored
            assert (row.last_seq, row.last_hash) == (last["seq"], last["hash"])
        assert records.pending_count() > 10                 # statements queued
    data = _livret("lea roux", capsys)
    assert data["stagiaire"] == "Léa Roux" and data["schema"] == "ntc-livret/1"
    seances = data["seances"]
    assert isinstance(seances, list) and len(seances) == 2
    assert all(s["controle_journal"] == "ok" for s in seances)
    ccps = data["ccp"]
    assert isinstance(ccps, list) and [c["id"] for c in ccps] == ["CCP1", "CCP2"]
    c1 = ccps[0]["competences"][0]
    assert c1["id"] == "C1" and c1["statut"] in ("acquis", "non acquis")


def test_cohort_formats(cohort: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ntc(["cohorte"], capsys)
    assert code == 0
    assert "Camille Martin" in out and "Léa Roux" in out and "CCP1" in out
    code, out, _ = ntc(["cohorte", "--format", "csv"], capsys)
    assert code == 0 and out.startswith("\ufeffStagiaire;Séances;CCP1;CCP2;C1;")
    rows = out.lstrip("\ufeff").splitlines()
    assert len(rows) == 3 and rows[2].startswith("Léa Roux;2;")
    code, out, _ = ntc(["cohorte", "--format", "json"], capsys)
    data = json.loads(out)
    assert [t["stagiaire"] for t in data["stagiaires"]] == ["Camille Martin", "Léa Roux"]
    for trainee in data["stagiaires"]:
        for item, cell in trainee["decisions"].items():
            assert cell["statut"] in ("acquis", "non acquis", "non évalué", "en cours"), item
            assert (cell["date"] is not None) == (cell["statut"] == "acquis")
    code, out, _ = ntc(["cohorte", "--format", "html"], capsys)
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "Léa Roux" in out


def test_csv_dates_are_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scoring import ACQUIS
    from simulator.centre.records import Decision

    with CentreRecords() as records:
        tid = records.add_trainee("Zoé « Z » ; Dupré")
        records.save_decisions(tid, "TP-00338", [
            Decision("C1", "competence", ACQUIS, "2026-03-01", ("s",), "")],
            None, None, None)
    out_file = tmp_path / "cohorte.csv"
    code, _, err = ntc(["cohorte", "--format", "csv", "--out", str(out_file)], capsys)
    assert code == 0, err
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    import csv

    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][0] == "Zoé « Z » ; Dupré" and rows[1][4] == "01/03/2026"


def test_import_verifies_each_log(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    log = play(tmp_path / "ailleurs.jsonl", 6, "Inès Bénard", capsys)
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "centre-vide"))
    tampered = tmp_path / "modifie.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace('"seq":3', '"seq":33')
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = tampered.read_bytes()
    code, out, err = ntc(["livret", "import", str(log), str(tampered)], capsys)
    assert code == 1
    assert "refusé" in err and "modifie.jsonl" in err
    assert "séance de Inès Bénard enregistrée" in out
    assert tampered.read_bytes() == before
    assert _livret("ines benard", capsys)["stagiaire"] == "Inès Bénard"
    code, _, err = ntc(["livret", "import", str(tmp_path / "absent.jsonl")], capsys)
    assert code == 2 and "introuvable" in err


def test_unknown_trainee_and_bad_usage(cohort: list[Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ntc(["livret", "Lea Rou"], capsys)
    assert code == 2 and "stagiaire inconnu" in err and "Léa Roux" in err
    code, _, err = ntc(["livret", "import"], capsys)
    assert code == 2 and "au moins un journal" in err
    code, _, err = ntc(["livret", "rebuild", "--format", "json"], capsys)
    assert code == 2
    code, out, _ = ntc(["livret"], capsys)
    assert code == 0 and "2 stagiaires" in out


def test_truncated_log_is_told_from_the_record(cohort: list[Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    log = cohort[0]
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:-4]), encoding="utf-8")
    data = _livret("Camille Martin", capsys)
    seance = data["seances"][0]  # type: ignore[index]
    assert seance["controle_journal"] == "truncated"
    assert "journal tronqué" in seance["controle_message"]
    _code, out, _ = ntc(["livret", "Camille Martin"], capsys)
    assert "journal tronqué" in out


def test_corrupt_records_then_rebuild(cohort: list[Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = {name: _livret(name, capsys)["ccp"] for name in ("Camille Martin", "Léa Roux")}
    logs = {p: p.read_bytes() for p in cohort}
    path = default_path()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(os.urandom(8192))
    code, _, err = ntc(["cohorte"], capsys)
    assert code == 1 and "endommagé" in err and "ntc livret rebuild" in err
    assert "Traceback" not in err
    # A session played meanwhile still runs and keeps its log; only a warning is printed.
    code, out, err = ntc(["run", "prospection-telephonique", "--random", "--trainee", "Léa Roux",
                          "--log", str(cohort[0].parent / "pendant.jsonl")], capsys)
    assert code == 0 and "registre du centre" in err and "Issue" in out
    code, out, err = ntc(["livret", "rebuild", str(cohort[0].parent)], capsys)
    assert code == 0, err
    assert "4 séances de 2 stagiaires" in out.replace("\u00a0", " ")
    assert "Ancien registre conservé" in out
    assert {p: p.read_bytes() for p in cohort} == logs          # logs untouched
    after = {name: _livret(name, capsys)["ccp"] for name in ("Camille Martin",)}
    assert after["Camille Martin"] == before["Camille Martin"]
    assert list(data_dir().glob("centre.sqlite3.ancien-1"))


def test_rebuild_from_the_index_alone(cohort: list[Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    with CentreRecords() as records:
        sent = [r[0] for r in records.pending(5)]
        records.mark_sent(sent)
        expected = {r.id: (r.last_seq, r.status, r.resumes) for r in records.sessions()}
    code, _out, err = ntc(["livret", "rebuild"], capsys)           # no folder given
    assert code == 0, err
    with CentreRecords() as records:
        assert {r.id: (r.last_seq, r.status, r.resumes) for r in records.sessions()} == expected
        assert records.outbox_counts()[0] == len(sent)            # sent stay sent


def test_interrupted_then_resumed_session(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "coupee.jsonl"
    inputs = tmp_path / "entrees.txt"
    inputs.write_text("1\n", encoding="utf-8")
    code, out, err = ntc(["run", "prospection-telephonique", "--inputs", str(inputs),
                          "--trainee", "Léa Roux", "--log", str(log)], capsys)
    assert code == 0 and "Séance non terminée" in out, err
    with CentreRecords() as records:
        (row,) = records.sessions()
        assert (row.status, row.resumes, row.scored) == ("interrupted", 0, False)
    code, _, err = ntc(["run", "prospection-telephonique", "--resume", str(log), "--random"],
                       capsys)
    assert code == 0, err
    data = _livret("Léa Roux", capsys)
    (seance,) = data["seances"]  # type: ignore[misc]
    assert (seance["statut"], seance["reprises"]) == ("ended", 1)
    assert seance["controle_journal"] == "ok"
    code, out, _ = ntc(["livret", "Léa Roux"], capsys)
    assert "reprise une fois" in out and "terminée" in out


def test_html_outputs_escape_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    play(tmp_path / "x.jsonl", 3, "Léa <b>Roux</b> & Cie", capsys)
    code, out, _ = ntc(["livret", "Léa <b>Roux</b> & Cie", "--format", "html"], capsys)
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert "Léa &lt;b&gt;Roux&lt;/b&gt; &amp; Cie" in out and "<b>Roux" not in out
    assert "CCP1" in out and "C7" in out and "Séances" in out
    code, out, _ = ntc(["cohorte", "--format", "html"], capsys)
    assert "&lt;b&gt;Roux" in out and "<b>Roux" not in out
    report = tmp_path / "livret.html"
    code, _, err = ntc(["livret", "Léa <b>Roux</b> & Cie", "--format", "html", "--out",
                        str(report)], capsys)
    assert code == 0 and report.read_text(encoding="utf-8").startswith("<!DOCTYPE")
    code, _, err = ntc(["livret", "Léa <b>Roux</b> & Cie", "--out", str(tmp_path / "x.jsonl")],
                       capsys)
    assert code == 2 and "refus de l'écraser" in err


def test_reimporting_a_cut_log_keeps_what_the_session_reached(
        cohort: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    log = cohort[1]
    with CentreRecords() as records:
        (before,) = [r for r in records.sessions() if r.log_path == str(log.resolve())]
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:-3]), encoding="utf-8")
    code, _, err = ntc(["livret", "import", str(log)], capsys)
    assert "journal tronqué" in err
    with CentreRecords() as records:
        after = records.session(before.id)
    assert after is not None and (after.last_seq, after.last_hash) == (before.last_seq,
                                                                       before.last_hash)
    assert code == 0, err
