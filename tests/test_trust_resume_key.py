"""An exam resume authorised by the centre's key (`ntc run --resume LOG --cle-centre`).

The key must be the one that signed the exam log; the authorisation (what, who, when) is
recorded in the signed evaluation file and shown on the grid. Without an authorisation, with
another key, or on an unsigned log, the resume is refused in French and the log untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trust_support import Capture, lines, play, score_json, sessions

from simulator.cli.main import main

KEY = "cle-du-centre-de-formation"


@pytest.fixture()
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "centre.key"
    path.write_text(KEY + "\n", encoding="utf-8")
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.setenv("NTC_LOG_KEY_FILE", str(path))
    return path


def _exam_cut(tmp_path: Path) -> Path:
    log = play(tmp_path / "examen.jsonl", mode="examen")
    text = log.read_text(encoding="utf-8").splitlines()
    inputs = [i for i, line in enumerate(text)
              if any(f'"type":"{t}"' in line for t in ("choice_made", "offer_made"))]
    log.write_text("\n".join(text[:inputs[-1]]) + "\n", encoding="utf-8")
    return log


def _resume(log: Path, *extra: str) -> int:
    return main(["run", "negociation-prix", "--resume", str(log), "--random", *extra])


def test_the_centre_key_authorises_an_exam_resume(tmp_path: Path, capsys: Capture,
                                                  key_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.log import sidecar_path
    from simulator.log.keys import key_id

    log = _exam_cut(tmp_path)
    monkeypatch.delenv("NTC_LOG_KEY_FILE")        # the trainee's station has no key now
    assert _resume(log, "--cle-centre", str(key_file)) == 0
    out = capsys.readouterr().out
    assert "Reprise autorisée par la clé du centre" in out
    record = [json.loads(x) for x in sidecar_path(log).read_text("utf-8").splitlines()][-1]
    assert record["type"] == "resume_authorized" and "mac" in record
    assert record["data"]["authority"] == "cle-centre"
    assert record["data"]["key_id"] == key_id(KEY.encode()) and KEY not in json.dumps(record)
    assert record["data"]["after_seq"] > 0 and record["time"]
    monkeypatch.setenv("NTC_LOG_KEY_FILE", str(key_file))
    status, report, _ = score_json(capsys, log)
    session = sessions(report)[0]
    assert status == 0 and session["verifie"], report["problemes"]
    assert f"autorisée par la clé du centre (empreinte {key_id(KEY.encode())}) le " \
        in session["reprises"][0]
    assert not any("sans autorisation" in w for w in session["avertissements"])
    assert lines(log)[-1]["type"] == "session_ended" and "mac" in lines(log)[-1]


def test_configured_key_and_evaluator_name_together(tmp_path: Path, capsys: Capture,
                                                    key_file: Path) -> None:
    log = _exam_cut(tmp_path)
    assert _resume(log, "--cle-centre", "--evaluateur", "Mme Jury") == 0
    capsys.readouterr()
    _status, report, _ = score_json(capsys, log)
    assert "autorisée par Mme Jury, avec la clé du centre" in sessions(report)[0]["reprises"][0]


@pytest.mark.parametrize("case", ["none", "wrong_key", "empty_key", "missing_file",
                                  "no_configured_key"])
def test_refused_without_the_centre_key(tmp_path: Path, capsys: Capture, key_file: Path,
                                        monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    log = _exam_cut(tmp_path)
    before = log.read_bytes()
    other = tmp_path / "autre.key"
    other.write_text("" if case == "empty_key" else "une-autre-cle", encoding="utf-8")
    extra: tuple[str, ...] = {
        "none": (), "wrong_key": ("--cle-centre", str(other)),
        "empty_key": ("--cle-centre", str(other)),
        "missing_file": ("--cle-centre", str(tmp_path / "absente.key")),
        "no_configured_key": ("--cle-centre",),
    }[case]
    if case == "no_configured_key":
        monkeypatch.delenv("NTC_LOG_KEY_FILE")
    code = _resume(log, *extra)
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert err.startswith("reprise impossible") or "reprise impossible" in err
    expected = {"none": "--cle-centre FICHIER", "wrong_key": "n'est pas celle du centre",
                "empty_key": "est vide", "missing_file": "introuvable",
                "no_configured_key": "aucune n'est configurée"}[case]
    assert expected in err
    assert log.read_bytes() == before


def test_an_unsigned_exam_cannot_be_authorised_by_a_key(tmp_path: Path, capsys: Capture,
                                                        key_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.delenv("NTC_LOG_KEY_FILE")
    log = _exam_cut(tmp_path)
    before = log.read_bytes()
    assert _resume(log, "--cle-centre", str(key_file)) == 1
    assert "n'est pas signé" in capsys.readouterr().err and log.read_bytes() == before


def test_a_forged_unsigned_authorisation_does_not_count(tmp_path: Path, capsys: Capture,
                                                        key_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """The trainee resumes with the engine and writes an unsigned evaluation file."""
    from simulator.engine import Session
    from simulator.log import SidecarWriter

    log = _exam_cut(tmp_path)
    Session.resume(log).close()
    after = next(r for r in lines(log) if r["type"] == "session_resumed")["data"]["after_seq"]
    monkeypatch.delenv("NTC_LOG_KEY_FILE")
    with SidecarWriter.open(log, None) as side:
        side.authorize_resume(after, "M. Complice")
    monkeypatch.setenv("NTC_LOG_KEY_FILE", str(key_file))
    status, report, _ = score_json(capsys, log)
    found = sessions(report)
    assert status == 1 and found
    assert any("sans autorisation" in w for w in found[0]["avertissements"])
    assert "M. Complice" not in found[0]["reprises"][0]


def test_run_help_names_the_centre_key(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--cle-centre [FICHIER]" in out and "clé du centre" in out
