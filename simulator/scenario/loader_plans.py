"""Scenario loader, part 4: included fragments and the scenario's test plans."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario.composecache import compose_file
from simulator.scenario.loader_base import (
    DECISIONS,
    EXPECT_FIELDS,
    MODES,
    STEP_ACTIONS,
    _decision,
    _dym,
    _join_display,
    _missing_fragment,
    _pos0,
    _shown,
)
from simulator.scenario.loader_nodes import NodeReaders
from simulator.scenario.model import (
    OUTCOMES,
    Node,
    Pos,
    TestExpectation,
    TestPlan,
    TestStep,
    Value,
    Variable,
)
from simulator.scenario.yamlsource import YamlFailure, YNode, to_plain


class PlanReaders(NodeReaders):
    """Reads `inclure:` fragments and `tests:` plans."""

    # -- fragments ---------------------------------------------------------------------
    def includes(self, node: YNode | None, variables: dict[str, Variable],
                 nodes: dict[str, Node], node_keys: dict[str, YNode]) -> tuple[str, ...]:
        out: list[str] = []
        for item in self.sequence(node, "inclure"):
            rel = self.string(item, "inclure", allow_empty=False)
            if rel is None:
                continue
            path = (self.path.parent / rel)
            display = _join_display(self.display, rel)
            if not path.is_file():
                self.incomplete = True
                at = item.pos
                if "\\" in rel and item.plain and "\n" not in rel:
                    at = Pos(at.path, at.line, at.col + rel.index("\\"))
                self.report(at, _missing_fragment(rel))
                continue
            if rel in self.fragments:
                self.report(item.pos, f"fragment « {rel} » inclus deux fois")
                continue
            out.append(rel)
            self.fragment(path, display, rel, variables, nodes, node_keys)
        return tuple(out)

    def fragment(self, path: Path, display: str, rel: str, variables: dict[str, Variable],
                 nodes: dict[str, Node], node_keys: dict[str, YNode]) -> None:
        try:
            root, soft = compose_file(path, display)
        except YamlFailure as exc:
            self.incomplete = True
            self.problems.extend(exc.problems)
            return
        self.problems.extend(soft)
        if root is None or root.kind != "map":
            self.incomplete = True
            self.report(_pos0(display), "un fragment est un dictionnaire (fragment:, noeuds: …)")
            return
        self.fragments[rel] = to_plain(root)
        self.fragment_root(root, display, variables, nodes, node_keys)

    def fragment_root(self, root: YNode, display: str, variables: dict[str, Variable],
                      nodes: dict[str, Node], node_keys: dict[str, YNode]) -> None:
        self.mapping(root, "le fragment", ("fragment", "variables", "noeuds", "description"),
                     ("fragment",))
        for name, var in self.variables(root.get("variables")).items():
            if name in variables:
                other = variables[name].pos
                self.report(var.pos, f"variable « {name} » déjà définie ({other})")
                continue
            variables[name] = var
        for key, value in self.items(root.get("noeuds"), "noeuds"):
            self.add_node(nodes, node_keys, key, value, display)
        self.mark_damaged(root)

    # -- tests -------------------------------------------------------------------------
    def test_plans(self, node: YNode | None, variables: dict[str, Variable]) -> list[TestPlan]:
        out: list[TestPlan] = []
        for item in self.sequence(node, "tests"):
            if self.mapping(item, "un test", ("nom", "graine", "mode", "etapes", "attendu"),
                            ("nom", "etapes")) is None:
                continue
            g = item.get
            seed = 1
            if g("graine") is not None:
                seed = self.integer(g("graine"), "test.graine") or 1
            mode = "entrainement"
            if g("mode") is not None:
                mode = self.choice(g("mode"), "test.mode", MODES) or mode
            steps = [s for s in (self.test_step(s) for s in self.sequence(g("etapes"),
                                                                           "test.etapes")) if s]
            out.append(TestPlan(
                name=self.string(g("nom"), "test.nom") or "", seed=seed, mode=mode,  # type: ignore[arg-type]
                steps=tuple(steps), expect=self.expectation(g("attendu"), variables),
                pos=item.pos))
        return out

    def test_step(self, node: YNode) -> TestStep | None:
        if node.kind != "map" or len(node.value) != 1:
            self.report(node.pos, "étape de test : écrivez une seule action parmi "
                                  f"{', '.join(STEP_ACTIONS)} (ex. « - choisir: accueil »)")
            return None
        key, value = node.value[0]
        action = key.value
        if action not in STEP_ACTIONS:
            self.report(key.pos, f"action de test inconnue « {action} »"
                                 f"{_dym(action, STEP_ACTIONS)}")
            return None
        data: object
        if action == "choisir":
            if value.kind == "scalar" and value.tag == "int":
                data = self.integer(value, "choisir")
            else:
                data = self.ident(value, "choisir")
        elif action in ("accepter", "rompre"):
            data = self.boolean(value, action)
        elif action == "dire":
            if value.kind == "scalar":
                data = {"texte": self.string(value, "dire")}
            elif self.mapping(value, "dire", ("texte", "choix"), ("texte",)) is not None:
                data = {k.value: to_plain(v) for k, v in value.value}
            else:
                return None
        elif action == "offrir":
            data = self.offer_step(value)
        else:
            if self.mapping(value, "repondre") is None:
                return None
            data = {k.value: to_plain(v) for k, v in value.value}
        if data is None:
            return None
        return TestStep(action, data, key.pos)

    def expectation(self, node: YNode | None,
                    variables: dict[str, Variable]) -> TestExpectation | None:
        if self.mapping(node, "test.attendu", EXPECT_FIELDS) is None or node is None:
            return None
        g = node.get
        values: dict[str, Value] = {}
        for key, value in self.items(g("variables"), "attendu.variables"):
            var = variables.get(key.value)
            if var is None and (self.incomplete or key.value in self.damaged_variables):
                continue                  # follows from a root cause reported elsewhere
            if var is None:
                self.report(key.pos, f"attendu.variables : variable inconnue « {key.value} »"
                                     f"{_dym(key.value, variables)}")
                continue
            typed = self.typed_value(value, var.type, f"attendu.variables.{key.value}")
            if typed is not None:
                values[key.value] = typed
        positions: dict[str, Pos] = {}
        evidence: list[str] = []
        for item in self.sequence(g("preuves"), "attendu.preuves"):
            text = self.string(item, "attendu.preuves", allow_empty=False)
            if text is not None:
                positions[f"preuves.{len(evidence)}"] = item.pos
                evidence.append(text.strip())
        criteria: dict[str, str] = {}
        for key, value in self.items(g("criteres"), "attendu.criteres"):
            decision = _decision(value)
            if decision is None:
                self.report(value.pos, f"attendu.criteres.{key.value} : décision inconnue "
                                       f"{_shown(value)} (décisions possibles : "
                                       f"{', '.join(DECISIONS)})")
                continue
            criteria[str(key.value)] = decision
            positions[f"criteres.{key.value}"] = key.pos
        blocking: tuple[str, ...] | None = None
        if g("bloquantes") is not None:
            items = self.list_of(g("bloquantes"), "attendu.bloquantes", self.string)
            blocking = tuple(i.strip() for i in items)
            for i, item in enumerate(self.sequence(g("bloquantes"), "attendu.bloquantes")):
                positions[f"bloquantes.{i}"] = item.pos
            self.remember_in(positions, "bloquantes", g("bloquantes"))
        return TestExpectation(
            node=self.ident(g("noeud"), "attendu.noeud"),
            outcome=self.choice(g("issue"), "attendu.issue", OUTCOMES),
            variables=values,
            evidence=tuple(evidence),
            pos=node.pos, criteria=criteria, blocking=blocking, positions=positions)

    @staticmethod
    def remember_in(positions: dict[str, Pos], key: str, node: YNode | None) -> None:
        if node is not None:
            positions[key] = node.pos
