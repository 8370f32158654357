"""Why a condition is false, in French, for trainers (like articy's simulation mode).

`explain_false(expr, env)` names the smallest failing part of a condition with the values
it read: « tension < 2 » est faux (tension = 3). Test runners and the fuzzer can add it to
"choice unavailable" messages so an author sees at once which part of a condition failed.
"""

from __future__ import annotations

from simulator.scenario.expr_errors import EvaluationError
from simulator.scenario.expr_nodes import (
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
    truth,
)
from simulator.scenario.expressions import Expr

_WORDS = {"and": "et", "or": "ou", "in": "dans", "not in": "non dans"}
_MAX_SHOWN = 60


def unparse(node: Node) -> str:
    """Source-like text of a node (French keywords, minimal parentheses)."""
    if isinstance(node, Const):
        return _literal(node.value)
    if isinstance(node, Path):
        return ".".join(node.parts)
    if isinstance(node, ListLit):
        return "[" + ", ".join(unparse(i) for i in node.items) + "]"
    if isinstance(node, Neg):
        return f"{node.sign}{_wrap(node.operand)}"
    if isinstance(node, Not):
        return f"non {_wrap(node.operand)}"
    if isinstance(node, BinOp):
        return f"{_wrap(node.left)} {node.op} {_wrap(node.right)}"
    if isinstance(node, BoolOp):
        return f"{_wrap(node.left)} {_WORDS[node.op]} {_wrap(node.right)}"
    if isinstance(node, Compare):
        parts = [_wrap(node.first)]
        for op, operand, _ in node.ops:
            parts += [_WORDS.get(op, op), _wrap(operand)]
        return " ".join(parts)
    if isinstance(node, Call):
        if node.ref is not None:
            return f"{node.func}({node.ref})"
        return f"{node.func}(" + ", ".join(unparse(a) for a in node.args) + ")"
    return "?"


def _wrap(node: Node) -> str:
    text = unparse(node)
    return f"({text})" if isinstance(node, BinOp | BoolOp | Compare) else text


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if value is None:
        return "absent"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return str(value)


def _shown(value: object) -> str:
    text = _literal(value) if not isinstance(value, dict) else "{…}"
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN - 1] + "…"


def _values(node: Node, env: Env) -> str:
    """« (tension = 3, visites(accueil) = 1) » for the names and calls a node reads."""
    seen: list[str] = []
    parts: list[str] = []
    for sub in node.walk():
        if isinstance(sub, Path | Call) and not (isinstance(sub, Call) and sub.ref is None):
            label = unparse(sub)
            if label in seen:
                continue
            seen.append(label)
            try:
                parts.append(f"{label} = {_shown(sub.compute(Context(env)))}")
            except EvaluationError as exc:
                parts.append(f"{label} : {exc.message}")
    return f" ({', '.join(sorted(parts))})" if parts else ""


def _is_true(node: Node, env: Env) -> bool:
    return truth(node.compute(Context(env)))


def _failing(node: Node, env: Env) -> list[Node]:
    """The smallest sub-conditions that make `node` false (empty when it is true)."""
    if _is_true(node, env):
        return []
    if isinstance(node, BoolOp) and node.op == "and":
        left = _failing(node.left, env)
        return left if left else _failing(node.right, env)
    if isinstance(node, BoolOp):
        return _failing(node.left, env) + _failing(node.right, env)
    return [node]


def explain_false(expr: Expr, env: Env) -> str | None:
    """French explanation of why `expr` is false, or None when it is true.

    Evaluation errors are reported as such (« tension / 0 » : division par zéro).
    """
    try:
        parts = _failing(expr.root, env)
    except EvaluationError as exc:
        return f"« {expr.source} » : {exc.message}"
    if not parts:
        return None
    texts = [f"« {unparse(p)} » est faux{_values(p, env)}" for p in parts]
    return " et ".join(texts)
