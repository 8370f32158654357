"""Streaming cohort scoring (issue 17 item 2): same bytes as the in-memory report, folded
per trainee, a compact summary past a size with the detail on request."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from scoring_fixtures import bad_negotiation, good_negotiation, write_log, write_scenario

from scoring import render, score_logs
from scoring.cohort import Cohort, guess_trainee
from scoring.render.stream import COMPACT_AT, write_report


@pytest.fixture()
def cohort_logs(tmp_path: Path) -> list[Path]:
    scen, sha = write_scenario(tmp_path)
    out = []
    for i in range(9):
        steps = good_negotiation() if i % 2 else bad_negotiation()
        out.append(write_log(tmp_path / f"l{i}.jsonl", steps, session_id=f"s{i}",
                             trainee=["Zoé Lefèvre", "Alice Martin", "Éric Dupont"][i % 3],
                             started_at=f"2026-11-2{i}T10:00:00+00:00", sha=sha,
                             scenario_path=str(scen)))
    (tmp_path / "casse.jsonl").write_text("pas un journal\n", encoding="utf-8")
    return [*out, tmp_path / "casse.jsonl"]


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_streamed_report_equals_the_in_memory_one(cohort_logs: list[Path], fmt: str) -> None:
    expected = render(score_logs(cohort_logs), fmt)
    buf = io.StringIO()
    write_report(Cohort(cohort_logs, "TP-00338"), fmt, buf)
    assert buf.getvalue() == expected


def test_json_stream_is_valid_with_no_trainee(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    buf = io.StringIO()
    write_report(Cohort([bad], "TP-00338"), "json", buf)
    data = json.loads(buf.getvalue())
    assert data["stagiaires"] == [] and data["statut"] == 1
    assert buf.getvalue() == render(score_logs([bad]), "json")


def test_trainees_are_folded_one_at_a_time(cohort_logs: list[Path]) -> None:
    cohort = Cohort(cohort_logs, "TP-00338")
    names = []
    for trainee in cohort.trainees():
        names.append(trainee.trainee)
        assert all(s.trainee == trainee.trainee for s in trainee.sessions)
    assert names == sorted(names) and len(names) == 3
    assert cohort.sessions_scored == 9 and cohort.status == 1


def test_trainee_guessed_from_the_header_prefix(cohort_logs: list[Path]) -> None:
    assert guess_trainee(str(cohort_logs[0])) == "Zoé Lefèvre"
    assert guess_trainee(str(cohort_logs[-1])) == "(sans nom)"


def test_large_cohort_table_is_a_summary_unless_detail(tmp_path: Path) -> None:
    scen, sha = write_scenario(tmp_path)
    logs = [write_log(tmp_path / f"l{i}.jsonl", good_negotiation(), session_id=f"s{i}",
                      trainee=f"Stagiaire {i:03d}", sha=sha, scenario_path=str(scen))
            for i in range(COMPACT_AT + 1)]
    buf = io.StringIO()
    write_report(Cohort(logs, "TP-00338"), "table", buf)
    text = buf.getvalue()
    assert text.startswith("Synthèse de cohorte") and "--detail" in text
    assert text.count("Stagiaire 0") == COMPACT_AT + 1 and "Retours pour" not in text
    detail = io.StringIO()
    write_report(Cohort(logs, "TP-00338"), "table", detail, detail=True)
    assert detail.getvalue().count("grille (session") == COMPACT_AT + 1
