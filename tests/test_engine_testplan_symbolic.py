"""Symbolic task answers (`attendu` / `faux`) and world-independent test plans.

The shipped plans must not hard-code values of the generated world: every plan has to pass
when the world is generated at other seeds, `attendu` must be graded right and `faux` wrong
by the engine itself, in plans and in `ntc run --inputs` files alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_engine_helpers import P, TaskField, end, ex, make, scenario, task_node

from simulator.authoring.testplans import run_plans_graded as run_plans
from simulator.engine import EngineError
from simulator.engine.steps import apply_step, parse_inputs
from simulator.engine.symbolic import resolve_answers, symbol_of
from simulator.engine.testplan import run_plan
from simulator.engine.worlds import WorldCache
from simulator.log.clock import ManualClock
from simulator.scenario import load_scenario, shipped_scenarios
from simulator.scenario.model import Scenario
from simulator.scenario.model import TestStep as Step

OTHER_WORLD_SEEDS = (2, 7)
WORLDS = WorldCache()
SHIPPED = {p.stem: p for p in shipped_scenarios()}


def _load(sid: str) -> Scenario:
    return load_scenario(SHIPPED[sid])


@pytest.mark.parametrize("world_seed", OTHER_WORLD_SEEDS)
@pytest.mark.parametrize("sid", sorted(SHIPPED))
def test_every_shipped_plan_passes_on_other_worlds(sid: str, world_seed: int) -> None:
    results = run_plans(_load(sid), WORLDS, world_seed=world_seed)
    failures = [f"{r.name} : {r.reason} ({r.pos})" for r in results if not r.ok]
    assert not failures, "\n".join(failures)


def _literal_answers(sc: Scenario) -> list[str]:
    """`repondre` values of selection / tournee / nombre fields that are not symbolic."""
    fields = {f.id: f for n in sc.nodes.values() for f in n.fields}
    out = []
    for plan in sc.tests:
        for step in plan.steps:
            if step.action != "repondre" or not isinstance(step.value, dict):
                continue
            for key, value in step.value.items():
                f = fields.get(key)
                if f is not None and f.kind in ("nombre", "selection", "tournee") \
                        and symbol_of(value, f) is None:
                    out.append(f"{plan.name} : {key} = {value!r}")
    return out


@pytest.mark.parametrize("sid", sorted(SHIPPED))
def test_shipped_plans_answer_world_fields_symbolically(sid: str) -> None:
    literals = _literal_answers(_load(sid))
    assert not literals, "valeurs du monde écrites en dur :\n" + "\n".join(literals)


def _check_symbolic_grades(sc: Scenario, world_seed: int) -> list[str]:
    """Play every plan; each `attendu` field must be graded right and each `faux` wrong."""
    problems = []
    fields = {f.id: f for n in sc.nodes.values() for f in n.fields}
    for plan in sc.tests:
        from simulator.engine import Session

        session = Session(sc, seed=plan.seed, mode=plan.mode, trainee="Stagiaire Test",
                          world=WORLDS.get(sc, world_seed), clock=ManualClock())
        session.start()
        for number, step in enumerate(plan.steps, start=1):
            apply_step(session, step, t_ms=number * 1000)
            if step.action != "repondre" or not isinstance(step.value, dict):
                continue
            event = next(e for e in reversed(session.events) if e["type"] == "task_answered")
            results = event["data"]["results"]
            for key, value in step.value.items():
                symbol = symbol_of(value, fields[key])
                if symbol is None:
                    continue
                if results[key]["ok"] != (symbol == "attendu"):
                    problems.append(f"{plan.name} : {key} = {symbol} jugé "
                                    f"{'juste' if results[key]['ok'] else 'faux'} "
                                    f"({results[key]['detail']})")
    return problems


@pytest.mark.parametrize("world_seed", (1, *OTHER_WORLD_SEEDS))
def test_attendu_is_graded_right_and_faux_wrong_in_every_shipped_plan(world_seed: int) -> None:
    problems: list[str] = []
    checked = 0
    for sid in sorted(SHIPPED):
        sc = _load(sid)
        if any(n.fields for n in sc.nodes.values()):
            checked += 1
            problems += [f"{sid} — {p}" for p in _check_symbolic_grades(sc, world_seed)]
    assert checked >= 6
    assert not problems, "\n".join(problems)


def test_a_literal_world_value_breaks_on_another_world() -> None:
    """The world override really changes the world: hard-coded indicators only fit seed 1."""
    sc = _load("bilan-activite")
    model = next(p for p in sc.tests if p.expect is not None and p.expect.outcome == "succes")
    kpi = WORLDS.get(sc, 1)["indicateurs"]
    literal = {"ca": kpi["ca_total"], "marge": kpi["marge_totale"],
               "taux_transformation": kpi["taux_transformation"],
               "panier_moyen": kpi["panier_moyen"], "retard": kpi["montant_en_retard"]}
    steps = list(model.steps)
    first = steps[0]
    assert isinstance(first.value, dict) and set(first.value) == set(literal)
    steps[0] = Step("repondre", literal, first.pos)
    from dataclasses import replace

    plan = replace(model, steps=tuple(steps))
    assert run_plan(sc, plan, WORLDS).ok
    other = run_plan(sc, plan, WORLDS, world_seed=OTHER_WORLD_SEEDS[0])
    # the wrong indicators are graded wrong, so the scenario routes to the manager's remark
    # instead of the next task: the hard-coded plan breaks there
    assert not other.ok and "remarque_indicateurs" in other.reason


# -- the resolution itself, on a hand-built world ---------------------------------------------

def _fields() -> list[TaskField]:
    return [
        TaskField("ca", "nombre", "CA total", P, expected=ex("indicateurs.ca_total"),
                  tolerance=0.01, tolerance_relative=True, criterion="C7.1"),
        TaskField("zero", "nombre", "Zéro", P, expected=ex("0"), tolerance=2),
        TaskField("segment", "choix", "Segment", P, expected=ex("'A'"), options=("A", "B", "C")),
        TaskField("verdict", "choix", "Verdict", P, expected=ex("'Vrai'"),
                  options=("Vrai", "Faux")),
        TaskField("cr", "texte", "Compte rendu", P, keywords=("marge", "relance")),
        TaskField("cibles", "selection", "Cibles", P, source="entreprises",
                  expected_if=ex("ligne.statut == 'prospect' and ligne.potentiel == 'fort'")),
        TaskField("tournee", "tournee", "Tournée", P, source="visites", criterion="C6.4"),
    ]


def _task_session() -> object:
    return make(scenario([task_node(_fields()), end("fin")]))


def _results(s: object) -> dict:
    return next(e for e in s.events if e["type"] == "task_answered")["data"]["results"]  # type: ignore[attr-defined]


def test_attendu_gives_the_engine_expected_answer() -> None:
    s = _task_session()
    answers = resolve_answers(s, {f.id: "attendu" for f in _fields()})  # type: ignore[arg-type]
    assert answers["ca"] == 125000 and answers["zero"] == 0
    assert answers["segment"] == "A" and answers["cibles"] == ["E1", "E4"]
    assert "marge" in answers["cr"] and "relance" in answers["cr"]
    assert answers["verdict"] == "Vrai"
    s.answer(answers)  # type: ignore[attr-defined]
    assert all(r["ok"] for r in _results(s).values()), _results(s)


def test_faux_is_graded_wrong_for_every_kind() -> None:
    s = _task_session()
    answers = resolve_answers(s, {f.id: "faux" for f in _fields() if f.id != "verdict"})  # type: ignore[arg-type]
    assert answers["ca"] == 125000 * 1.5 + 1
    assert answers["zero"] not in (0, 1, 2)       # 0 x 1.5 + 1 would be inside ± 2
    assert answers["cr"] == "" and answers["cibles"] == ["E2", "E3", "E5"]
    s.answer({**answers, "verdict": "Vrai"})  # type: ignore[attr-defined]
    res = _results(s)
    assert [k for k, r in res.items() if r["ok"]] == ["verdict"], res
    assert res["tournee"]["km"] is not None        # a real route, just a long one


def test_an_option_named_like_a_symbol_stays_literal() -> None:
    f = _fields()[3]
    assert symbol_of("Faux", f) is None and symbol_of("attendu", f) == "attendu"
    assert symbol_of(" FAUX ", _fields()[0]) == "faux" and symbol_of(3, _fields()[0]) is None
    s = _task_session()
    assert resolve_answers(s, {"verdict": "Faux"}) == {"verdict": "Faux"}  # type: ignore[arg-type]


def test_a_field_that_cannot_be_failed_is_reported() -> None:
    free = TaskField("libre", "texte", "Libre", P, keywords=())
    s = make(scenario([task_node([free]), end("fin")]))
    with pytest.raises(EngineError, match="impossible de construire une réponse fausse"):
        resolve_answers(s, {"libre": "faux"})


def test_inputs_file_accepts_symbols(tmp_path: Path) -> None:
    path = tmp_path / "entrees.txt"
    path.write_text("repondre: {ca: attendu, cibles: faux, tournee: attendu}\n",
                    encoding="utf-8")
    steps = parse_inputs(path)
    fields = [f for f in _fields() if f.id in ("ca", "cibles", "tournee")]
    s = make(scenario([task_node(fields), end("fin")]))
    apply_step(s, steps[0])
    res = _results(s)
    assert res["ca"]["ok"] and res["tournee"]["ok"] and not res["cibles"]["ok"]
    answered = next(e for e in s.events if e["type"] == "task_answered")["data"]["answers"]
    assert answered["ca"] == 125000       # the log holds the concrete answer, not the word


def test_symbols_outside_a_task_leave_the_refusal_to_the_engine() -> None:
    s = make(scenario([task_node(_fields()[:1]), end("fin")]))
    s.answer({"ca": 1})
    with pytest.raises(EngineError):
        apply_step(s, Step("repondre", {"ca": "attendu"}, P))
