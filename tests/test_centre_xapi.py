"""xAPI statements of a session, and `ntc lrs push` against a loopback LRS: batches,
retries with backoff, unreachable or wrong password (French, nothing lost), no duplicates."""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path

import pytest
from centre_support import ntc, play
from fake_lrs import FakeLrs

from simulator.centre import CentreError, CentreRecords
from simulator.centre.lrs import LrsConfig, push
from simulator.centre.xapi import NAMESPACE, VERBS

CMI5_VERBS = {iri for iri, _ in VERBS.values()}


@pytest.fixture
def sessions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[Path]:
    return [play(tmp_path / "a.jsonl", 4, "Camille Martin", capsys, mode="examen"),
            play(tmp_path / "b.jsonl", 3, "Léa Roux", capsys)]


def test_statements_of_a_session(sessions: list[Path]) -> None:
    with CentreRecords() as records:
        rows = records.sessions()
        statements = records.statements(rows[0].id)
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    assert verbs[:2] == ["launched", "initialized"]
    assert verbs[-1] == "terminated" and "completed" in verbs
    assert {s["verb"]["id"] for s in statements} <= CMI5_VERBS
    scored = [s for s in statements if s["verb"]["id"].endswith("/scored")]
    assert scored, "one statement per assessed criterion"
    for s in scored:
        ext = s["context"]["extensions"]
        keys = {k.rsplit("/", 1)[1] for k in ext}
        assert {"referentiel", "ccp", "competence", "critere"} <= keys
        assert isinstance(s["result"]["success"], bool)
        counts = {k.rsplit("/", 1)[1]: v for k, v in s["result"]["extensions"].items()}
        assert counts["preuves"] >= 1
    criteria = [s["context"]["extensions"][next(k for k in s["context"]["extensions"]
                                                 if k.endswith("/critere"))] for s in scored]
    assert len(criteria) == len(set(criteria))
    per_ccp = [s for s in statements if s["verb"]["id"].endswith(("/passed", "/failed"))]
    assert all(s["result"]["success"] == s["verb"]["id"].endswith("/passed") for s in per_ccp)
    registration = {s["context"]["registration"] for s in statements}
    assert registration == {str(uuid.UUID(rows[0].id))}
    for s in statements:
        assert s["actor"]["account"] == {"homePage": s["actor"]["account"]["homePage"],
                                         "name": rows[0].trainee}
        assert uuid.UUID(s["id"]).version == 5
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids))


def test_statement_ids_are_deterministic(sessions: list[Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with CentreRecords() as records:
        first = sorted(json.dumps(s, sort_keys=True) for s in records.statements())
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "autre-centre"))
    code, _, err = ntc(["livret", "import", *map(str, sessions)], capsys)
    assert code == 0, err
    with CentreRecords() as records:
        again = sorted(json.dumps(s, sort_keys=True) for s in records.statements())
    assert again == first
    assert str(uuid.uuid5(NAMESPACE, "x")) != str(uuid.uuid4())


def test_push_sends_everything_once(sessions: list[Path], capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLrs() as lrs:
        monkeypatch.setenv("NTC_LRS_URL", lrs.url)
        monkeypatch.setenv("NTC_LRS_USER", "centre")
        monkeypatch.setenv("NTC_LRS_PASSWORD", "secret")
        with CentreRecords() as records:
            queued = records.pending_count()
        code, out, err = ntc(["lrs", "push"], capsys)
        assert code == 0, err
        assert f"{queued} déclarations envoyées" in out
        assert len(lrs.statements) == queued
        code, out, _ = ntc(["lrs", "push"], capsys)
        assert code == 0 and "Aucune déclaration" in out
        with CentreRecords() as records:      # queued again (a rebuild): still no duplicate
            records.conn.execute("UPDATE xapi_outbox SET sent_at = NULL")
        code, _, err = ntc(["lrs", "push"], capsys)
        assert code == 0, err
        assert len(lrs.statements) == queued


def test_push_retries_with_backoff(sessions: list[Path]) -> None:
    delays: list[float] = []
    with FakeLrs() as lrs, CentreRecords() as records:
        lrs.fail_next = 3
        report = push(records, LrsConfig(lrs.url, "centre", "secret"), batch=5,
                      sleep=delays.append)
        assert report.remaining == 0 and report.retries == 3
        assert delays == [0.5, 1.0, 2.0]
        assert len(lrs.statements) == report.sent


def test_unreachable_lrs_keeps_everything_queued(sessions: list[Path],
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]           # closed again: nothing listens there
    with CentreRecords() as records:
        queued = records.pending_count()
        delays: list[float] = []
        with pytest.raises(CentreError) as info:
            push(records, LrsConfig(f"http://127.0.0.1:{port}/xAPI/", "u", "p"),
                 sleep=delays.append)
        assert info.value.kind == "lrs_unreachable"
        assert "injoignable" in str(info.value) and "rien n'est perdu" in str(info.value)
        assert len(delays) == 4 and delays == sorted(delays)      # bounded, growing
        assert records.pending_count() == queued
    monkeypatch.setenv("NTC_LRS_URL", f"http://127.0.0.1:{port}/xAPI/")
    monkeypatch.setattr("simulator.centre.lrs.BASE_DELAY_S", 0.0)
    code, _, err = ntc(["lrs", "push"], capsys)
    assert code == 1 and "injoignable" in err and "Traceback" not in err


def test_wrong_password_is_said_clearly(sessions: list[Path],
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLrs() as lrs:
        monkeypatch.setenv("NTC_LRS_URL", lrs.url)
        monkeypatch.setenv("NTC_LRS_USER", "centre")
        monkeypatch.setenv("NTC_LRS_PASSWORD", "mauvais")
        code, _, err = ntc(["lrs", "push"], capsys)
        assert code == 1
        assert "refuse l'identifiant ou le mot de passe" in err and "NTC_LRS_PASSWORD" in err
        assert not lrs.statements
    with CentreRecords() as records:
        assert records.outbox_counts()[0] == 0


def test_config_file_and_missing_config(sessions: list[Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.datadir import data_dir

    code, _, err = ntc(["lrs", "push"], capsys)
    assert code == 1 and "aucun LRS configuré" in err
    with FakeLrs() as lrs:
        (data_dir() / "lrs.json").write_text(json.dumps(
            {"url": lrs.url, "user": "centre", "password": "secret"}), encoding="utf-8")
        code, _, err = ntc(["lrs", "push"], capsys)
        assert code == 0, err
        assert lrs.statements
        code, out, _ = ntc(["lrs", "status"], capsys)
        assert code == 0 and "0 en attente" in out
    (data_dir() / "lrs.json").write_text("{", encoding="utf-8")
    code, _, err = ntc(["lrs", "push"], capsys)
    assert code == 1 and "configuration du LRS illisible" in err
