"""Task nodes: expected answers from the world, grading, evidence, feedback."""

from __future__ import annotations

import pytest
from test_engine_helpers import P, TaskField, end, ex, make, scenario, task_node

from simulator.engine import EngineError
from simulator.engine.tasks import grade_number, grade_selection, grade_text, to_number


def fields() -> list[TaskField]:
    return [
        TaskField("ca", "nombre", "CA total", P, expected=ex("indicateurs.ca_total"),
                  tolerance=0.01, tolerance_relative=True, criterion="C7.1"),
        TaskField("taux", "nombre", "Taux de marge", P, expected=ex("indicateurs.taux_marge"),
                  tolerance=0.5),
        TaskField("segment", "choix", "Segment", P, expected=ex("'A'"), options=("A", "B", "C"),
                  criterion="C5.2"),
        TaskField("cr", "texte", "Compte rendu", P, keywords=("marge", "relance")),
        TaskField("cibles", "selection", "Cibles", P, source="entreprises",
                  expected_if=ex("ligne.statut == 'prospect' and ligne.potentiel == 'fort'"),
                  criterion="C6.2"),
        TaskField("tournee", "tournee", "Tournée", P, source="visites", criterion="C6.4"),
    ]


def task_session(mode: str = "entrainement") -> object:
    return make(scenario([task_node(fields()), end("fin")]), mode=mode)


def results(s: object) -> dict:
    return next(e for e in s.events if e["type"] == "task_answered")["data"]["results"]  # type: ignore[attr-defined]


def test_task_view_lists_fields_and_rows() -> None:
    s = task_session()
    view = s.node
    assert view.kind == "tache" and view.instructions == "Calculez."
    assert [f.id for f in view.fields] == ["ca", "taux", "segment", "cr", "cibles", "tournee"]
    assert len(view.fields[4].rows) == 5 and len(view.fields[5].rows) == 4


def test_expected_answers_come_from_the_world() -> None:
    s = task_session()
    f = {x.id: x for x in fields()}
    assert s.expected(f["ca"]) == 125000.0
    assert s.expected(f["cibles"]) == ["E1", "E4"]
    route = s.expected(f["tournee"])
    assert sorted(route["order"]) == ["V1", "V2", "V3", "V4"] and route["km"] > 0


def test_all_right() -> None:
    s = task_session()
    route = s.expected(fields()[5])["order"]
    s.answer({"ca": "125 600", "taux": 31.4, "segment": "a", "cr": "Marge en hausse, relance",
              "cibles": ["E1", "E4"], "tournee": route}, t_ms=42)
    res = results(s)
    assert all(r["ok"] for r in res.values()), res
    assert res["tournee"]["ratio"] == 1.0
    evidence = [(e["data"]["criterion"], e["data"]["weight"]) for e in s.events
                if e["type"] == "evidence"]
    assert evidence == [("C7.1", 1), ("C5.2", 1), ("C6.2", 1), ("C6.4", 1)]
    assert s.outcome == "succes"
    assert len(s.feedback) == 6


def test_wrong_answers_and_negative_evidence() -> None:
    s = task_session(mode="examen")
    s.answer({"ca": 130000, "taux": 33, "segment": "B", "cr": "marge",
              "cibles": ["E2", "E3"], "tournee": ["V1", "V2"]})
    res = results(s)
    assert not any(r["ok"] for r in res.values())
    assert res["cr"]["missing"] == ["relance"]
    assert res["cibles"]["precision"] == 0.0
    assert res["tournee"]["km"] is None
    weights = {e["data"]["criterion"]: e["data"]["weight"] for e in s.events
               if e["type"] == "evidence"}
    assert weights == {"C7.1": -1, "C5.2": -1, "C6.2": -1, "C6.4": -1}
    assert s.feedback == []


def test_unknown_field_refused() -> None:
    s = task_session()
    with pytest.raises(EngineError, match="champ inconnu"):
        s.answer({"chiffre": 3})


def test_grading_helpers() -> None:
    assert to_number("12 500,5 €") == 12500.5
    assert grade_number(101, 100, 0.01, True)[0]
    assert not grade_number(102, 100, 0.01, True)[0]
    assert grade_number(100.4, 100, 0.5, False)[0]
    assert not grade_number("abc", 100, 1, False)[0]
    assert grade_text("Relance et MARGE", ("marge", "relance"))[0]
    ok, scores, _ = grade_selection(["a", "b", "c", "d", "x"], ["a", "b", "c", "d"])
    assert ok and scores["precision"] == 0.8 and scores["recall"] == 1.0
    assert not grade_selection(["a"], ["a", "b", "c"])[0]
