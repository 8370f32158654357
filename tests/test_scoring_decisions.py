"""Known logs → exact decisions and justifications; sessions combined; evaluator overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring_fixtures import (
    bad_negotiation,
    choice,
    evidence,
    good_negotiation,
    write_log,
    write_scenario,
)

from scoring import load_referential, score_logs, score_session
from scoring.analysers import ScenarioFacts
from scoring.decision import decide
from scoring.evidence import Evidence
from scoring.results import Report, Scoring
from scoring.sources import ScenarioCache
from simulator.log import SidecarWriter, read_log

FACTS = ScenarioFacts("test-nego", "1.0", "", 15, None, ("C2", "C3"))


def decisions(scoring: Scoring) -> dict[str, str]:
    return {c.id: c.decision for c in scoring.criteria() if c.decision != "non évalué"}


def session_of(tmp_path: Path, steps: list, name: str = "s.jsonl", **head: object):
    path = write_log(tmp_path / name, steps, **head)
    log = read_log(path)
    assert log.header is not None
    return score_session(log.header, log.events, FACTS, load_referential(), path=str(path))


def test_rule_for_one_criterion() -> None:
    def ev(w: int, blocker: bool = False) -> Evidence:
        return Evidence("C3.4", w, "x", "t", (1,), blocker=blocker)

    assert decide([], "dans cette session")[:2] == (
        "non évalué", "Non évalué : aucune observation pour ce critère dans cette session.")
    assert decide([ev(1), ev(-1)], "")[0] == "non acquis"          # sum 0 with a negative
    assert decide([ev(2), ev(-1)], "")[:2] == (
        "acquis", "Acquis : 1 preuve favorable contre 1 preuve défavorable (bilan +1).")
    assert decide([ev(5), ev(-1, blocker=True)], "")[0] == "non acquis"
    assert decide([ev(3), ev(-1)], "")[5] == 75


def test_good_negotiation_decisions(tmp_path: Path) -> None:
    result = session_of(tmp_path, good_negotiation())
    assert decisions(result.scoring) == {"C2.1": "acquis", "C2.3": "acquis",
                                         "C3.3": "acquis", "C3.4": "acquis"}
    comps = {c.id: c for p in result.scoring.ccps for c in p.competences}
    assert comps["C2"].decision == "acquis"
    assert comps["C1"].decision == "non évalué"
    ccp1, ccp2 = result.scoring.ccps
    assert (ccp1.decision, ccp2.decision) == ("non évalué", "non évalué")
    assert ccp1.justification == ("Non évalué en entier : 2\u00a0compétences acquises, non "
                                  "évaluées : C1, C4.")
    assert result.scoring.feedback == ()
    c33 = next(c for c in result.scoring.criteria() if c.id == "C3.3")
    assert c33.justification == ("Acquis : 1 preuve favorable contre 0 preuve défavorable "
                                 "(bilan +1).")
    assert [e.seqs for e in c33.evidence] == [(7, 8)]
    assert result.outcome == "succes"


def test_bad_negotiation_decisions_and_feedback(tmp_path: Path) -> None:
    result = session_of(tmp_path, bad_negotiation())
    assert decisions(result.scoring) == {"C2.1": "non acquis", "C3.3": "non acquis",
                                         "C3.4": "non acquis"}
    crit = {c.id: c for c in result.scoring.criteria()}
    assert crit["C3.4"].blocker
    assert crit["C3.4"].justification == (
        "Non acquis : faute bloquante, remise de 12 % au-delà de la délégation sans l'accord "
        "du responsable (év. 6).")
    assert crit["C3.3"].justification == ("Non acquis : 2 preuves défavorables contre 0 preuve "
                                          "favorable (bilan -4).")
    ccp1 = result.scoring.ccps[0]
    assert ccp1.decision == "non acquis"
    assert ccp1.justification == "Non acquis : compétences non acquises : C2, C3."
    fb = {f.criterion: f for f in result.scoring.feedback}
    assert sorted(fb) == ["C2.1", "C3.3", "C3.4"]
    assert fb["C2.1"].observed.startswith("Argumentation avant toute question de découverte. "
                                          "(« Nos compresseurs sont les meilleurs du marché. »)")
    assert fb["C2.1"].expected == crit["C2.1"].observed


def test_blocker_wins_over_positive_authored_evidence(tmp_path: Path) -> None:
    steps = [*bad_negotiation()[:-1],
             evidence("nego", "C3.4", 3, "Très bonne défense du prix."), ("session_ended",
             {"node": "fin", "outcome": "echec", "text": ""})]
    result = session_of(tmp_path, steps)
    crit = {c.id: c for c in result.scoring.criteria()}
    assert crit["C3.4"].decision == "non acquis"
    assert crit["C3.4"].positive == 3


def test_unrelated_session_leaves_criteria_not_evaluated(tmp_path: Path) -> None:
    result = session_of(tmp_path, [("session_started", {"node": "a"}),
                                   choice("a", "s", "Bonjour", "salutation"),
                                   ("session_ended", {"node": "f", "outcome": "abandon",
                                                      "text": ""})])
    assert decisions(result.scoring) == {}
    assert all(p.decision == "non évalué" for p in result.scoring.ccps)


def _cohort(tmp_path: Path) -> Report:
    _, sha = write_scenario(tmp_path)
    write_log(tmp_path / "a1.jsonl", bad_negotiation(), session_id="a1", sha=sha,
              started_at="2026-11-28T09:00:00+00:00")
    write_log(tmp_path / "a2.jsonl", good_negotiation(), session_id="a2", sha=sha,
              started_at="2026-11-28T11:00:00+00:00")
    write_log(tmp_path / "b1.jsonl", good_negotiation(), session_id="b1", sha=sha,
              trainee="Bruno Petit")
    return score_logs([tmp_path / "a2.jsonl", tmp_path / "b1.jsonl", tmp_path / "a1.jsonl"],
                      cache=ScenarioCache((tmp_path,)))


def test_sessions_grouped_per_trainee_and_combined(tmp_path: Path) -> None:
    report = _cohort(tmp_path)
    assert report.problems == ()
    assert [t.trainee for t in report.trainees] == ["Alice Martin", "Bruno Petit"]
    alice = report.trainees[0]
    assert [s.session for s in alice.sessions] == ["a1", "a2"]      # by start time
    combined = {c.id: c for c in alice.combined.criteria()}
    assert {e.session for e in combined["C3.3"].evidence} == {"a1", "a2"}
    # 2 x -2 (a1) and +1 (a2): still not acquired; the blocker of a1 keeps C3.4 failed
    assert combined["C3.3"].decision == "non acquis"
    assert combined["C3.4"].decision == "non acquis"
    assert combined["C2.3"].decision == "acquis"
    assert combined["C2.1"].justification == ("Non acquis : 2 preuves défavorables contre 2 "
                                              "preuves favorables (bilan nul).")


def test_evaluator_override_and_notes(tmp_path: Path) -> None:
    _, sha = write_scenario(tmp_path)
    log = write_log(tmp_path / "a.jsonl", bad_negotiation(), sha=sha)
    with SidecarWriter.open(log) as side:
        side.override("C3.4", "acquis", "Accord oral du responsable vérifié.", "M. Jury")
        side.note(6, "Remise annoncée trop tôt.", "M. Jury")
    report = score_logs([log], cache=ScenarioCache((tmp_path,)))
    session = report.trainees[0].sessions[0]
    crit = {c.id: c for c in session.scoring.criteria()}
    assert (crit["C3.4"].computed, crit["C3.4"].decision) == ("non acquis", "acquis")
    assert crit["C3.4"].override is not None
    assert crit["C3.4"].override.evaluator == "M. Jury"
    assert "décision de l'évaluateur : acquis (Accord oral du responsable vérifié)" in \
        crit["C3.4"].justification
    assert [n.text for n in session.notes] == ["Remise annoncée trop tôt. (év. 6)"]
    assert "C3.4" not in {f.criterion for f in session.scoring.feedback}


def test_overrides_not_carried_to_another_referential(tmp_path: Path) -> None:
    _, sha = write_scenario(tmp_path)
    log = write_log(tmp_path / "a.jsonl", bad_negotiation(), sha=sha)
    with SidecarWriter.open(log) as side:
        side.override("C3.4", "acquis", "Accord oral vérifié.", "M. Jury")
        side.override("C9.9", "acquis", "Critère mal saisi.", "M. Jury")
    same = score_logs([log], cache=ScenarioCache((tmp_path,)))
    assert [p.message.split(" : ", 1)[1] for p in same.problems] == [
        "décision de l'évaluateur ignorée : critère inconnu « C9.9 »."]
    other = score_logs([log], "RNCP39063", cache=ScenarioCache((tmp_path,)))
    assert "non appliquées avec RNCP39063" in other.problems[0].message
    crit = {c.id: c for c in other.trainees[0].combined.criteria()}
    assert crit["C3.4"].override is None and crit["C7.4"].override is None


def test_scoring_against_the_2024_referential(tmp_path: Path) -> None:
    _, sha = write_scenario(tmp_path)
    log = write_log(tmp_path / "a.jsonl", bad_negotiation(), sha=sha)
    report = score_logs([log], "RNCP39063", cache=ScenarioCache((tmp_path,)))
    assert report.referential.id == "RNCP39063"
    crit = {c.id: c for c in report.trainees[0].combined.criteria()}
    assert crit["C7.4"].decision == "non acquis" and crit["C7.4"].blocker
    assert crit["C7.3"].decision == "non acquis"
    assert crit["C6.1"].decision == "non acquis"
    assert {e.origin for e in crit["C7.4"].evidence} == {"C3.4"}


def test_odd_but_verified_payloads_never_crash() -> None:
    import random

    shapes: list[object] = [None, 1, -2.5, True, "x", [], ["argument", 3], {}, {"a": [1]},
                            [{"lat": "?"}], {"remise": "5"}]
    types = ["choice_made", "offer_made", "task_answered", "evidence", "timer",
             "session_ended", "free_text", "offer_received"]
    keys = ["node", "acts", "offer", "answers", "results", "criterion", "weight", "expired",
            "text", "authority_exceeded", "below_floor", "outcome", "limit_ms", "elapsed_ms"]
    rng = random.Random(5)
    world = {"defauts": [{"id": "D1"}, "x"], "visites": [{"id": "V1", "lat": 1, "lon": 2}, 3],
             "vendeur": {"base": "?"}}
    for _ in range(1500):
        events = [{"seq": i, "t_ms": rng.choice([0, 5, "x"]), "time": "",
                   "type": rng.choice(types),
                   "data": {k: rng.choice(shapes) for k in rng.sample(keys, 5)}}
                  for i in range(1, 12)]
        result = score_session({"world": world, "referential": rng.choice(shapes)}, events,
                               FACTS, load_referential())
        assert len(result.scoring.criteria()) == 31


def test_scenario_loaded_once_for_a_cohort_and_paths_deduplicated(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scoring.sources as sources

    calls: list[Path] = []
    real = sources._load_facts

    def counting(path: Path) -> object:
        calls.append(path)
        return real(path)

    scen, sha = write_scenario(tmp_path)
    logs = [write_log(tmp_path / f"l{i}.jsonl", good_negotiation(), session_id=f"l{i}",
                      started_at=f"2026-11-2{i}T10:00:00+00:00", sha=sha,
                      scenario_path=str(scen)) for i in range(4)]
    (tmp_path / "l0.jsonl.eval.jsonl").write_text("", encoding="utf-8")
    monkeypatch.setattr(sources, "_load_facts", counting)
    report = score_logs([tmp_path, logs[0]], cache=ScenarioCache((tmp_path,)))
    assert len(calls) == 1
    assert [p.message for p in report.problems] == [
        f"{tmp_path / 'l0.jsonl'} : évaluation ignorée (l0.jsonl.eval.jsonl) : fichier vide : "
        "aucun en-tête ni événement (écriture jamais commencée ?)."]
    assert [s.session for s in report.trainees[0].sessions] == ["l0", "l1", "l2", "l3"]


def test_scoring_never_imports_the_engine_or_textual(tmp_path: Path) -> None:
    import subprocess
    import sys

    log = write_log(tmp_path / "a.jsonl", bad_negotiation())
    code = ("import sys; from scoring import score_logs, render; "
            f"r = score_logs([{str(log)!r}]); [render(r, f) for f in ('table', 'json', 'csv', "
            "'html')]; print(sorted(m for m in sys.modules "
            "if m.startswith(('simulator.engine', 'textual'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
