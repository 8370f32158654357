"""Every attack of issue 13 « Why » is refused or flagged by `ntc score --format json`.

Logs are real sessions (re-executed by `score`); each attack edits them as a trainee could.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from trust_support import (
    Capture,
    criteria,
    flagged,
    lines,
    play,
    rechain,
    score_json,
    sessions,
)

from simulator.cli.main import main


@pytest.fixture()
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)


def test_a_plain_session_is_reexecuted_and_labelled_unsigned(tmp_path: Path, capsys: Capture,
                                                            no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    status, report, _ = score_json(capsys, log)
    session = sessions(report)[0]
    assert status == 0 and session["verifie"] and session["rejoue"]
    assert session["signature"] == "non signé : l'intégrité n'est pas garantie"
    assert session["provenance"] == "livré" and session["mode"] == "entrainement"
    code = main(["replay", str(log), "--verify"])
    out = capsys.readouterr().out
    assert code == status == 0 and "non signé : l'intégrité n'est pas garantie" in out


# -- 3. an unsigned log whose evidence was rewritten and re-chained -----------------------------
@pytest.mark.parametrize("edit", ["weights", "outcome", "drop_evidence"])
def test_rechained_unsigned_log_is_refused_naming_the_event(tmp_path: Path, capsys: Capture,
                                                            no_key: None, edit: str) -> None:
    log = play(tmp_path / "a.jsonl")
    records = lines(log)
    evidence = [r for r in records if r.get("type") == "evidence"]
    assert evidence
    if edit == "weights":
        for r in evidence:
            r["data"]["weight"] = abs(r["data"]["weight"]) + 1
        target = evidence[0]["seq"]
    elif edit == "outcome":
        end = next(r for r in records if r.get("type") == "session_ended")
        end["data"]["outcome"] = "succes" if end["data"]["outcome"] != "succes" else "echec"
        target = end["seq"]
    else:
        records = [r for r in records if r is not evidence[0]]
        for i, r in enumerate(records[1:], start=1):
            r["seq"] = i
        target = evidence[0]["seq"]
    rechain(log, records)
    status, report, _err = score_json(capsys, log)
    assert status == 1 and report["stagiaires"] == []
    assert report["problemes"][0]["refuse"]
    assert f"n° {target}" in report["problemes"][0]["message"]
    assert main(["replay", str(log), "--verify"]) == 1
    capsys.readouterr()


# -- 2. a local scenario that takes a shipped id ------------------------------------------------
def test_local_copy_of_a_shipped_scenario_is_flagged_as_modified(tmp_path: Path,
                                                                 capsys: Capture,
                                                                 no_key: None) -> None:
    from simulator.scenario import resolve

    text = resolve("negociation-prix").read_text(encoding="utf-8")
    assert "poids: -" in text
    copy = tmp_path / "negociation-prix.yaml"
    copy.write_text(text.replace("poids: -", "poids: ").replace("bloquant: true", ""),
                    encoding="utf-8")
    log = play(tmp_path / "a.jsonl", copy)
    status, report, _ = score_json(capsys, log)
    session = sessions(report)[0]
    assert flagged(status, report) and session["provenance"] == "modifié"
    assert any("scénario modifié" in w for w in session["avertissements"])
    assert main(["replay", str(log), "--verify"]) == 1
    assert "scénario modifié" in capsys.readouterr().out


def test_local_scenario_with_its_own_id_is_labelled_local(tmp_path: Path, capsys: Capture,
                                                          no_key: None) -> None:
    from simulator.scenario import resolve

    text = resolve("negociation-prix").read_text(encoding="utf-8")
    copy = tmp_path / "ma-nego.yaml"
    copy.write_text(text.replace("id: negociation-prix", "id: ma-nego"), encoding="utf-8")
    log = play(tmp_path / "a.jsonl", copy)
    _status, report, _ = score_json(capsys, log)
    session = sessions(report)[0]
    assert session["provenance"] == "local"
    assert any(w.startswith("scénario local") for w in session["avertissements"])


# -- 4. the per-trainee grid: copies ------------------------------------------------------------
def test_two_copies_of_one_session_count_once(tmp_path: Path, capsys: Capture,
                                              no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    copy = tmp_path / "b.jsonl"
    shutil.copy(log, copy)
    status, report, _ = score_json(capsys, log, copy)
    assert status == 1 and len(sessions(report)) == 1
    assert any("séance en double" in p["message"] and p["refuse"]
               for p in report["problemes"])
    assert any("copie ignorée" in w for w in sessions(report)[0]["avertissements"])


def test_a_copy_with_a_new_session_id_counts_once(tmp_path: Path, capsys: Capture,
                                                  no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    records = lines(log)
    records[0]["session_id"] = "autre-session"
    copy = rechain(tmp_path / "b.jsonl", records)
    status, report, _ = score_json(capsys, log, copy)
    assert status == 1 and len(sessions(report)) == 1


# -- 1. resume redoes an exam -------------------------------------------------------------------
def _cut_before_last_input(log: Path) -> int:
    text = log.read_text(encoding="utf-8").splitlines()
    inputs = [i for i, line in enumerate(text) if '"type":"choice_made"' in line
              or '"type":"offer_made"' in line or '"type":"task_answered"' in line]
    keep = inputs[-1]
    log.write_text("\n".join(text[:keep]) + "\n", encoding="utf-8")
    return keep


def test_exam_resume_needs_the_evaluator(tmp_path: Path, capsys: Capture, no_key: None) -> None:
    log = play(tmp_path / "a.jsonl", mode="examen")
    _cut_before_last_input(log)
    before = log.read_bytes()
    code = main(["run", "negociation-prix", "--resume", str(log), "--random"])
    err = capsys.readouterr().err
    assert code == 1 and "évaluateur" in err and log.read_bytes() == before
    from simulator.engine import Session

    Session.resume(log).close()       # the attacker uses the engine directly
    status, report, _ = score_json(capsys, log)
    session = sessions(report)[0]
    assert flagged(status, report)
    assert any("séance reprise" in w for w in session["avertissements"])
    assert any("sans autorisation de l'évaluateur" in w for w in session["avertissements"])
    assert session["reprises"] and "séance reprise" in session["reprises"][0]


def test_authorized_signed_exam_resume_is_marked(tmp_path: Path, capsys: Capture,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_LOG_KEY", "cle-du-centre")
    log = play(tmp_path / "a.jsonl", mode="examen")
    _cut_before_last_input(log)
    code = main(["run", "negociation-prix", "--resume", str(log), "--random",
                 "--evaluateur", "Mme Jury"])
    capsys.readouterr()
    assert code == 0
    status, report, _ = score_json(capsys, log)
    session = sessions(report)[0]
    assert status == 0 and session["reprises"]
    assert "autorisée par Mme Jury" in session["reprises"][0]
    assert any("séance reprise" in w for w in session["avertissements"])


def test_training_resume_is_visible(tmp_path: Path, capsys: Capture, no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    _cut_before_last_input(log)
    assert main(["run", "negociation-prix", "--resume", str(log), "--random"]) == 0
    capsys.readouterr()
    _status, report, _ = score_json(capsys, log)
    assert sessions(report)[0]["reprises"]
    assert main(["replay", str(log), "--verify"]) == 0
    assert "séance reprise" in capsys.readouterr().out


# -- also: numbers out of range, cut endings, evaluation files, special files -------------------
@pytest.mark.parametrize("fmt", ["json", "table", "csv", "html"])
def test_huge_t_ms_is_refused_without_traceback(tmp_path: Path, capsys: Capture,
                                                no_key: None, fmt: str) -> None:
    log = play(tmp_path / "a.jsonl")
    records = lines(log)
    records[3]["t_ms"] = 10**4000
    rechain(log, records)
    status = main(["score", "--format", fmt, str(log)])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in out + err and "hors limites" in out + err
    assert main(["replay", str(log), "--verify"]) == 1
    assert "hors limites" in capsys.readouterr().err


def test_cut_ending_is_reported_by_verify_and_score(tmp_path: Path, capsys: Capture,
                                                    no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    text = log.read_text(encoding="utf-8").splitlines()
    assert '"type":"session_ended"' in text[-1]
    log.write_text("\n".join(text[:-1]) + "\n", encoding="utf-8")
    assert main(["replay", str(log), "--verify"]) == 1
    assert "session incomplète" in capsys.readouterr().err
    status, report, _ = score_json(capsys, log)
    assert flagged(status, report)


def test_cut_or_deleted_evaluation_file_is_flagged(tmp_path: Path, capsys: Capture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.log import SidecarWriter, sidecar_path

    monkeypatch.setenv("NTC_LOG_KEY", "cle-du-centre")
    log = play(tmp_path / "a.jsonl")
    with SidecarWriter.open(log, b"cle-du-centre") as side:
        side.override("C3.2", "acquis", "Vu en direct.", "M. Jury")
        side.override("C3.4", "non acquis", "Remise hors délégation.", "M. Jury")
    status, report, _ = score_json(capsys, log)
    assert status == 0
    side_path = sidecar_path(log)
    rows = side_path.read_text(encoding="utf-8").splitlines()
    side_path.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    status, report, _ = score_json(capsys, log)
    assert flagged(status, report)
    assert any("tronqué" in w for w in sessions(report)[0]["avertissements"])
    assert main(["replay", str(log), "--verify"]) == 1        # same status as score
    assert "tronqué" in capsys.readouterr().out
    side_path.unlink()
    status, report, _ = score_json(capsys, log)
    assert flagged(status, report)
    assert any("supprimé" in w for w in sessions(report)[0]["avertissements"])
    assert main(["replay", str(log), "--verify"]) == 1
    capsys.readouterr()


def test_without_register_the_limit_is_stated(tmp_path: Path, capsys: Capture,
                                              no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    _, report, _ = score_json(capsys, log)
    assert any("n'est pas détectable" in limit for limit in sessions(report)[0]["limites"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_outputs_refuse_a_fifo(tmp_path: Path, capsys: Capture, no_key: None) -> None:
    log = play(tmp_path / "a.jsonl")
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    assert main(["score", str(log), "--out", str(fifo)]) == 2
    assert "FIFO" in capsys.readouterr().err
    assert main(["scenarios", "graph", "negociation-prix", "-o", str(fifo)]) == 2
    assert "FIFO" in capsys.readouterr().err


def test_exam_and_training_are_decided_apart(tmp_path: Path, capsys: Capture,
                                             no_key: None) -> None:
    exam = play(tmp_path / "e.jsonl", mode="examen", seed=3)
    training = [play(tmp_path / f"t{i}.jsonl", seed=10 + i) for i in range(2)]
    _, report, _ = score_json(capsys, exam, *training)
    trainee = report["stagiaires"][0]
    assert trainee["bilan_nature"] == "examen" and trainee["progression"] is not None
    exam_only = {e["session"] for c in criteria(trainee["bilan"]).values()
                 for e in c["preuves"]}
    exam_id = next(s["session"] for s in trainee["sessions"] if s["mode"] == "examen")
    assert exam_only <= {exam_id}


@pytest.mark.parametrize("case", ["plain", "exam-unsigned", "cut-ending", "interrupted",
                                  "local"])
def test_score_and_verify_agree(tmp_path: Path, capsys: Capture, no_key: None,
                                case: str) -> None:
    from simulator.scenario import resolve

    if case == "local":
        text = resolve("negociation-prix").read_text(encoding="utf-8")
        copy = tmp_path / "autre.yaml"
        copy.write_text(text.replace("id: negociation-prix", "id: autre"), encoding="utf-8")
        log = play(tmp_path / "a.jsonl", copy)
    else:
        log = play(tmp_path / "a.jsonl", mode="examen" if case == "exam-unsigned"
                   else "entrainement", stop_after=3 if case == "interrupted" else None)
    if case == "cut-ending":
        rows = log.read_text(encoding="utf-8").splitlines()
        log.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    status, _, _ = score_json(capsys, log)
    assert main(["replay", str(log), "--verify"]) == status
    capsys.readouterr()
