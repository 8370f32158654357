"""Graph checks: missing targets, unreachable nodes, dead ends, loops with no way out."""

from __future__ import annotations

from collections import deque

from simulator.scenario.fields import did_you_mean, suggest
from simulator.scenario.model import Node, Pos, Scenario
from simulator.scenario.problems import Problem


def edges(scenario: Scenario, node: Node) -> list[tuple[str, Pos]]:
    """Every (target id, position naming it) leaving `node`."""
    out: list[tuple[str, Pos]] = []
    for choice in node.choices:
        if choice.next is not None:
            out.extend(choice.next.targets())
    if node.next is not None:
        out.extend(node.next.targets())
    for key, target in (("accord", node.on_agreement), ("rupture", node.on_break)):
        if target is not None:
            pos = scenario.positions.get(f"noeuds.{node.id}.suites.{key}", node.pos)
            out.append((target, pos))
    return out


def successors(scenario: Scenario) -> dict[str, list[str]]:
    """Adjacency of existing nodes (unknown targets dropped)."""
    graph: dict[str, list[str]] = {}
    for node_id, node in scenario.nodes.items():
        graph[node_id] = [t for t, _ in edges(scenario, node) if t in scenario.nodes]
    return graph


def check_graph(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    nodes = scenario.nodes
    damaged = scenario.damaged
    dangling: set[str] = set()         # nodes with a missing target (already reported)
    for node in nodes.values():
        for target, pos in edges(scenario, node):
            if target not in nodes:
                dangling.add(node.id)
                if scenario.incomplete or target in damaged or (
                        damaged and suggest(target, damaged) is not None):
                    continue           # the fragment or the broken node would define it
                problems.append(Problem(pos, f"nœud cible « {target} » introuvable"
                                             f"{did_you_mean(target, nodes)}"))
    start = scenario.start
    if start and start not in nodes and not scenario.incomplete and start not in damaged:
        pos = scenario.positions.get("debut", scenario.pos)
        problems.append(Problem(pos, f"nœud de début « {start} » introuvable"
                                     f"{did_you_mean(start, nodes)}"))
    timer = scenario.timer
    if timer is not None and timer.expiry and timer.expiry not in nodes \
            and not scenario.incomplete and timer.expiry not in damaged:
        problems.append(Problem(timer.pos, f"nœud d'expiration du chrono « {timer.expiry} » "
                                           f"introuvable{did_you_mean(timer.expiry, nodes)}"))
    if not nodes or start not in nodes:
        return problems
    graph = successors(scenario)
    roots = [start] + ([timer.expiry] if timer and timer.expiry in nodes else [])
    reachable = _reach(roots, graph)
    # A broken node that can be reached may have led anywhere: reachability says nothing.
    unsure = scenario.incomplete or any(d in reachable or d not in nodes for d in damaged)
    for node_id, node in nodes.items():
        if node_id not in reachable and not dangling and not unsure:
            problems.append(Problem(node.pos, f"nœud « {node_id} » inaccessible : aucun "
                                              f"chemin depuis le début « {start} »"))
    dead = set()
    for node_id in reachable:
        node = nodes[node_id]
        # Negotiations and tasks without suites are reported by the loader.
        if node.kind == "dialogue" and not graph[node_id] and node_id not in dangling \
                and node_id not in damaged:
            dead.add(node_id)
            hint = "ajoutez des choix avec « suite » ou faites-en une fin (type: fin)"
            problems.append(Problem(node.pos, f"impasse : le nœud « {node_id} » n'a aucune "
                                              f"suite ; {hint}"))
    reverse: dict[str, list[str]] = {n: [] for n in nodes}
    for src, targets in graph.items():
        for t in targets:
            reverse[t].append(src)
    ends = [n for n, node in nodes.items() if node.kind == "fin"]
    can_end = _reach(ends, reverse)
    trapped = {n for n in reachable if n not in can_end and n not in dead
               and n not in dangling and not unsure}
    for component in _sccs(trapped, graph):
        cyclic = len(component) > 1 or component[0] in graph[component[0]]
        if not cyclic:
            continue
        ordered = sorted(component, key=lambda n: (nodes[n].pos.path, nodes[n].pos.line))
        first = nodes[ordered[0]]
        names = ", ".join(ordered[:6]) + (" …" if len(ordered) > 6 else "")
        problems.append(Problem(first.pos, f"boucle sans issue : les nœuds {names} ne "
                                           "mènent à aucune fin"))
    return problems


def _reach(roots: list[str], graph: dict[str, list[str]]) -> set[str]:
    seen = set(roots)
    queue = deque(roots)
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _sccs(subset: set[str], graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of the subgraph induced by `subset` (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(subset):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            succ = [w for w in graph.get(v, ()) if w in subset]
            recurse = False
            for j in range(i, len(succ)):
                w = succ[j]
                if w not in index:
                    work.append((v, j + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out
