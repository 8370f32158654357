"""Warn about effects that grow without bound when their choice can be replayed in a loop.

`n = n * n` or `t = t + t` on a choice the trainee can take again and again doubles (or
squares) a value at every turn: after a few dozen turns the number or the text no longer
fits in memory. The engine stops such a session at run time (a French error, the session
ended cleanly); this check tells the author before any trainee meets it.
"""

from __future__ import annotations

import dataclasses

from simulator.scenario.checks_graph import _sccs, successors
from simulator.scenario.expr_nodes import BinOp, Const, Neg, Node, Path
from simulator.scenario.expressions import ExpressionError, parse_assignment
from simulator.scenario.model import Expression, Scenario
from simulator.scenario.problems import Problem


def _reads(node: Node, name: str) -> int:
    """How many times the expression reads variable `name` (outside constants)."""
    if isinstance(node, Path):
        return 1 if node.parts[0] == name else 0
    count = 0
    children: list[object] = [getattr(node, f.name) for f in dataclasses.fields(node)] \
        if dataclasses.is_dataclass(node) else []
    for child in children:
        if isinstance(child, Node):
            count += _reads(child, name)
        elif isinstance(child, tuple):
            count += sum(_reads(c, name) for c in child if isinstance(c, Node))
    return count


def _small_constant(node: Node) -> bool:
    """A literal factor that cannot make a value grow (|k| <= 1)."""
    if isinstance(node, Neg):
        return _small_constant(node.operand)
    return isinstance(node, Const) and isinstance(node.value, int | float) and \
        not isinstance(node.value, bool) and abs(node.value) <= 1


def _grows(source: str, var_type: str | None) -> str | None:
    """Why this effect grows at each repetition ("" = it does not)."""
    try:
        assign = parse_assignment(source)
    except ExpressionError:
        return None          # reported by the main checker
    root, target = assign.value.root, assign.target
    if assign.op == "*=":
        return None if _small_constant(root) else "multiplie la variable à chaque passage"
    if assign.op == "+=":
        if _reads(root, target):
            return "ajoute la variable à elle-même (elle double à chaque passage)"
        if var_type == "texte":
            return "allonge le texte à chaque passage"
        return None
    if assign.op != "=" or not isinstance(root, BinOp):
        return None
    reads = _reads(root, target)
    if root.op == "*" and reads and not (
            _small_constant(root.left) or _small_constant(root.right)):
        return "multiplie la variable à chaque passage"
    if root.op == "+" and reads >= 2:
        return "ajoute la variable à elle-même (elle double à chaque passage)"
    if root.op == "+" and reads and var_type == "texte":
        return "allonge le texte à chaque passage"
    return None


def check_growth(scenario: Scenario) -> list[Problem]:
    """Warnings for growing effects on repeatable choices of a cycle of nodes."""
    graph = successors(scenario)
    cyclic: set[str] = set()
    for component in _sccs(set(scenario.nodes), graph):
        if len(component) > 1 or component[0] in graph.get(component[0], ()):
            cyclic.update(component)
    problems: list[Problem] = []
    for node_id in sorted(cyclic):
        node = scenario.nodes[node_id]
        for choice in getattr(node, "choices", ()):
            if choice.once:
                continue
            for effect in choice.effects:
                problems.extend(_warn(scenario, node_id, choice.id, effect))
    return problems


def _warn(scenario: Scenario, node_id: str, choice_id: str,
          effect: Expression) -> list[Problem]:
    try:
        target = parse_assignment(effect.source).target
    except ExpressionError:
        return []
    var = scenario.variables.get(target)
    why = _grows(effect.source, var.type if var is not None else None)
    if not why:
        return []
    return [Problem(effect.pos, f"effet « {effect.source} » du choix « {choice_id} » (nœud "
                                f"« {node_id} ») : il {why} et ce choix peut se répéter en "
                                "boucle ; la valeur peut croître sans limite (bornez-la, par "
                                "exemple avec min(), ou rendez le choix « une_fois »)",
                    "avertissement")]
