"""Diagrams of a scenario: Mermaid (through transitions' GraphMachine) and Graphviz DOT.

Edges are labelled with the choice id (or accord / rupture / valider); DOT adds a short
text of the choice. Neither needs a system package.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.scenario.compile import EXPIRY, transitions_of
from simulator.scenario.model import Node, Scenario

FORMATS = ("mermaid", "dot")
_SHAPES = {"dialogue": "box", "negociation": "hexagon", "tache": "note",
           "fin": "doubleoctagon"}


class _Model:
    """Plain model object for the diagram machine."""


def _short(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_mermaid(scenario: Scenario) -> str:
    """A Mermaid `stateDiagram-v2` built by GraphMachine(graph_engine="mermaid")."""
    from transitions.extensions.diagrams import GraphMachine

    model = _Model()
    nodes = scenario.nodes
    # Mermaid ids cannot hold "-" (it reads "-->"): use safe ids, show the real ones.
    safe: dict[str, str] = {}
    for i, node_id in enumerate(nodes):
        sid = _mermaid_id(node_id, i)
        safe[node_id] = sid if sid not in safe.values() else f"{sid}_{i}"
    states = list(safe.values()) or ["vide"]
    initial = safe.get(scenario.start, states[0])
    machine: Any = GraphMachine(model=model, states=states, initial=initial,
                                auto_transitions=False, graph_engine="mermaid",
                                title=scenario.title or scenario.id, show_conditions=False)
    for node in nodes.values():
        for _trigger, label, target in transitions_of(scenario, node):
            machine.add_transition(label, safe[node.id], safe[target])
    if scenario.timer is not None and scenario.timer.expiry in nodes:
        machine.add_transition(EXPIRY, [safe[n] for n in nodes if nodes[n].kind != "fin"],
                               safe[scenario.timer.expiry])
    text = str(model.get_graph().draw(None))  # type: ignore[attr-defined]
    for node_id, sid in safe.items():
        if sid != node_id:
            text = text.replace(f'state "{sid}" as {sid}', f'state "{node_id}" as {sid}')
    ends = [f"  {safe[n.id]} --> [*]" for n in nodes.values() if n.kind == "fin"]
    return text.rstrip("\n") + "\n" + "\n".join(ends) + ("\n" if ends else "")


def _mermaid_id(node_id: str, index: int) -> str:
    sid = re.sub(r"[^A-Za-z0-9_]", "_", node_id)
    if not sid or sid[0].isdigit() or sid in ("state", "end", "note", "direction"):
        sid = f"n{index}_{sid}"
    return sid


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _node_label(node: Node) -> str:
    if node.kind == "fin":
        return f"{node.id}\\n({node.outcome or 'fin'})"
    if node.kind == "dialogue":
        return node.id
    return f"{node.id}\\n[{node.kind}]"


def to_dot(scenario: Scenario) -> str:
    """Graphviz DOT text (render with `dot -Tsvg` where Graphviz is installed)."""
    lines = [f"digraph {_dot_str(scenario.id or 'scenario')} {{",
             f"  label={_dot_str(scenario.title)};", "  labelloc=t;", "  rankdir=LR;",
             '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];',
             '  __debut [shape=point, label=""];']
    for node in scenario.nodes.values():
        shape = _SHAPES.get(node.kind, "box")
        label = _node_label(node).replace('"', '\\"')
        lines.append(f'  {_dot_str(node.id)} [shape={shape}, label="{label}"];')
    if scenario.start in scenario.nodes:
        lines.append(f"  __debut -> {_dot_str(scenario.start)};")
    for node in scenario.nodes.values():
        texts = {c.id: c.text.value for c in node.choices}
        for _trigger, label, target in transitions_of(scenario, node):
            text = f"{label} : {_short(texts[label])}" if label in texts else label
            lines.append(f"  {_dot_str(node.id)} -> {_dot_str(target)} "
                         f"[label={_dot_str(text)}];")
    timer = scenario.timer
    if timer is not None and timer.expiry in scenario.nodes:
        lines.append(f"  __chrono [shape=plaintext, label={_dot_str('chrono ' + EXPIRY)}];")
        lines.append(f"  __chrono -> {_dot_str(timer.expiry)} [style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(scenario: Scenario, fmt: str = "mermaid") -> str:
    if fmt == "dot":
        return to_dot(scenario)
    return to_mermaid(scenario)
