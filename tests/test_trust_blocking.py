"""A scenario-authored « faute bloquante » (`bloquant: true`) is never outweighed."""

from __future__ import annotations

from pathlib import Path

import pytest
from trust_support import Capture, criteria, play, score_json

from simulator.scenario import validate


def test_authored_blocker_fails_the_criterion_across_sessions(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.engine import Session
    from simulator.scenario import load_scenario

    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    bad = tmp_path / "faute.jsonl"
    session = Session.open(load_scenario("negociation-prix"), bad, seed=5,
                           trainee="Camille Martin")
    session.choose("remise_immediate")
    session.close()
    good = [play(tmp_path / f"g{i}.jsonl", seed=20 + i) for i in range(3)]
    _, report, _ = score_json(capsys, bad, *good)
    trainee = report["stagiaires"][0]
    c34 = criteria(trainee["bilan"])["C3.4"]
    assert c34["decision"] == "non acquis" and c34["bloquant"]
    assert any(p["bloquant"] and p["source"] == "auteur" for p in c34["preuves"])


def test_blocker_outweighs_any_number_of_favourable_pieces() -> None:
    from scoring import load_referential
    from scoring.analysers import ScenarioFacts
    from scoring.scorer import score_session

    ev = [{"seq": i, "t_ms": i, "time": "", "type": "evidence",
           "data": {"criterion": "C3.4", "weight": 2, "justification": "Bien.",
                    "node": "n", "choice": "ok"}} for i in range(1, 6)]
    ev.append({"seq": 6, "t_ms": 6, "time": "", "type": "evidence",
               "data": {"criterion": "C3.4", "weight": -1, "justification": "Faute.",
                        "node": "n", "choice": "faute"}})
    facts = ScenarioFacts("x", "1", "", blocking_evidence=frozenset({("n", "faute", "C3.4")}))
    result = score_session({"session_id": "s"}, ev, facts, load_referential("TP-00338"))
    crit = {c.id: c for c in result.scoring.criteria()}["C3.4"]
    assert crit.decision == "non acquis" and crit.blocker


def test_a_blocker_needs_a_negative_weight(tmp_path: Path) -> None:
    from simulator.scenario import resolve

    text = resolve("negociation-prix").read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("poids: -2\n            bloquant: true",
                                 "poids: 2\n            bloquant: true"), encoding="utf-8")
    messages = [p.message for p in validate(path)]
    assert any("preuve.bloquant : une faute bloquante a un poids négatif" in m
               for m in messages)
    assert validate(resolve("negociation-prix")) == [] or all(
        p.severity != "erreur" for p in validate(resolve("negociation-prix")))
