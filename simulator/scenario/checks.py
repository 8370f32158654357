"""Static checks of a loaded scenario: graph, expressions, texts, referential, test plans.

Each check reports `Problem`s with the position of the offending text. Errors make the
scenario unusable (or the library unclean: unreachable nodes are errors too); warnings
point at probable mistakes that do not block a session.
"""

from __future__ import annotations

import re

from simulator.scenario.checks_graph import check_graph
from simulator.scenario.checks_nodes import NodeChecks
from simulator.scenario.model import Scenario, Text
from simulator.scenario.problems import Problem

_COMPETENCE = re.compile(r"^C\d+$")


class Checker(NodeChecks):
    """Runs every check on one scenario."""

    # -- driver ------------------------------------------------------------------------
    def run(self) -> list[Problem]:
        sc = self.sc
        self.problems.extend(check_graph(sc))
        self.check_referential()
        self.check_seller()
        if sc.brief:
            self.placeholders(sc.brief)
        if sc.persona and sc.persona.role:
            self.placeholders(sc.persona.role)
        if sc.persona:
            items = [(n.text, n.pos) for n in sc.persona.hidden_needs]
            items += [(o.text, o.pos) for o in sc.persona.objections]
            for value, pos in items:
                self.placeholders(Text(value, pos), exact=False)
        self.check_shipped_id()
        for node in sc.nodes.values():
            self.check_node(node)
        self.check_tests()
        if sc.follow_on:
            # Uses may sit in the broken part: these warnings would follow from the error.
            self.problems = [p for p in self.problems if p.is_error]
            return self.problems
        for name, var in sc.variables.items():
            if name not in self.used_vars and name not in self.written_vars:
                self.report(var.pos, f"variable « {name} » jamais utilisée", "avertissement")
            elif name not in self.used_vars and name not in self.tested_vars:
                self.report(var.pos, f"variable « {name} » modifiée par des effets mais jamais "
                                     "lue : aucune condition, aucun texte, aucun calcul ni "
                                     "aucun plan de test ne s'en sert", "avertissement")
        if sc.persona:
            for need in sc.persona.hidden_needs:
                if need.id not in self.revealed:
                    self.report(need.pos, f"besoin caché « {need.id} » révélé par aucun choix "
                                          "(« revele: »)", "avertissement")
        self.check_objections()
        return self.problems

    def check_objections(self) -> None:
        """The engine plays an objection only through the node of that id in a `tirage`."""
        persona = self.sc.persona
        if persona is None:
            return
        drawn = {nid for node in self.sc.nodes.values()
                 for nxt in (node.next, *(c.next for c in node.choices)) if nxt is not None
                 for nid in nxt.draw}
        for obj in persona.objections:
            if obj.id not in drawn:
                self.report(obj.pos, f"objection « {obj.id} » : aucun « tirage » ne mène à un "
                                     f"nœud « {obj.id} » (le nœud qui joue une objection porte "
                                     "son identifiant)", "avertissement")


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every static check on a loaded scenario."""
    from simulator.scenario.checks_growth import check_growth
    from simulator.scenario.checks_order import check_order

    return Checker(scenario).run() + check_growth(scenario) + check_order(scenario)
