"""Syntax tree of the expression language and its evaluation.

Each node evaluates itself against an `Env` through a `Context` that counts operations, so
a pathological expression (or a huge world collection) stops with a French error instead
of hanging the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from simulator.scenario.expr_errors import EvaluationError, type_name

STEP_BUDGET = 10_000


class Env(Protocol):
    """What an expression can see: root names and the session functions."""

    def lookup(self, name: str) -> object:
        """Value of a root name (variable, world root); raise KeyError if unknown."""
        ...

    def call(self, func: str, args: list[object]) -> object:
        """Run a session function (`visites`, `revele`, `reussi`, `score_tache`)."""
        ...


class Context:
    """Evaluation state: the environment and the remaining operation budget."""

    __slots__ = ("budget", "env")

    def __init__(self, env: Env, budget: int = STEP_BUDGET) -> None:
        self.env = env
        self.budget = budget

    def step(self, count: int = 1) -> None:
        self.budget -= count
        if self.budget < 0:
            raise EvaluationError(
                f"expression trop coûteuse (plus de {STEP_BUDGET:_} opérations)".replace(
                    "_", " "))


class Node:
    """Base class of the syntax tree; `column` is 1-based in the expression source."""

    __slots__ = ("column",)
    column: int

    def compute(self, ctx: Context) -> object:
        raise NotImplementedError

    def children(self) -> Iterator[Node]:
        return iter(())

    def walk(self) -> Iterator[Node]:
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children())


@dataclass(frozen=True, slots=True)
class Const(Node):
    value: object
    column: int

    def compute(self, ctx: Context) -> object:
        ctx.step()
        return self.value


@dataclass(frozen=True, slots=True)
class ListLit(Node):
    items: tuple[Node, ...]
    column: int

    def compute(self, ctx: Context) -> object:
        ctx.step()
        return [item.compute(ctx) for item in self.items]

    def children(self) -> Iterator[Node]:
        return iter(self.items)


@dataclass(frozen=True, slots=True)
class Path(Node):
    """A root name followed by zero or more `.field` lookups."""

    parts: tuple[str, ...]
    column: int

    def compute(self, ctx: Context) -> object:
        ctx.step()
        root = self.parts[0]
        try:
            value = ctx.env.lookup(root)
        except KeyError:
            raise EvaluationError(f"nom inconnu « {root} »", self.column) from None
        for depth, name in enumerate(self.parts[1:], start=1):
            value = _field(value, name, self.parts[:depth], ctx, self.column)
        return value


def _field(value: object, name: str, where: tuple[str, ...], ctx: Context,
           column: int) -> object:
    """`value.name`: a key of a record, or mapped over the items of a list."""
    ctx.step()
    if isinstance(value, dict):
        if name not in value:
            raise EvaluationError(
                f"champ inconnu « {name} » dans « {'.'.join(where)} »", column)
        return value[name]
    if isinstance(value, list | tuple):
        return [_field(item, name, where, ctx, column) for item in value]
    raise EvaluationError(
        f"« {'.'.join(where)} » est {type_name(value)}, pas un enregistrement : "
        f"impossible d'y lire « {name} »", column)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Neg(Node):
    operand: Node
    sign: str
    column: int

    def compute(self, ctx: Context) -> object:
        value = self.operand.compute(ctx)
        ctx.step()
        if not is_number(value):
            raise EvaluationError(
                f"« {self.sign} » s'applique à un nombre, pas à {type_name(value)}", self.column)
        assert isinstance(value, int | float)
        return -value if self.sign == "-" else value

    def children(self) -> Iterator[Node]:
        yield self.operand


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Node
    column: int

    def compute(self, ctx: Context) -> object:
        value = self.operand.compute(ctx)
        ctx.step()
        return not truth(value)

    def children(self) -> Iterator[Node]:
        yield self.operand


def truth(value: object) -> bool:
    """Truth value of a condition result (0, "", [] and absent values are false)."""
    return bool(value)


@dataclass(frozen=True, slots=True)
class BoolOp(Node):
    """`and` / `or` with short-circuit; the result is always a boolean."""

    op: str
    left: Node
    right: Node
    column: int

    def compute(self, ctx: Context) -> object:
        left = truth(self.left.compute(ctx))
        ctx.step()
        if self.op == "and":
            return left and truth(self.right.compute(ctx))
        return left or truth(self.right.compute(ctx))

    def children(self) -> Iterator[Node]:
        yield self.left
        yield self.right


def arith(op: str, a: object, b: object, column: int) -> object:
    if op == "+" and isinstance(a, str) and isinstance(b, str):
        return a + b
    if not (is_number(a) and is_number(b)):
        verbs = {"+": "d'additionner", "-": "de soustraire", "*": "de multiplier",
                 "/": "de diviser", "//": "de diviser", "%": "de calculer le reste entre"}
        raise EvaluationError(
            f"impossible {verbs[op]} {type_name(a)} et {type_name(b)} "
            f"(opérateur « {op} »)", column)
    assert isinstance(a, int | float) and isinstance(b, int | float)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        raise EvaluationError("division par zéro", column)
    if op == "/":
        return a / b
    if op == "//":
        return a // b
    return a % b


@dataclass(frozen=True, slots=True)
class BinOp(Node):
    op: str
    left: Node
    right: Node
    column: int

    def compute(self, ctx: Context) -> object:
        a = self.left.compute(ctx)
        b = self.right.compute(ctx)
        ctx.step()
        return arith(self.op, a, b, self.column)

    def children(self) -> Iterator[Node]:
        yield self.left
        yield self.right



def _order(op: str, a: object, b: object, column: int) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        sign = (a > b) - (a < b)
    elif is_number(a) and is_number(b):
        assert isinstance(a, int | float) and isinstance(b, int | float)
        sign = (a > b) - (a < b)
    else:
        raise EvaluationError(
            f"impossible de comparer {type_name(a)} et {type_name(b)} (opérateur « {op} »)",
            column)
    if op == "<":
        return sign < 0
    if op == "<=":
        return sign <= 0
    if op == ">":
        return sign > 0
    return sign >= 0


def _member(a: object, b: object, column: int) -> bool:
    if isinstance(b, list | tuple):
        return a in b
    if isinstance(b, str):
        if not isinstance(a, str):
            raise EvaluationError(
                f"« in » sur un texte attend un texte à chercher, pas {type_name(a)}", column)
        return a in b
    if isinstance(b, dict):
        if not isinstance(a, str):
            raise EvaluationError(
                f"« in » sur un enregistrement attend un nom de champ, pas {type_name(a)}", column)
        return a in b
    raise EvaluationError(
        f"« in » attend une liste ou un texte à droite, pas {type_name(b)}", column)


def compare(op: str, a: object, b: object, column: int) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "in":
        return _member(a, b, column)
    if op == "not in":
        return not _member(a, b, column)
    return _order(op, a, b, column)


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """`a < b` or a chain `a <= b < c` (each pair must hold)."""

    first: Node
    ops: tuple[tuple[str, Node, int], ...]   # (operator, operand, column of the operator)
    column: int

    def compute(self, ctx: Context) -> object:
        left = self.first.compute(ctx)
        for op, node, column in self.ops:
            right = node.compute(ctx)
            ctx.step()
            if not compare(op, left, right, column):
                return False
            left = right
        return True

    def children(self) -> Iterator[Node]:
        yield self.first
        for _, node, _ in self.ops:
            yield node


Builtin = Callable[[list[object], Context, int], object]


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A whitelisted function; `ref` is the literal id given to a session function."""

    func: str
    args: tuple[Node, ...]
    column: int
    impl: Builtin | None = None
    ref: str | None = None

    def compute(self, ctx: Context) -> object:
        ctx.step()
        if self.ref is not None:
            try:
                return ctx.env.call(self.func, [self.ref])
            except EvaluationError:
                raise
            except (KeyError, ValueError) as exc:
                raise EvaluationError(
                    f"{self.func}({self.ref}) : référence inconnue ({exc})", self.column
                ) from None
        assert self.impl is not None
        if self.func == "si":           # lazy: the branch not taken may not even be valid
            chosen = self.args[1] if truth(self.args[0].compute(ctx)) else self.args[2]
            return chosen.compute(ctx)
        values = [arg.compute(ctx) for arg in self.args]
        return self.impl(values, ctx, self.column)

    def children(self) -> Iterator[Node]:
        return iter(self.args)
