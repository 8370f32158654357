"""Parser of the expression language: tokens to a syntax tree, over a whitelist.

A hand-written tokenizer (expr_lexer) and recursive-descent parser: no `eval`, no `ast`,
French keywords and French error messages with the column of the problem. Only the
whitelisted functions (expr_functions) can be called. Grammar, loosest binding first::

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

import keyword

from simulator.scenario.expr_errors import ExpressionError
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
    NAME,
    NUM,
    OP,
    STR,
    Token,
)
from simulator.scenario.expr_nodes import (
    BinOp,
    BoolOp,
    Call,
    Compare,
    Const,
    ListLit,
    Neg,
    Node,
    Not,
    Path,
)

MAX_DEPTH = 40          # nesting of parentheses, lists, calls and unary operators
ASSIGN_OPERATORS: tuple[str, ...] = ("=", "+=", "-=", "*=")
# Words a variable cannot be named: operators, literals, functions and Python keywords.
RESERVED_WORDS: frozenset[str] = frozenset(
    {*KEYWORDS, *BOOLEANS, *FUNCTION_NAMES, *keyword.kwlist, "si", "sinon"})
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
