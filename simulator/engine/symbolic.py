"""Symbolic task answers for test plans and inputs files: `attendu` and `faux`.

A plan written with literal world values (a turnover, a list of company ids) breaks as soon
as the world generator changes. Instead, a `repondre:` step may give, for any field:
- `attendu`: the answer the engine expects in this session (the same `Session.expected` that
  grades the task), shaped as a trainee would type it;
- `faux`: a deterministic answer that the engine's own graders (tasks.py) judge wrong.
Resolution happens just before `Session.answer`, so logs hold the concrete answers and replay
does not depend on this module.
"""

from __future__ import annotations

from itertools import islice, permutations
from typing import Any

from simulator.engine.errors import EngineError
from simulator.engine.nodes.task import wanted_figures
from simulator.engine.session import Session
from simulator.engine.tasks import (
    fold,
    grade_choice,
    grade_number,
    grade_route,
    grade_selection,
    grade_text,
    to_number,
)
from simulator.engine.textfacts import facts_text
from simulator.engine.worldview import WorldAccess
from simulator.scenario.model import TaskField

RIGHT = "attendu"
WRONG = "faux"
SYMBOLS = (RIGHT, WRONG)
MAX_ROUTE_TRIES = 50_000   # permutations tried, at worst, to find a wrong visiting order


def symbol_of(value: object, f: TaskField) -> str | None:
    """`attendu` / `faux` when `value` is that word (and not a literal option of the field)."""
    if not isinstance(value, str):
        return None
    word = value.strip().casefold()
    if word not in SYMBOLS:
        return None
    if f.kind == "choix" and any(fold(option) == word for option in f.options):
        return None
    return word


def resolve_answers(session: Session, answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` with every symbolic value replaced by a concrete answer for this session."""
    node = session.current_node
    if node.kind != "tache" or session.ended:
        return answers       # the session refuses the step itself, with its own message
    fields = {f.id: f for f in node.fields}
    out: dict[str, Any] = {}
    for key, value in answers.items():
        f = fields.get(key)
        symbol = symbol_of(value, f) if f is not None else None
        if f is None or symbol is None:
            out[key] = value
        elif symbol == RIGHT:
            out[key] = right_answer(session, f)
        else:
            out[key] = wrong_answer(session, f)
    return out


def right_answer(session: Session, f: TaskField) -> object:
    """The expected answer of `f`, as the trainee would give it."""
    expected = session.expected(f)
    if f.kind == "nombre":
        number = to_number(expected)
        if number is None:
            raise EngineError(f"champ « {f.id} » : la valeur attendue n'est pas un nombre "
                              f"({expected!r})")
        return _clean(number)
    if f.kind == "choix":
        for option in f.options:
            if fold(option) == fold(str(expected)):
                return option
        return str(expected)
    if f.kind == "texte":
        if f.figures:
            return facts_text(f.keywords, wanted_figures(session, f))
        return "Réponse : " + ", ".join(f.keywords) + "." if f.keywords else "Réponse."
    if f.kind == "selection":
        return list(expected) if isinstance(expected, list) else []
    if isinstance(expected, dict):       # tournee
        return list(expected.get("order", []))
    raise EngineError(f"champ « {f.id} » : type de champ inconnu « {f.kind} »")


def wrong_answer(session: Session, f: TaskField) -> object:
    """A deterministic answer graded wrong; EngineError when the field cannot be failed."""
    expected = session.expected(f)
    for candidate in _wrong_candidates(session, f, expected):
        if not _graded_right(session, f, expected, candidate):
            return candidate
    raise EngineError(f"champ « {f.id} » : impossible de construire une réponse fausse "
                      "(toute réponse serait jugée juste)")


def _wrong_candidates(session: Session, f: TaskField, expected: object) -> Any:
    if f.kind == "nombre":
        exp = to_number(expected) or 0.0
        tol = f.tolerance or 0.0
        allowed = abs(exp) * tol if f.tolerance_relative else tol
        yield _clean(round(exp * 1.5 + 1, 2))
        yield _clean(round(exp + 2 * allowed + 1, 2))
        yield _clean(round(-(abs(exp) * 1.5 + 2 * allowed + 1), 2))
    elif f.kind == "choix":
        yield from f.options
    elif f.kind == "texte":
        yield ""
    elif f.kind == "selection":
        wanted = set(expected) if isinstance(expected, list) else set()
        ids = [str(r.get("id")) for r in session.node_rows(f)]
        complement = [i for i in ids if i not in wanted]
        if complement:
            yield complement
        yield []
    elif f.kind == "tournee" and isinstance(expected, dict):
        best = [str(x) for x in expected.get("order", [])]
        yield best[::-1]          # same length on a round trip: kept only if graded wrong
        half = (len(best) + 1) // 2
        zigzag: list[str] = []
        for i in range(half):       # interleave both halves: the route crosses the territory
            zigzag.append(best[i])
            if half + i < len(best):
                zigzag.append(best[half + i])
        yield zigzag
        yield zigzag[::2] + zigzag[1::2]
        for order in islice(permutations(best), MAX_ROUTE_TRIES):
            yield list(order)


def _graded_right(session: Session, f: TaskField, expected: object, answer: object) -> bool:
    """The engine's own verdict on `answer` (the graders of tasks.py)."""
    if f.kind == "nombre":
        return grade_number(answer, expected, f.tolerance, f.tolerance_relative)[0]
    if f.kind == "choix":
        return grade_choice(answer, expected)[0]
    if f.kind == "texte":
        return grade_text(answer, f.keywords, wanted_figures(session, f))[0]
    if f.kind == "selection":
        return grade_selection(answer, list(expected) if isinstance(expected, list) else [])[0]
    if isinstance(expected, dict):
        km = WorldAccess(session.world).route_km_for(answer, f.source or "visites")
        return grade_route(km, float(expected["km"]))[0]
    return False


def _clean(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number
