"""Parsed expressions and their bounded evaluation, plus the plain environment for tests.

`Expr` runs its syntax tree (expr_nodes) under an operation budget and turns every
run-time problem into a French `EvaluationError`; it also answers the static questions the
checkers ask (names read, session functions called). `Assignment` is an effect.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from simulator.scenario.expr_errors import EvaluationError, ExpressionError
from simulator.scenario.expr_nodes import (
    STEP_BUDGET,
    BoolOp,
    Call,
    Compare,
    Const,
    Context,
    Env,
    Node,
    Not,
    Path,
    arith,
    truth,
)

UNEXPECTED = "opération impossible sur ces valeurs"


@dataclass(frozen=True)
class Reference:
    """A name (or dotted path) used by an expression, with its column (for checkers)."""

    path: tuple[str, ...]
    column: int


@dataclass(frozen=True, eq=False)
class Expr:
    """A parsed expression; evaluate it as often as needed."""

    source: str
    root: Node = field(repr=False)

    def evaluate(self, env: Env, *, budget: int = STEP_BUDGET) -> object:
        """Value of the expression; raises EvaluationError (French) on a run-time problem."""
        try:
            return self.root.compute(Context(env, budget))
        except RecursionError:
            raise EvaluationError("expression trop imbriquée") from None
        except OverflowError:
            raise EvaluationError("nombre trop grand") from None
        except (TypeError, ValueError, ArithmeticError):
            # Last resort: every known case has its own message (the fuzz tests check that
            # this one never shows up), but a user must never see a traceback.
            raise EvaluationError(UNEXPECTED) from None

    def test(self, env: Env) -> bool:
        """Truth value, for conditions (0, "", [] and absent values are false)."""
        return truth(self.evaluate(env))

    def _nodes(self) -> Iterator[Node]:
        return self.root.walk()

    def references(self) -> list[Reference]:
        """Every name/path read, in source order, with its column."""
        refs = [Reference(n.parts, n.column) for n in self._nodes() if isinstance(n, Path)]
        return sorted(refs, key=lambda r: r.column)

    def names(self) -> set[str]:
        """Root names referenced (variables and world roots), e.g. {"client", "confiance"}."""
        return {n.parts[0] for n in self._nodes() if isinstance(n, Path)}

    def paths(self) -> set[tuple[str, ...]]:
        """Dotted paths (two parts or more), e.g. {("client", "ca_annuel")}."""
        return {n.parts for n in self._nodes() if isinstance(n, Path) and len(n.parts) > 1}

    def functions(self) -> set[str]:
        """Functions called."""
        return {n.func for n in self._nodes() if isinstance(n, Call)}

    def node_refs(self) -> set[str]:
        """Node ids passed to visites()."""
        return self._refs("visites")

    def need_refs(self) -> set[str]:
        """Hidden-need ids passed to revele()."""
        return self._refs("revele")

    def field_refs(self) -> set[str]:
        """Task field ids passed to reussi()."""
        return self._refs("reussi")

    def task_refs(self) -> set[str]:
        """Task node ids passed to score_tache()."""
        return self._refs("score_tache")

    def session_refs(self) -> list[tuple[str, str, int]]:
        """(function, literal id, column) of every session function call, in source order."""
        refs = [(n.func, n.ref, n.column) for n in self._nodes()
                if isinstance(n, Call) and n.ref is not None]
        return sorted(refs, key=lambda r: r[2])

    def _refs(self, func: str) -> set[str]:
        return {n.ref for n in self._nodes()
                if isinstance(n, Call) and n.func == func and n.ref is not None}

    def is_boolean(self) -> bool:
        """Whether the value is a boolean by its form (comparison, et/ou/non, vrai/faux)."""
        root = self.root
        return isinstance(root, Compare | BoolOp | Not) or (
            isinstance(root, Const) and isinstance(root.value, bool))

    def constant(self) -> tuple[bool, object]:
        """(True, value) when the expression is a literal (no name, no call)."""
        if isinstance(self.root, Const):
            return True, self.root.value
        return False, None

    def __repr__(self) -> str:
        return f"Expr({self.source!r})"


@dataclass(frozen=True, eq=False)
class Assignment:
    """An effect `name = expr`, `name += expr`, `name -= expr` or `name *= expr`."""

    target: str
    op: str
    value: Expr
    source: str
    target_column: int = 1
    value_column: int = 1

    def apply(self, current: object, env: Env) -> object:
        """New value of the target, given its current value."""
        value = self.value.evaluate(env)
        if self.op == "=":
            return value
        try:
            return arith(self.op[0], current, value, self.value_column)
        except EvaluationError as exc:
            raise EvaluationError(
                f"« {self.target} {self.op} … » : {exc.message}", exc.column) from None

    def names(self) -> set[str]:
        """Root names read by the value (the target itself is read too unless op is `=`)."""
        names = self.value.names()
        if self.op != "=":
            names.add(self.target)
        return names

    def __repr__(self) -> str:
        return f"Assignment({self.source!r})"



class DictEnv:
    """A plain Env over a dict, for tests and the static checker.

    `tasks` holds the last graded answer of each task node: {node: {field: right?}}.
    """

    def __init__(self, values: dict[str, object] | None = None,
                 visits: dict[str, int] | None = None,
                 revealed: set[str] | None = None,
                 tasks: dict[str, dict[str, bool]] | None = None,
                 deals_out_of_limits: set[str] | None = None) -> None:
        self.deals_out_of_limits = set(deals_out_of_limits or ())
        self.values = dict(values or {})
        self.visits = dict(visits or {})
        self.revealed = set(revealed or ())
        self.tasks = {node: dict(fields) for node, fields in (tasks or {}).items()}

    def lookup(self, name: str) -> object:
        return self.values[name]

    def call(self, func: str, args: list[object]) -> object:
        key = str(args[0])
        if func == "visites":
            return self.visits.get(key, 0)
        if func == "revele":
            return key in self.revealed
        if func == "reussi":
            return field_passed(self.tasks.values(), key)
        if func == "score_tache":
            return task_score(self.tasks.get(key))
        if func == "accord_hors_limites":
            return key in self.deals_out_of_limits
        raise KeyError(func)


def field_passed(answered: Iterable[dict[str, bool]], field_id: str) -> bool:
    """`reussi(champ)`: the field's answer was right (False when never answered).

    `answered` holds the task answers in the order they were given, so that a field id
    shared by two tasks reads the latest one.
    """
    result = False
    for fields in answered:
        if field_id in fields:
            result = bool(fields[field_id])
    return result


def task_score(fields: dict[str, bool] | None) -> float:
    """`score_tache(noeud)`: fraction of right fields of the task's last answer (0 if none)."""
    if not fields:
        return 0.0
    return sum(1 for ok in fields.values() if ok) / len(fields)


def undefined_names(expr: Expr, known: set[str] | frozenset[str]) -> list[ExpressionError]:
    """One error per root name not in `known`, with a "did you mean" hint (for checkers)."""
    errors: list[ExpressionError] = []
    seen: set[str] = set()
    for ref in expr.references():
        root = ref.path[0]
        if root in known or root in seen:
            continue
        seen.add(root)
        close = difflib.get_close_matches(root, sorted(known), n=1, cutoff=0.7)
        hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
        errors.append(ExpressionError(f"nom inconnu « {root} »{hint}", ref.column))
    return errors
