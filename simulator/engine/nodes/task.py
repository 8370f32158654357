"""Task nodes (`type: tache`): a form of fields graded against answers computed from the world.

The expected value of each field is computed here from the world snapshot (so the task and
its correction cannot disagree); engine/tasks.py decides right or wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.engine.env import SessionEnv
from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.evaluate import evaluate, holds
from simulator.engine.machine import task_trigger
from simulator.engine.tasks import (
    fold,
    grade_choice,
    grade_number,
    grade_route,
    grade_selection,
    grade_text,
    to_number,
)
from simulator.engine.text import show
from simulator.engine.textfacts import WantedFigure, grade_facts
from simulator.engine.values import finite, jsonable
from simulator.engine.views import FieldView
from simulator.scenario.answers import expected_option

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Choice, Node, TaskField

KIND = "tache"
ACCEPTS = frozenset({"task_answered"})
EMITS = frozenset({"client_line", "task_answered", "evidence", "feedback_shown"})


def enter(session: Session, node: Node, line: str) -> None:
    """Say the node's line, then its instructions (the form is shown by the front end)."""
    if line:
        session._emit("client_line", {"node": node.id, "speaker": node.speaker, "text": line})
    if node.instructions is not None:
        session._emit("client_line", {"node": node.id, "speaker": node.speaker,
                                      "text": session._render(node.instructions.value)})


def answer(session: Session, answers: dict[str, Any], t_ms: int | None) -> None:
    """Grade the whole form, record it with evidence and coaching, move to the next node."""
    node = session.current_node
    if not isinstance(answers, dict):
        raise EngineError("les réponses doivent être données champ par champ")
    known = {f.id for f in node.fields}
    unknown = sorted(str(k) for k in answers if k not in known)
    if unknown:
        raise EngineError(f"champ inconnu « {unknown[0]} » (champs : "
                          f"{', '.join(sorted(known))})")
    for key, value in answers.items():
        if not finite(value):
            raise EngineError(f"réponse « {key} » : nombre non fini (NaN ou infini) refusé")
    results = {f.id: grade(session, f, answers.get(f.id)) for f in node.fields}
    session._stamp(t_ms)
    session._emit("task_answered", {"node": node.id, "answers": jsonable(answers),
                                    "results": results})
    if session._timer_check():
        return
    session._task_results.pop(node.id, None)
    session._task_results[node.id] = {fid: res["ok"] is True for fid, res in results.items()}
    for f in node.fields:
        res = results[f.id]
        label = session._render(f.label)
        if f.criterion:
            session._emit("evidence", {
                "criterion": f.criterion, "weight": 1 if res["ok"] else -1,
                "justification": (f"{label} : juste" if res["ok"]
                                  else f"{label} : faux ({res['detail']})"),
                "source": "task", "node": node.id, "choice": None, "field": f.id})
        if session.mode == "entrainement":
            mark = "✓" if res["ok"] else "✗"
            expected = "" if res["ok"] else f" — attendu : {show(res['expected'])}"
            session._feedback_line(node.id, f"{mark} {label} : {res['detail']}{expected}")
            if f.coach and not res["ok"]:
                session._feedback_line(node.id, session._render(f.coach))
    if node.next is None:
        raise ScenarioRuntimeError(f"la tâche « {node.id} » n'a pas de suite", node.pos)
    target = session._resolve_next(node.next, f"{node.id}")
    session._go(target, task_trigger(target))


def field_view(session: Session, f: TaskField) -> FieldView:
    """A field as the form shows it (with the rows a selection / route picks from)."""
    rows: tuple[dict[str, Any], ...] = ()
    if f.kind in ("selection", "tournee") and f.source:
        rows = tuple(session._world.collection(f.source))
    return FieldView(id=f.id, kind=f.kind, label=session._render(f.label),
                     options=f.options, rows=rows)


def expected(session: Session, f: TaskField) -> object:
    """The expected answer of a field, computed from the world snapshot."""
    env = SessionEnv(session)
    if f.kind in ("nombre", "choix"):
        if f.expected is None:
            raise ScenarioRuntimeError(f"champ « {f.id} » sans « attendu »", f.pos)
        value = evaluate(f.expected, env)
        # A yes/no question: vrai expects the « oui » option (scenario.answers, one rule).
        return expected_option(value, f.options) if f.kind == "choix" else value
    if f.kind == "texte":
        return list(f.keywords) + [f"{w.label} : {show(w.value)}"
                                   for w in wanted_figures(session, f)]
    if f.kind == "selection":
        if f.expected_if is None or not f.source:
            raise ScenarioRuntimeError(f"champ « {f.id} » : source et attendu_si requis",
                                       f.pos)
        out = []
        for row in session._world.collection(f.source):
            if holds(f.expected_if, SessionEnv(session, {"ligne": row})):
                out.append(str(row.get("id")))
        return out
    if f.kind == "tournee":
        ids = [str(r.get("id")) for r in session._world.collection(f.source or "visites")]
        return session._world.optimal_route(ids)
    raise ScenarioRuntimeError(f"type de champ inconnu « {f.kind} »", f.pos)


def wanted_figures(session: Session, f: TaskField) -> list[WantedFigure]:
    """The figures a text field expects, computed from the world snapshot."""
    out = []
    for fig in f.figures:
        value = to_number(evaluate(fig.expected, SessionEnv(session)))
        if value is None:
            raise ScenarioRuntimeError(f"champ « {f.id} » : le chiffre « {fig.label} » "
                                       "n'est pas un nombre", fig.pos)
        out.append(WantedFigure(fig.label, value, fig.tolerance, fig.tolerance_relative))
    return out


def grade(session: Session, f: TaskField, given: object) -> dict[str, Any]:
    """The recorded result of one field: expected value, right?, French detail, scores."""
    want = expected(session, f)
    extra: dict[str, Any] = {}
    if f.kind == "nombre":
        ok, detail = grade_number(given, want, f.tolerance, f.tolerance_relative)
    elif f.kind == "choix":
        ok, detail = grade_choice(given, want)
    elif f.kind == "texte" and f.figures:
        missing = [k for k in f.keywords if fold(k) not in fold(str(given or ""))]
        ok, detail, rows = grade_facts(str(given or ""), f.keywords,
                                       wanted_figures(session, f), missing)
        extra.update({"missing": missing, "figures": jsonable(rows)})
    elif f.kind == "texte":
        ok, detail, missing = grade_text(given, f.keywords,
                                         text_model=int(session.models.get("texte", 1)))
        extra["missing"] = missing
    elif f.kind == "selection":
        assert isinstance(want, list)
        ok, scores, detail = grade_selection(given, want)
        extra.update(scores)
    else:
        assert isinstance(want, dict)
        km = session._world.route_km_for(given, f.source or "visites")
        ok, ratio, detail = grade_route(km, float(want["km"]))
        extra.update({"km": None if km is None else round(km, 2),
                      "optimum_km": round(float(want["km"]), 2),
                      "ratio": round(ratio, 4)})
        want = want["order"]
    return {"expected": jsonable(want), "ok": ok, "detail": detail, **extra}


def after_choice(session: Session, node: Node, choice: Choice) -> bool:
    """Never called: this kind lists no choices."""
    del session, node, choice
    return False
