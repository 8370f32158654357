"""Warn about choice-order settings that have no effect (`ordre: fixe`, `en_dernier`).

A dialogue node shows its choices in an order seeded per session; `ordre: fixe` keeps the
written order and `en_dernier: vrai` keeps a choice after the shuffled ones. Negotiation
replies always keep the written order, and a choice of a fixed node is already in place:
there the setting is a misunderstanding worth telling the author about.
"""

from __future__ import annotations

from simulator.scenario.model import Scenario
from simulator.scenario.problems import Problem


def check_order(scenario: Scenario) -> list[Problem]:
    """One warning per setting that cannot change what the trainee sees."""
    out: list[Problem] = []
    for node in scenario.nodes.values():
        if node.kind == "negociation":
            if node.fixed_order:
                out.append(Problem(node.pos, f"nœud « {node.id} » : « ordre: fixe » est sans "
                                             "effet dans une négociation (ses répliques "
                                             "gardent toujours l'ordre écrit)", "avertissement"))
            why = "les répliques d'une négociation gardent toujours l'ordre écrit"
        elif node.fixed_order:
            why = f"le nœud « {node.id} » garde déjà l'ordre écrit (« ordre: fixe »)"
        else:
            if node.kind == "dialogue" and len(node.choices) >= 2 \
                    and all(c.last for c in node.choices):
                out.append(Problem(node.pos, f"nœud « {node.id} » : tous ses choix sont "
                                             "« en_dernier » : rien n'est mélangé ; écrivez "
                                             "plutôt « ordre: fixe » sur le nœud",
                                   "avertissement"))
            continue
        out.extend(Problem(c.pos, f"choix « {c.id} » : « en_dernier » est sans effet : {why}",
                           "avertissement") for c in node.choices if c.last)
    return out
