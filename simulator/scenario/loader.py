"""Build a `Scenario` (model.py) from a YAML file, with fragments, reporting every problem.

The loader is lenient in one way only: after a problem it goes on with a default so that
one run reports as many problems as possible. `load_file` returns the scenario (None only
when the file cannot be read at all) and the problems; callers decide what is fatal.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from simulator.scenario.composecache import compose_file
from simulator.scenario.loader_base import (  # noqa: F401 - the loader's public vocabularies
    ALL_NODE_FIELDS,
    CHOICE_FIELDS,
    CLIENT_FILTERS,
    COMMON_NODE_FIELDS,
    DECISIONS,
    DEFAULT_REFERENTIAL,
    DIFFICULTIES,
    EXPECT_FIELDS,
    FIELD_KINDS,
    FIGURE_FIELDS,
    KIND_FIELDS,
    MODES,
    POSITION_ISSUES,
    STEP_ACTIONS,
    TACTICS,
    TASK_FIELD_FIELDS,
    TOP_FIELDS,
    TOP_REQUIRED,
    VAR_TYPES,
    VARIANT_MODES,
    WEIGHT_ISSUES,
    _pos0,
)
from simulator.scenario.loader_plans import PlanReaders
from simulator.scenario.model import Node, Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.yamlsource import YamlFailure, YNode, to_plain


class ScenarioBuilder(PlanReaders):
    """Reads one scenario file and its fragments into the model."""

    # -- entry -------------------------------------------------------------------------
    def build(self) -> Scenario | None:
        try:
            root, soft = compose_file(self.path, self.display)
        except YamlFailure as exc:
            self.problems.extend(exc.problems)
            return None
        self.problems.extend(soft)
        if root is None:
            self.report(_pos0(self.display), "le fichier est vide")
            return None
        if root.kind != "map":
            self.report(root.pos, "un scénario est un dictionnaire (id:, titre:, noeuds: …)")
            return None
        if "fragment" in root.keys and "id" not in root.keys:
            # A fragment alone: check its structure; the graph is checked where it is included.
            self.is_fragment = True
            self.fragment_root(root, self.display, {}, {}, {})
            return None
        self.mapping(root, "le scénario", TOP_FIELDS, TOP_REQUIRED)
        g = root.get
        variables = self.variables(g("variables"))
        nodes: dict[str, Node] = {}
        node_keys: dict[str, YNode] = {}
        for key, value in self.items(g("noeuds"), "noeuds"):
            self.add_node(nodes, node_keys, key, value, None)
        includes = self.includes(g("inclure"), variables, nodes, node_keys)
        self.mark_damaged(root)
        persona = self.persona(g("persona"))
        tests = tuple(self.test_plans(g("tests"), variables))
        sections = self.damaged_sections(root)
        if g("noeuds") is not None and not nodes and not self.problems:
            self.report(g("noeuds").pos, "le scénario n'a aucun nœud")  # type: ignore[union-attr]
        start_node = g("debut")
        start = self.ident(start_node, "debut") or ""
        canonical = {"scenario": to_plain(root), "fragments": self.fragments}
        digest = hashlib.sha256(json.dumps(
            canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
            default=str).encode("utf-8")).hexdigest()
        competences = tuple(self.list_of(g("competences"), "competences", self.ident))
        for name in ("debut", "referentiel", "dossier_vendeur", "id", "competences"):
            self.remember(name, g(name))
        comp_node = g("competences")
        if comp_node is not None and comp_node.kind == "seq":
            for i, item in enumerate(comp_node.value):
                self.remember(f"competences.{i}", item)
        return Scenario(
            id=self.ident(g("id"), "id") or "",
            title=self.string(g("titre"), "titre", allow_empty=False) or "",
            version=self.string(g("version"), "version") or "",
            referential=self.ident(g("referentiel"), "referentiel") or DEFAULT_REFERENTIAL,
            competences=competences,
            duration_min=self.duration(g("duree"), "duree") or 0,
            difficulty=(self.choice(g("difficulte"), "difficulte", DIFFICULTIES)
                        or "moyenne"),
            seller=self.ident(g("dossier_vendeur"), "dossier_vendeur"),
            client_filters=self.client_filters(g("client")),
            brief=self.text(g("brief"), "brief"),
            persona=persona,
            variables=variables,
            start=start,
            nodes=nodes,
            tests=tests,
            path=str(self.path),
            sha256=digest,
            timer=self.timer(g("chrono")),
            includes=includes,
            pos=root.pos,
            positions=self.positions,
            damaged=frozenset(self.damaged),
            damaged_variables=frozenset(self.damaged_variables),
            incomplete=self.incomplete,
            damaged_sections=sections,
        )

def load_file(path: Path, display: str | None = None) -> tuple[Scenario | None, list[Problem]]:
    """Build the scenario in `path`; return it (None if unreadable) and every problem.

    A fragment file gives (None, its structural problems): it has no graph of its own.
    """
    builder = ScenarioBuilder(path, display if display is not None else str(path))
    scenario = builder.build()
    return scenario, builder.problems

