"""The CSV report writes its lines itself (speed): byte for byte what `csv.writer` writes
from `csv_rows`, for any field text and for real scored sessions."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scoring_fixtures import bad_negotiation, good_negotiation, write_log, write_scenario

from scoring import render_csv, score_logs
from scoring.render import csv_out
from scoring.render.csv_out import BOM, COLUMNS, csv_line, csv_lines, csv_rows, quote_field
from scoring.render.stream import write_csv
from scoring.results import (
    CompetenceResult,
    CriterionResult,
    Report,
    SessionResult,
    TraineeResult,
)
from scoring.sources import ScenarioCache

LOGS = Path(__file__).parent / "data" / "logs"
TRICKY = ['a;b', 'dit "oui"', "l1\nl2", "l1\r\nl2", "\r", '"', ";", "", " ", "é « x »",
          "\x00", "\u2028", "\x85"]


def _writer_text(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _reference(report: Report) -> str:
    """The report as `csv.writer` wrote it before the CSV was written by hand."""
    rows: list[list[object]] = [list(COLUMNS)]
    for trainee in report.trainees:
        rows.extend(csv_rows(trainee, report.referential.id))
    return BOM + _writer_text(rows)


def _streamed(report: Report) -> str:
    class Replay:                   # a Cohort giving already scored trainees
        info = report.referential

        def trainees(self) -> tuple[TraineeResult, ...]:
            return report.trainees

        def rendered(self, form: str, render: Callable[[TraineeResult], str]) -> list[str]:
            del form
            return [render(t) for t in report.trainees]

    buf = io.StringIO()
    write_csv(Replay(), buf)        # type: ignore[arg-type]
    return buf.getvalue()


fields = st.one_of(st.text(alphabet=st.sampled_from(list(";\"\r\n ab\x00é«\u2028")), max_size=12),
                   st.text(), st.sampled_from(TRICKY), st.integers(), st.floats(),
                   st.none(), st.booleans())


@given(st.lists(fields, max_size=8))
def test_line_equals_csv_writer(row: list[object]) -> None:
    assert csv_line(row) == _writer_text([row])


@given(fields)
def test_field_equals_csv_writer(value: object) -> None:
    assert quote_field(value) + ";x\r\n" == _writer_text([[value, "x"]])


def test_lone_empty_field_and_empty_row() -> None:
    for row in ([""], [None], [], ["", ""]):
        assert csv_line(row) == _writer_text([row])


@pytest.fixture(scope="module")
def recorded() -> Report:
    """The recorded real sessions (offers, tasks, free text, resumed, signed)."""
    report = score_logs(sorted(LOGS.glob("*.jsonl")), cache=ScenarioCache((LOGS / "scenarios",)))
    assert not report.problems and sum(len(t.sessions) for t in report.trainees) >= 5
    return report


@pytest.fixture()
def built(tmp_path: Path) -> Report:
    scen, sha = write_scenario(tmp_path)
    head = {"sha": sha, "scenario_path": str(scen)}
    logs = [write_log(tmp_path / f"{i}.jsonl", good_negotiation() if i % 2 else
                      bad_negotiation(), session_id=f"s{i}", trainee=name, **head)
            for i, name in enumerate(["<Bob & \"Co\">", "A;B", "Zoé\nL", "Alice Martin"])]
    return score_logs(logs)


def _garbled(report: Report) -> Report:
    """Every kind of text column given the characters that need quoting."""
    def crit(c: CriterionResult, i: int) -> CriterionResult:
        return dataclasses.replace(c, label=TRICKY[i % len(TRICKY)] + c.label,
                                   justification=c.justification + TRICKY[-i % 7])

    def comp(c: CompetenceResult) -> CompetenceResult:
        return dataclasses.replace(c, criteria=tuple(
            crit(x, i) for i, x in enumerate(c.criteria)))

    def session(s: SessionResult) -> SessionResult:
        ccps = tuple(dataclasses.replace(p, decision=p.decision + ";", competences=tuple(
            comp(c) for c in p.competences)) for p in s.scoring.ccps)
        return dataclasses.replace(s, warnings=("a;b", 'c"d'), resumes=("x\ny",),
                                   path="dos;sier/f.jsonl", outcome=None,
                                   scoring=dataclasses.replace(s.scoring, ccps=ccps))

    trainees = tuple(dataclasses.replace(t, trainee=t.trainee + '";', sessions=tuple(
        session(s) for s in t.sessions)) for t in report.trainees)
    return dataclasses.replace(report, trainees=trainees)


def test_recorded_sessions_equal_csv_writer(recorded: Report) -> None:
    expected = _reference(recorded)
    rows = list(csv.DictReader(io.StringIO(expected.removeprefix(BOM)), delimiter=";"))
    assert any(r["preuves"] for r in rows) and any(r["retour_observe"] for r in rows)
    assert any(not r["preuves"] for r in rows)
    assert render_csv(recorded) == expected
    assert _streamed(recorded) == expected


def test_built_and_garbled_sessions_equal_csv_writer(built: Report, recorded: Report) -> None:
    for report in (built, _garbled(built), _garbled(recorded), built):
        expected = _reference(report)
        assert render_csv(report) == expected      # memoised parts never go stale
        assert _streamed(report) == expected
    assert '"<Bob & ""Co"">"' in render_csv(built)


def test_bounded_memo(recorded: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_out, "MEMO_SIZE", 2)
    csv_out._PLAIN.clear()
    csv_out._COMPETENCES.clear()
    expected = _reference(recorded)
    assert render_csv(recorded) == expected
    assert len(csv_out._PLAIN) <= 2 and len(csv_out._COMPETENCES) <= 2
    lines = [line for t in recorded.trainees for line in csv_lines(t, recorded.referential.id)]
    rows = [row for t in recorded.trainees for row in csv_rows(t, recorded.referential.id)]
    assert lines == [csv_line(row) for row in rows]


CHANGES = {"justification": lambda c: c.justification + " ;", "label": lambda c: c.label + "x",
           "decision": lambda c: "acquis", "computed": lambda c: "non acquis",
           "mastery": lambda c: 7 if c.mastery is None else None,
           "positive": lambda c: c.positive + 1, "negative": lambda c: c.negative + 2,
           "blocker": lambda c: not c.blocker, "id": lambda c: c.id + "b"}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_memo_key_covers_each_criterion_value(recorded: Report, name: str) -> None:
    change = CHANGES[name]

    def session(s: SessionResult) -> SessionResult:
        ccps = tuple(dataclasses.replace(p, competences=tuple(dataclasses.replace(
            comp, criteria=tuple(dataclasses.replace(c, **{name: change(c)})
                                 for c in comp.criteria)) for comp in p.competences))
            for p in s.scoring.ccps)
        return dataclasses.replace(s, scoring=dataclasses.replace(s.scoring, ccps=ccps))

    other = dataclasses.replace(recorded, trainees=tuple(dataclasses.replace(
        t, sessions=tuple(session(s) for s in t.sessions)) for t in recorded.trainees))
    assert render_csv(recorded) == _reference(recorded)
    assert render_csv(other) == _reference(other) != _reference(recorded)
