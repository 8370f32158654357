"""The safe expression language of scenarios (conditions, effects, expected answers).

A hand-written tokenizer and recursive-descent parser over a whitelist: no `eval`, no
`ast`, French keywords and French error messages with the column of the problem. Parsed
expressions are cached by source since the engine evaluates the same conditions again and
again.

This module is the public facade: the parser lives in expr_parser (with the whitelist and
the nesting bound), evaluation in expr_eval (with the operation budget), tokens, nodes and
functions in expr_lexer, expr_nodes and expr_functions. The two cached entry points stay
here: they join the parser to `Expr`. The grammar is in expr_parser's docstring.
"""

from __future__ import annotations

import functools

from simulator.scenario.expr_errors import EvaluationError, ExpressionError, type_name
from simulator.scenario.expr_eval import (
    UNEXPECTED,
    Assignment,
    DictEnv,
    Expr,
    Reference,
    field_passed,
    task_score,
    undefined_names,
)
from simulator.scenario.expr_functions import FUNCTION_NAMES
from simulator.scenario.expr_lexer import END, MAX_LENGTH, NAME, OP, tokenize
from simulator.scenario.expr_nodes import STEP_BUDGET, Env
from simulator.scenario.expr_parser import (
    ASSIGN_OPERATORS,
    MAX_DEPTH,
    RESERVED_WORDS,
    _describe,
    _Parser,
)

__all__ = [
    "ASSIGN_OPERATORS",
    "FUNCTION_NAMES",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "RESERVED_WORDS",
    "STEP_BUDGET",
    "UNEXPECTED",
    "Assignment",
    "DictEnv",
    "Env",
    "EvaluationError",
    "Expr",
    "ExpressionError",
    "Reference",
    "field_passed",
    "parse_assignment",
    "parse_expression",
    "task_score",
    "undefined_names",
]


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
