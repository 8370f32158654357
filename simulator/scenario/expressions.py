"""The safe expression language of scenarios (conditions, effects, expected answers).

A hand-written tokenizer and recursive-descent parser over a whitelist: no `eval`, no
`ast`, French keywords and French error messages with the column of the problem. Parsed
expressions are cached by source since the engine evaluates the same conditions again and
again. Grammar, loosest binding first::

    expr       := or_expr
    or_expr    := and_expr (("or" | "ou") and_expr)*
    and_expr   := not_expr (("and" | "et") not_expr)*
    not_expr   := ("not" | "non") not_expr | comparison
    comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)*
    sum        := term (("+" | "-") term)*
    term       := unary (("*" | "/" | "//" | "%") unary)*
    unary      := ("-" | "+") unary | primary
    primary    := number | string | boolean | list | "(" expr ")" | call | path
    path       := NAME ("." NAME)*
    call       := FUNCTION "(" [expr ("," expr)*] ")"
"""

from __future__ import annotations

import difflib
import functools
import keyword
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from simulator.scenario.expr_errors import EvaluationError, ExpressionError, type_name
from simulator.scenario.expr_functions import (
    BUILTINS,
    FUNCTION_NAMES,
    SESSION_ARGUMENTS,
    SESSION_FUNCTIONS,
)
from simulator.scenario.expr_lexer import (
    BOOLEANS,
    END,
    KEYWORDS,
    KW,
    MAX_LENGTH,
    NAME,
    NUM,
    OP,
    STR,
    Token,
    tokenize,
)
from simulator.scenario.expr_nodes import (
    STEP_BUDGET,
    BinOp,
    BoolOp,
    Call,
    Compare,
    Const,
    Context,
    Env,
    ListLit,
    Neg,
    Node,
    Not,
    Path,
    arith,
    truth,
)

__all__ = [
    "FUNCTION_NAMES",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "RESERVED_WORDS",
    "STEP_BUDGET",
    "Assignment",
    "DictEnv",
    "Env",
    "EvaluationError",
    "Expr",
    "ExpressionError",
    "parse_assignment",
    "parse_expression",
    "undefined_names",
]

MAX_DEPTH = 40          # nesting of parentheses, lists, calls and unary operators
ASSIGN_OPERATORS: tuple[str, ...] = ("=", "+=", "-=", "*=")
# Words a variable cannot be named: operators, literals, functions and Python keywords.
RESERVED_WORDS: frozenset[str] = frozenset(
    {*KEYWORDS, *BOOLEANS, *FUNCTION_NAMES, *keyword.kwlist, "si", "sinon"})
UNEXPECTED = "opération impossible sur ces valeurs"
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _describe(tok: Token) -> str:
    if tok.kind == END:
        return "la fin de l'expression"
    return f"« {tok.text} »"


class _Parser:
    """Recursive descent over the token list; every error names a column."""

    def __init__(self, src: str, tokens: list[Token]) -> None:
        self.src = src
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    # -- helpers ---------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, ahead: int) -> Token:
        """The token `ahead` places after the current one (END past the end)."""
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != END:
            self.pos += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == OP and self.tok.text in ops

    def at_kw(self, word: str) -> bool:
        return self.tok.kind == KW and self.tok.value == word

    def expect_op(self, op: str, message: str) -> Token:
        if not self.at_op(op):
            raise ExpressionError(f"{message}, trouvé {_describe(self.tok)}", self.tok.column)
        return self.advance()

    def enter(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"expression trop imbriquée (maximum {MAX_DEPTH} niveaux)", column)

    def leave(self) -> None:
        self.depth -= 1

    # -- grammar ---------------------------------------------------------------------
    def parse_all(self) -> Node:
        if self.tok.kind == END:
            raise ExpressionError("expression vide", 1)
        node = self.expr()
        self.finish()
        return node

    def finish(self) -> None:
        tok = self.tok
        if tok.kind == END:
            return
        if tok.kind == OP and tok.text == ")":
            raise ExpressionError("parenthèse fermante « ) » en trop", tok.column)
        if tok.kind == OP and tok.text == "]":
            raise ExpressionError("crochet fermant « ] » en trop", tok.column)
        if tok.kind == OP and tok.text == ",":
            raise ExpressionError(
                "virgule inattendue (pour une liste, écrivez [a, b] ; pour un nombre "
                "décimal, utilisez un point : 1.5)", tok.column)
        if tok.kind == OP and tok.text in ("=", "+=", "-=", "*="):
            raise ExpressionError(f"opérateur « {tok.text} » inattendu ici", tok.column)
        raise ExpressionError(
            f"opérateur attendu avant {_describe(tok)} (et, ou, +, ==, …)", tok.column)

    def expr(self) -> Node:
        return self.or_expr()

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.at_kw("or"):
            tok = self.advance()
            node = BoolOp("or", node, self.and_expr(), tok.column)
        return node

    def and_expr(self) -> Node:
        node = self.not_expr()
        while self.at_kw("and"):
            tok = self.advance()
            node = BoolOp("and", node, self.not_expr(), tok.column)
        return node

    def not_expr(self) -> Node:
        if self.at_kw("not"):
            tok = self.advance()
            self.enter(tok.column)
            node: Node = Not(self.not_expr(), tok.column)
            self.leave()
            return node
        return self.comparison()

    def comparison_op(self) -> tuple[str, int] | None:
        tok = self.tok
        if tok.kind == OP and tok.text in _COMPARISONS:
            self.advance()
            return tok.text, tok.column
        if tok.kind == KW and tok.value == "in":
            self.advance()
            return "in", tok.column
        if tok.kind == KW and tok.value == "not":
            nxt = self.peek(1)
            if nxt.kind == KW and nxt.value == "in":
                self.pos += 2
                return "not in", tok.column
        return None

    def comparison(self) -> Node:
        first = self.sum()
        ops: list[tuple[str, Node, int]] = []
        while (found := self.comparison_op()) is not None:
            op, column = found
            ops.append((op, self.sum(), column))
        if not ops:
            return first
        return Compare(first, tuple(ops), ops[0][2])

    def sum(self) -> Node:
        node = self.term()
        while self.at_op("+", "-"):
            tok = self.advance()
            node = BinOp(tok.text, node, self.term(), tok.column)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at_op("*", "/", "//", "%"):
            tok = self.advance()
            node = BinOp(tok.text, node, self.unary(), tok.column)
        return node

    def unary(self) -> Node:
        if self.at_op("-", "+"):
            tok = self.advance()
            self.enter(tok.column)
            operand = self.unary()
            self.leave()
            if tok.text == "-" and isinstance(operand, Const) and _is_num(operand.value):
                assert isinstance(operand.value, int | float)
                return Const(-operand.value, tok.column)
            return Neg(operand, tok.text, tok.column)
        return self.primary()

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind in (NUM, STR):
            self.advance()
            node: Node = Const(tok.value, tok.column)
        elif tok.kind == NAME:
            node = self.name()
        elif self.at_op("("):
            self.advance()
            self.enter(tok.column)
            if self.at_op(")"):
                raise ExpressionError("parenthèses vides : une expression est attendue",
                                      self.tok.column)
            node = self.expr()
            self.leave()
            if not self.at_op(")"):
                raise ExpressionError(
                    f"parenthèse fermante « ) » attendue (ouverte colonne {tok.column}), "
                    f"trouvé {_describe(self.tok)}", self.tok.column)
            self.advance()
        elif self.at_op("["):
            node = self.list_literal()
        elif tok.kind == END:
            raise ExpressionError("expression incomplète : une valeur est attendue à la fin",
                                  tok.column)
        elif tok.kind == KW:
            raise ExpressionError(
                f"valeur attendue avant le mot « {tok.text} »", tok.column)
        else:
            raise ExpressionError(f"valeur attendue, trouvé {_describe(tok)}", tok.column)
        if self.at_op("."):
            raise ExpressionError(
                "accès par point autorisé seulement après un nom (client.ca_annuel)",
                self.tok.column)
        if self.at_op("("):
            raise ExpressionError("seul un nom de fonction peut être appelé", self.tok.column)
        if self.at_op("["):
            raise ExpressionError(
                "l'indexation avec [ ] n'est pas autorisée (utilisez un chemin : client.nom)",
                self.tok.column)
        return node

    def list_literal(self) -> Node:
        open_tok = self.advance()
        self.enter(open_tok.column)
        items: list[Node] = []
        while not self.at_op("]"):
            items.append(self.expr())
            if self.at_op(","):
                self.advance()
            elif not self.at_op("]"):
                raise ExpressionError(
                    f"« , » ou crochet fermant « ] » attendu (liste ouverte colonne "
                    f"{open_tok.column}), trouvé {_describe(self.tok)}", self.tok.column)
        self.advance()
        self.leave()
        return ListLit(tuple(items), open_tok.column)

    def name(self) -> Node:
        tok = self.advance()
        if self.at_op("("):
            return self.call(tok)
        parts = [tok.text]
        while self.at_op("."):
            dot = self.advance()
            nxt = self.tok
            if nxt.kind != NAME:
                raise ExpressionError(
                    f"nom de champ attendu après « . », trouvé {_describe(nxt)}",
                    nxt.column if nxt.kind != END else dot.column)
            parts.append(self.advance().text)
        return Path(tuple(parts), tok.column)

    def call(self, name_tok: Token) -> Node:
        func = name_tok.text
        if func not in FUNCTION_NAMES:
            raise ExpressionError(
                f"fonction inconnue « {func} » (fonctions disponibles : "
                f"{', '.join(FUNCTION_NAMES)})", name_tok.column)
        open_tok = self.advance()
        self.enter(open_tok.column)
        if func in SESSION_FUNCTIONS:
            node = self.session_call(func, name_tok)
            self.leave()
            return node
        args: list[Node] = []
        while not self.at_op(")"):
            args.append(self.expr())
            if self.at_op(","):
                self.advance()
            elif not self.at_op(")"):
                raise ExpressionError(
                    f"« , » ou parenthèse fermante « ) » attendue dans l'appel de {func}(), "
                    f"trouvé {_describe(self.tok)}", self.tok.column)
        self.advance()
        self.leave()
        impl, low, high = BUILTINS[func]
        if len(args) < low or (high is not None and len(args) > high):
            expected = (f"{low}" if low == high else
                        f"au moins {low}" if high is None else f"{low} ou {high}")
            raise ExpressionError(
                f"{func}() attend {expected} argument{'s' if max(low, high or 0) > 1 else ''}, "
                f"{len(args)} donné{'s' if len(args) > 1 else ''}", name_tok.column)
        return Call(func, tuple(args), name_tok.column, impl=impl)

    def hyphenated_id(self) -> str:
        """A bare id, possibly with hyphens written without spaces (`obj-prix`)."""
        prev = self.advance()
        parts = [prev.text]
        while True:
            dash, nxt = self.tok, self.peek(1)
            if not (dash.kind == OP and dash.text == "-" and _adjacent(prev, dash)
                    and _id_part(nxt) and _adjacent(dash, nxt)):
                return "".join(parts)
            parts += ["-", nxt.text]
            self.pos += 2
            prev = nxt

    def session_call(self, func: str, name_tok: Token) -> Node:
        what = SESSION_ARGUMENTS[func]
        tok = self.tok
        if tok.kind == STR:
            ref = str(tok.value)
            self.advance()
        elif tok.kind == NAME:
            ref = self.hyphenated_id()
        else:
            raise ExpressionError(
                f"{func}() attend l'identifiant d'un {what}, trouvé {_describe(tok)}",
                tok.column)
        if not self.at_op(")"):
            raise ExpressionError(
                f"{func}() attend un seul identifiant de {what} puis « ) », "
                f"trouvé {_describe(self.tok)}", self.tok.column)
        self.advance()
        if not ref:
            raise ExpressionError(f"{func}() : identifiant vide", tok.column)
        return Call(func, (), name_tok.column, ref=ref)


def _adjacent(prev: Token, tok: Token) -> bool:
    return tok.column == prev.column + len(prev.text)


def _id_part(tok: Token) -> bool:
    return tok.kind in (NAME, KW) or (tok.kind == NUM and tok.text.replace("_", "").isalnum())


def _is_num(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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


@functools.lru_cache(maxsize=4096)
def parse_expression(src: str) -> Expr:
    """Parse a condition or value; raises ExpressionError (French message, column)."""
    if not isinstance(src, str):
        raise ExpressionError(f"une expression doit être un texte, pas {type_name(src)}", 1)
    parser = _Parser(src, tokenize(src))
    return Expr(src, parser.parse_all())


@functools.lru_cache(maxsize=4096)
def parse_assignment(src: str) -> Assignment:
    """Parse an effect `name = expr` (or `+=`, `-=`, `*=`)."""
    if not isinstance(src, str):
        raise ExpressionError(f"un effet doit être un texte, pas {type_name(src)}", 1)
    tokens = tokenize(src, assignment=True)
    first = tokens[0]
    if first.kind == END:
        raise ExpressionError("effet vide : écrivez par exemple « confiance += 1 »", 1)
    if first.kind != NAME:
        raise ExpressionError(
            f"un effet commence par le nom d'une variable, trouvé {_describe(first)}",
            first.column)
    op_tok = tokens[1]
    if op_tok.kind == OP and op_tok.text == ".":
        raise ExpressionError(
            "seule une variable du scénario peut être modifiée (pas un champ du monde)",
            op_tok.column)
    if not (op_tok.kind == OP and op_tok.text in ASSIGN_OPERATORS):
        raise ExpressionError(
            f"« = », « += », « -= » ou « *= » attendu après « {first.text} », "
            f"trouvé {_describe(op_tok)}", op_tok.column)
    rest = tokens[2:]
    for tok in rest:
        if tok.kind == OP and tok.text in ASSIGN_OPERATORS:
            raise ExpressionError(
                f"un seul « {tok.text} » par effet (pour comparer, utilisez « == »)",
                tok.column)
    if rest[0].kind == END:
        raise ExpressionError(f"valeur attendue après « {op_tok.text} »", rest[0].column)
    parser = _Parser(src, rest)
    root = parser.parse_all()
    value_src = src[rest[0].column - 1:]
    value = Expr(value_src.strip(), root)
    return Assignment(first.text, op_tok.text, value, src, first.column, rest[0].column)


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
