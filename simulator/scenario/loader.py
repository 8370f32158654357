"""Build a `Scenario` (model.py) from a YAML file, with fragments, reporting every problem.

The loader is lenient in one way only: after a problem it goes on with a default so that
one run reports as many problems as possible. `load_file` returns the scenario (None only
when the file cannot be read at all) and the problems; callers decide what is fatal.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from simulator.scenario.composecache import compose_file
from simulator.scenario.fields import Reader
from simulator.scenario.model import (
    COUNTERPARTS,
    NODE_KINDS,
    OFFER_ISSUES,
    OUTCOMES,
    SONCAS,
    SPEAKERS,
    Branch,
    Choice,
    ClientTactics,
    Evidence,
    ExpectedFigure,
    HiddenNeed,
    Node,
    Objection,
    Persona,
    Pos,
    Reaction,
    Scenario,
    TaskField,
    TestExpectation,
    TestPlan,
    TestStep,
    Text,
    Timer,
    Value,
    Variable,
    Variants,
    WeightedTarget,
)
from simulator.scenario.model import Next as NextT
from simulator.scenario.problems import Problem
from simulator.scenario.yamlsource import YamlFailure, YNode, to_plain

TOP_FIELDS = ("id", "titre", "version", "referentiel", "competences", "duree", "difficulte",
              "dossier_vendeur", "client", "brief", "chrono", "persona", "variables",
              "inclure", "debut", "noeuds", "tests", "description")
TOP_REQUIRED = ("id", "titre", "version", "competences", "duree", "debut", "noeuds")
DIFFICULTIES = ("facile", "moyenne", "difficile")
VAR_TYPES = ("entier", "decimal", "booleen", "texte")
MODES = ("entrainement", "examen")
FIELD_KINDS = ("nombre", "choix", "texte", "selection", "tournee")
TACTICS = ("boulware", "conceder", "lineaire")
VARIANT_MODES = ("aleatoire", "sequence", "une_fois")
# Keys of the client's positions (`ouverture`, `reservation`) and of its `poids`
# ("prix" weighs the discount), as the engine's negotiation model reads them.
POSITION_ISSUES = ("remise", "delai_paiement", "livraison", "services", "quantite")
WEIGHT_ISSUES = ("prix", *POSITION_ISSUES)
# Filters of `client:` read by simulator.world.pick_roles (others would be ignored there).
CLIENT_FILTERS = ("statut", "secteur", "segment", "departement", "potentiel", "effectif_min",
                  "effectif_max", "retard_paiement", "litige")
STEP_ACTIONS = ("choisir", "dire", "offrir", "accepter", "rompre", "repondre")
EXPECT_FIELDS = ("noeud", "issue", "variables", "preuves", "criteres", "bloquantes")
DECISIONS = ("acquis", "non acquis", "non évalué")

COMMON_NODE_FIELDS = ("type", "locuteur", "texte", "variantes", "reactions", "choix",
                      "ordre", "description")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "dialogue": COMMON_NODE_FIELDS,
    "negociation": (*COMMON_NODE_FIELDS, "produit", "quantite", "client", "accord_manager",
                    "suites"),
    # A task shows a form, never choices: `choix` there would silently never be offered.
    "tache": (*(f for f in COMMON_NODE_FIELDS if f not in ("choix", "ordre")), "consigne",
              "champs", "suite"),
    "fin": ("type", "locuteur", "texte", "variantes", "reactions", "issue", "description"),
}
ALL_NODE_FIELDS = tuple(sorted({f for fs in KIND_FIELDS.values() for f in fs}))
CHOICE_FIELDS = ("id", "texte", "condition", "raison", "une_fois", "actes", "effets", "revele",
                 "preuves", "coach", "suite", "reponse", "exemples", "motifs", "en_dernier")
TASK_FIELD_FIELDS = ("id", "type", "libelle", "attendu", "tolerance", "critere", "options",
                     "mots_cles", "chiffres", "source", "attendu_si", "coach")
FIGURE_FIELDS = ("attendu", "tolerance", "libelle")
DEFAULT_REFERENTIAL = "TP-00338"


def _kind_label(kind: str) -> str:
    return f"dans un nœud de type « {kind} »"


class ScenarioBuilder(Reader):
    """Reads one scenario file and its fragments into the model."""

    def __init__(self, path: Path, display: str) -> None:
        super().__init__()
        self.path = path
        self.display = display
        self.fragments: dict[str, Any] = {}
        self.positions: dict[str, Pos] = {}
        self.is_fragment = False
        self.damaged: set[str] = set()
        self.damaged_variables: set[str] = set()
        self.incomplete = False

    def remember(self, key: str, node: YNode | None) -> None:
        if node is not None:
            self.positions[key] = node.pos

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

    # -- metadata ----------------------------------------------------------------------
    def client_filters(self, node: YNode | None) -> dict[str, object]:
        """The `client:` filters that simulator.world.pick_roles understands."""
        out: dict[str, object] = {}
        for key, value in self.items(node, "client"):
            name = key.value
            what = f"client.{name}"
            if name not in CLIENT_FILTERS:
                self.report(key.pos, f"filtre client inconnu « {name} » (filtres possibles : "
                                     f"{', '.join(CLIENT_FILTERS)}){_dym(name, CLIENT_FILTERS)}")
                continue
            if name in ("effectif_min", "effectif_max"):
                number = self.integer(value, what)
                if number is not None:
                    out[name] = number
            elif name in ("retard_paiement", "litige"):
                flag = self.boolean(value, what)
                if flag is not None:
                    out[name] = flag
            elif name == "statut":
                values = value.value if value.kind == "seq" else [value]
                chosen = [self.choice(v, what, ("client", "prospect")) for v in values]
                if all(chosen):
                    out[name] = chosen if value.kind == "seq" else chosen[0]
            else:
                values = value.value if value.kind == "seq" else [value]
                texts = [self.string(v, what, allow_empty=False) for v in values]
                if all(t is not None for t in texts):
                    out[name] = texts if value.kind == "seq" else texts[0]
        return out

    def timer(self, node: YNode | None) -> Timer | None:
        if self.mapping(node, "chrono", ("limite", "expiration", "modes"),
                        ("limite", "expiration")) is None or node is None:
            return None
        minutes = self.duration(node.get("limite"), "chrono.limite") or 0
        expiry = self.ident(node.get("expiration"), "chrono.expiration") or ""
        modes_node = node.get("modes")
        modes = (tuple(m for m in (self.choice(v, "chrono.modes", MODES)
                                   for v in self.sequence(modes_node, "chrono.modes")) if m)
                 if modes_node is not None else ("examen",))
        return Timer(minutes * 60_000, expiry, modes,
                     node.get("expiration").pos if node.get("expiration") else node.pos)  # type: ignore[union-attr]

    def persona(self, node: YNode | None) -> Persona | None:
        if self.mapping(node, "persona", ("role", "motivations", "patience", "humeur",
                                          "besoins_caches", "objections")) is None \
                or node is None:
            return None
        g = node.get
        motives = tuple(m for m in (self.choice(v, "persona.motivations", SONCAS)
                                    for v in self.sequence(g("motivations"),
                                                           "persona.motivations")) if m)
        patience = 3
        if g("patience") is not None:
            value = self.integer(g("patience"), "persona.patience")
            if value is not None and not 1 <= value <= 5:
                self.report(g("patience").pos,  # type: ignore[union-attr]
                            "persona.patience : un entier de 1 à 5 est attendu")
            elif value is not None:
                patience = value
        needs = tuple(HiddenNeed(i, t, p) for i, t, p in
                      self.id_texts(g("besoins_caches"), "besoins_caches"))
        objections = tuple(Objection(i, t, p) for i, t, p in
                           self.id_texts(g("objections"), "objections"))
        return Persona(
            role=self.text(g("role"), "persona.role"), motives=motives, patience=patience,
            mood=(self.string(g("humeur"), "persona.humeur") or "neutre")
            if g("humeur") is not None else "neutre",
            hidden_needs=needs, objections=objections, pos=node.pos)

    def id_texts(self, node: YNode | None, what: str) -> list[tuple[str, str, Any]]:
        out: list[tuple[str, str, Any]] = []
        seen: dict[str, YNode] = {}
        for item in self.sequence(node, what):
            if self.mapping(item, f"un élément de {what}", ("id", "texte"),
                            ("id", "texte")) is None:
                continue
            ident = self.ident(item.get("id"), f"{what}.id")
            text = self.string(item.get("texte"), f"{what}.texte")
            if ident is None or text is None:
                continue
            if ident in seen:
                self.report(item.get("id").pos,  # type: ignore[union-attr]
                            f"{what} : identifiant « {ident} » en double "
                            f"(déjà ligne {seen[ident].line})")
                continue
            seen[ident] = item
            out.append((ident, text, item.pos))
        return out

    # -- variables ---------------------------------------------------------------------
    def variables(self, node: YNode | None) -> dict[str, Variable]:
        out: dict[str, Variable] = {}
        for key, value in self.items(node, "variables"):
            errors = self.error_count()
            var = self.variable(key, value)
            if var is not None and self.error_count() == errors:
                out[var.name] = var
            elif self.error_count() > errors:
                self.damaged_variables.add(key.value)
                if var is not None:
                    out[var.name] = var
        return out

    def variable(self, key: YNode, node: YNode) -> Variable | None:
        from simulator.scenario.names import invalid_variable_name

        name = key.value
        bad = invalid_variable_name(name)
        if bad:
            self.report(key.pos, bad)
            return None
        what = f"la variable « {name} »"
        if self.mapping(node, what, ("type", "initial", "description"), ("type",)) is None:
            return None
        vtype = self.choice(node.get("type"), f"{what} : type", VAR_TYPES)
        if vtype is None:
            return None
        init_node = node.get("initial")
        defaults: dict[str, Value] = {"entier": 0, "decimal": 0.0, "booleen": False,
                                      "texte": ""}
        initial = defaults[vtype]
        if init_node is not None:
            value = self.typed_value(init_node, vtype, f"{what} : valeur initiale")
            if value is not None:
                initial = value
        return Variable(name, vtype, initial, key.pos)  # type: ignore[arg-type]

    def typed_value(self, node: YNode, vtype: str, what: str) -> Value | None:
        if vtype == "entier":
            return self.integer(node, what + " (entier)")
        if vtype == "decimal":
            number = self.number(node, what + " (décimal)")
            return float(number) if number is not None else None
        if vtype == "booleen":
            return self.boolean(node, what)
        return self.string(node, what)

    # -- nodes -------------------------------------------------------------------------
    def add_node(self, nodes: dict[str, Node], keys: dict[str, YNode], key: YNode,
                 value: YNode, origin: str | None) -> None:
        node_id = key.value
        if not _ident_ok(node_id):
            self.report(key.pos, f"identifiant de nœud invalide « {node_id} » (lettres "
                                 "sans accents, chiffres, « _ » ou « - »)")
            self.damaged.add(node_id)
            return
        if node_id in keys:
            other = keys[node_id]
            self.report(key.pos, f"nœud « {node_id} » déjà défini ({other.path}:"
                                 f"{other.line}:{other.col})")
            return
        keys[node_id] = key
        node = self.node(node_id, key, value, origin)
        if node is not None:
            nodes[node_id] = node
        else:
            self.damaged.add(node_id)

    def damaged_sections(self, root: YNode) -> frozenset[str]:
        """Top-level keys of the file whose lines hold an error."""
        keys = [k for k, _ in root.value]
        errors = [p.pos.line for p in self.problems
                  if p.is_error and p.pos.path == root.path]
        out = set()
        for index, key in enumerate(keys):
            last = keys[index + 1].line - 1 if index + 1 < len(keys) else 10 ** 9
            if any(key.line <= line <= last for line in errors):
                out.add(key.value)
        return frozenset(out)

    def mark_damaged(self, root: YNode) -> None:
        """Nodes of `root`'s `noeuds` whose lines hold an error are root causes."""
        block = root.get("noeuds")
        pairs = list(block.value) if block is not None and block.kind == "map" else []
        if not pairs:
            return
        following = [k.line for k, _ in root.value if k.line > pairs[-1][0].line]
        end = min(following) - 1 if following else 10 ** 9
        errors = [p.pos.line for p in self.problems
                  if p.is_error and p.pos.path == pairs[0][0].path]
        for index, (key, _value) in enumerate(pairs):
            last = pairs[index + 1][0].line - 1 if index + 1 < len(pairs) else end
            if any(key.line <= line <= last for line in errors):
                self.damaged.add(key.value)

    def node(self, node_id: str, key: YNode, value: YNode, origin: str | None) -> Node | None:
        what = f"le nœud « {node_id} »"
        if value.kind != "map":
            self.report(value.pos, f"{what} : un dictionnaire (type:, texte:, choix: …) est "
                                   f"attendu")
            return None
        kind = "dialogue"
        if value.get("type") is not None:
            kind = self.choice(value.get("type"), f"{what} : type", NODE_KINDS) or "dialogue"
        allowed = KIND_FIELDS[kind]
        elsewhere = {f: _kind_label(kind) for f in ALL_NODE_FIELDS if f not in allowed}
        self.mapping(value, what, allowed, (), elsewhere)
        g = value.get
        # A task's instructions come from the narrator, not the client.
        default_speaker = "narrateur" if kind == "tache" else "client"
        speaker = default_speaker
        if g("locuteur") is not None:
            speaker = (self.choice(g("locuteur"), f"{what} : locuteur", SPEAKERS)
                       or default_speaker)
        text = self.text(g("texte"), f"{what} : texte")
        variants = self.variants(g("variantes"), what)
        if kind in ("dialogue", "fin") and text is None and variants is None \
                and g("texte") is None:
            self.report(value.pos, f"{what} : « texte » ou « variantes » est obligatoire")
        reactions = tuple(self.reactions(g("reactions"), what))
        choices = tuple(self.choices(g("choix"), what, kind == "negociation"))
        common: dict[str, Any] = dict(id=node_id, kind=kind, pos=key.pos, speaker=speaker,
                                      text=text, variants=variants, reactions=reactions,
                                      choices=choices, origin=origin,
                                      fixed_order=self.choice_order(g("ordre"), what))
        if kind == "negociation":
            suites = g("suites")
            on_agreement = on_break = None
            if self.mapping(suites, f"{what} : suites", ("accord", "rupture"),
                            ("accord", "rupture")) is not None and suites is not None:
                on_agreement = self.ident(suites.get("accord"), "suites.accord")
                on_break = self.ident(suites.get("rupture"), "suites.rupture")
                self.remember(f"noeuds.{node_id}.suites.accord", suites.get("accord"))
                self.remember(f"noeuds.{node_id}.suites.rupture", suites.get("rupture"))
            elif suites is None:
                self.report(value.pos, f"{what} : « suites: {{accord: …, rupture: …}} » est "
                                       "obligatoire pour une négociation")
            self.remember(f"noeuds.{node_id}.produit", g("produit"))
            quantity = 1
            if g("quantite") is not None:
                quantity = self.integer(g("quantite"), f"{what} : quantite") or 1
            common.update(
                product=self.ident(g("produit"), f"{what} : produit"),
                quantity=quantity,
                client=self.tactics(g("client"), what),
                manager_agreement=self.expression(g("accord_manager"),
                                                  f"{what} : accord_manager"),
                on_agreement=on_agreement, on_break=on_break)
            if g("produit") is None:
                self.report(value.pos, f"{what} : « produit » est obligatoire pour une "
                                       "négociation")
        elif kind == "tache":
            if g("consigne") is None:
                self.report(value.pos, f"{what} : « consigne » est obligatoire pour une tâche")
            if g("suite") is None:
                self.report(value.pos, f"{what} : « suite » est obligatoire pour une tâche")
            common.update(instructions=self.text(g("consigne"), f"{what} : consigne"),
                          fields=tuple(self.task_fields(g("champs"), what)),
                          next=self.next(g("suite"), f"{what} : suite"))
        elif kind == "fin":
            if g("issue") is None:
                self.report(value.pos, f"{what} : « issue » est obligatoire pour une fin "
                                       f"({', '.join(OUTCOMES)})")
            common["outcome"] = self.choice(g("issue"), f"{what} : issue", OUTCOMES)
        return Node(**common)

    def variants(self, node: YNode | None, what: str) -> Variants | None:
        if self.mapping(node, f"{what} : variantes", ("mode", "textes"), ("textes",)) is None \
                or node is None:
            return None
        mode = "aleatoire"
        if node.get("mode") is not None:
            mode = self.choice(node.get("mode"), "variantes.mode", VARIANT_MODES) or mode
        texts = tuple(self.list_of(node.get("textes"), "variantes.textes", self.text))
        if not texts and node.get("textes") is not None:
            self.report(node.pos, "variantes : au moins un texte est attendu")
        return Variants(mode, texts, node.pos)  # type: ignore[arg-type]

    def reactions(self, node: YNode | None, what: str) -> list[Reaction]:
        out: list[Reaction] = []
        for item in self.sequence(node, f"{what} : reactions"):
            if self.mapping(item, "une réaction", ("si", "texte"), ("si", "texte")) is None:
                continue
            cond = self.expression(item.get("si"), "reaction.si")
            text = self.text(item.get("texte"), "reaction.texte")
            if cond is not None and text is not None:
                out.append(Reaction(cond, text, item.pos))
        return out

    def choices(self, node: YNode | None, what: str, negotiation: bool) -> list[Choice]:
        out: list[Choice] = []
        for item in self.sequence(node, f"{what} : choix"):
            choice = self.choice_item(item, what, negotiation)
            if choice is not None:
                out.append(choice)
        return out

    def choice_item(self, item: YNode, what: str, negotiation: bool) -> Choice | None:
        required = ("id", "texte") if negotiation else ("id", "texte", "suite")
        owner = f"du {what[3:]}" if what.startswith("le ") else f"de {what}"
        if self.mapping(item, f"un choix {owner}", CHOICE_FIELDS, required) is None:
            return None
        g = item.get
        cid = self.ident(g("id"), "choix.id")
        text = self.text(g("texte"), "choix.texte")
        id_node, text_node = g("id"), g("texte")
        if cid is None and id_node is not None and id_node.kind == "scalar":
            cid = str(id_node.value)          # reported; keep the choice for later checks
        if text is None and text_node is not None:
            text = Text("", text_node.pos)
        if cid is None or text is None:
            return None
        once = bool(self.boolean(g("une_fois"), "choix.une_fois")) \
            if g("une_fois") is not None else False
        effects_node = g("effets")
        if effects_node is not None and effects_node.kind == "scalar":
            effects = [e for e in [self.expression(effects_node, "choix.effets")] if e]
        else:
            effects = self.list_of(effects_node, "choix.effets", self.expression)
        return Choice(
            id=cid, text=text, pos=item.pos,
            next=self.next(g("suite"), f"choix « {cid} » : suite"),
            condition=self.expression(g("condition"), "choix.condition"),
            reason=self.string(g("raison"), "choix.raison"),
            once=once,
            acts=tuple(self.list_of(g("actes"), "choix.actes", self.ident)),
            effects=tuple(effects),
            reveals=tuple(self.list_of(g("revele"), "choix.revele", self.ident)),
            evidence=tuple(self.evidence_list(g("preuves"))),
            coach=self.string(g("coach"), "choix.coach"),
            reply=self.text(g("reponse"), "choix.reponse"),
            examples=tuple(self.list_of(g("exemples"), "choix.exemples", self.text)),
            patterns=tuple(self.list_of(g("motifs"), "choix.motifs", self.pattern)),
            last=bool(self.boolean(g("en_dernier"), "choix.en_dernier")),
        )

    def evidence_list(self, node: YNode | None) -> list[Evidence]:
        out: list[Evidence] = []
        for item in self.sequence(node, "preuves"):
            if self.mapping(item, "une preuve", ("critere", "poids", "justification",
                                                 "bloquant"),
                            ("critere", "justification")) is None:
                continue
            crit = self.string(item.get("critere"), "preuve.critere", allow_empty=False)
            weight = 1
            if item.get("poids") is not None:
                w = self.number(item.get("poids"), "preuve.poids")
                if w is not None and (w != int(w) or w == 0):
                    self.report(item.get("poids").pos,  # type: ignore[union-attr]
                                "preuve.poids : un entier non nul est attendu (1 : preuve "
                                "positive, -1 : preuve négative)")
                elif w is not None:
                    weight = int(w)
            just = self.string(item.get("justification"), "preuve.justification")
            blocking = False
            if item.get("bloquant") is not None:
                blocking = bool(self.boolean(item.get("bloquant"), "preuve.bloquant"))
                if blocking and weight > 0:
                    self.report(item.get("bloquant").pos,  # type: ignore[union-attr]
                                "preuve.bloquant : une faute bloquante a un poids négatif "
                                "(par exemple poids: -1)")
            if crit is not None and just is not None:
                crit_node = item.get("critere")
                out.append(Evidence(crit, weight, just,
                                    crit_node.pos if crit_node else item.pos, blocking))
        return out

    def next(self, node: YNode | None, what: str) -> NextT | None:
        if node is None:
            return None
        if node.kind == "scalar":
            target = self.ident(node, what)
            return NextT(pos=node.pos, target=target) if target else None
        if node.kind == "seq":
            branches: list[Branch] = []
            for i, item in enumerate(node.value):
                if self.mapping(item, f"{what} (branche)", ("si", "vers"), ("vers",)) is None:
                    continue
                target = self.ident(item.get("vers"), f"{what} : vers")
                cond = self.expression(item.get("si"), f"{what} : si") \
                    if item.get("si") is not None else None
                if cond is None and item.get("si") is None and i != len(node.value) - 1:
                    self.report(item.pos, f"{what} : seule la dernière branche peut omettre "
                                          "« si »")
                if target:
                    vers = item.get("vers")
                    branches.append(Branch(target, cond, vers.pos if vers else item.pos))
            return NextT(pos=node.pos, branches=tuple(branches))
        if "aleatoire" in node.keys:
            self.mapping(node, what, ("aleatoire",))
            weighted: list[WeightedTarget] = []
            for item in self.sequence(node.get("aleatoire"), f"{what} : aleatoire"):
                if self.mapping(item, f"{what} : aleatoire", ("vers", "poids"),
                                ("vers",)) is None:
                    continue
                target = self.ident(item.get("vers"), f"{what} : vers")
                weight: float = 1.0
                if item.get("poids") is not None:
                    w = self.number(item.get("poids"), f"{what} : poids")
                    if w is not None and w <= 0:
                        self.report(item.get("poids").pos,  # type: ignore[union-attr]
                                    f"{what} : le poids doit être un nombre positif")
                    elif w is not None:
                        weight = float(w)
                if target:
                    vers = item.get("vers")
                    weighted.append(WeightedTarget(target, weight,
                                                   vers.pos if vers else item.pos))
            return NextT(pos=node.pos, random=tuple(weighted))
        if "tirage" in node.keys:
            self.mapping(node, what, ("tirage", "sinon"), ("sinon",))
            draw: list[str] = []
            draw_pos = []
            for item in self.sequence(node.get("tirage"), f"{what} : tirage"):
                target = self.ident(item, f"{what} : tirage")
                if target:
                    draw.append(target)
                    draw_pos.append(item.pos)
            otherwise = self.ident(node.get("sinon"), f"{what} : sinon")
            return NextT(pos=node.pos, draw=tuple(draw), draw_pos=tuple(draw_pos),
                         otherwise=otherwise)
        self.report(node.pos, f"{what} : écrivez un identifiant de nœud, une liste de "
                              "branches (si/vers), « aleatoire: » ou « tirage: »"
                              f"{_dym_keys(node, ('aleatoire', 'tirage'))}")
        return None

    def tactics(self, node: YNode | None, what: str) -> ClientTactics | None:
        fields = ("tactique", "e", "tours_max", "poids", "ouverture", "reservation")
        if self.mapping(node, f"{what} : client", fields, ("tactique",)) is None \
                or node is None:
            return None
        g = node.get
        tactic = self.choice(g("tactique"), "client.tactique", TACTICS) or "lineaire"
        e = self.number(g("e"), "client.e") if g("e") is not None else None
        if e is not None and e <= 0:
            self.report(g("e").pos, "client.e : un nombre positif est attendu")  # type: ignore[union-attr]
        rounds = 6
        if g("tours_max") is not None:
            r = self.integer(g("tours_max"), "client.tours_max")
            if r is not None and r < 1:
                self.report(g("tours_max").pos,  # type: ignore[union-attr]
                            "client.tours_max : au moins 1")
            elif r is not None:
                rounds = r
        weights = self.issue_map(g("poids"), "client.poids", WEIGHT_ISSUES)
        if weights and abs(sum(weights.values()) - 1.0) > 0.01 and g("poids") is not None:
            self.report(g("poids").pos,  # type: ignore[union-attr]
                        f"client.poids : la somme des poids vaut {sum(weights.values()):g} "
                        "au lieu de 1", "avertissement")
        opening = self.issue_map(g("ouverture"), "client.ouverture", POSITION_ISSUES)
        reservation = self.issue_map(g("reservation"), "client.reservation", POSITION_ISSUES)
        for name, mine, other, where in (("ouverture", opening, reservation, g("ouverture")),
                                         ("reservation", reservation, opening,
                                          g("reservation"))):
            for issue in sorted(set(mine) - set(other)):
                self.report(where.pos if where else node.pos,
                            f"client.{name} : « {issue} » n'a pas de valeur dans l'autre "
                            "position (ouverture/reservation) : il sera ignoré",
                            "avertissement")
        for key, weight in weights.items():
            issue = "remise" if key == "prix" else key
            if weight <= 0 or (opening and issue not in opening):
                self.report(g("poids").pos,  # type: ignore[union-attr]
                            f"client.poids : « {key} » ne compte pas (poids nul ou pas de "
                            f"position d'ouverture pour « {issue} »)", "avertissement")
        return ClientTactics(tactic, float(e) if e is not None else None,  # type: ignore[arg-type]
                             rounds, weights, opening, reservation, node.pos)

    def issue_map(self, node: YNode | None, what: str,
                  allowed: tuple[str, ...]) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, value in self.items(node, what):
            if key.value not in allowed:
                self.report(key.pos, f"{what} : critère de négociation inconnu « {key.value} » "
                                     f"(possibles : {', '.join(allowed)})"
                                     f"{_dym(key.value, allowed)}")
                continue
            number = self.number(value, f"{what}.{key.value}")
            if number is not None:
                out[key.value] = float(number)
        return out

    def offer_step(self, node: YNode | None) -> dict[str, Any]:
        """A test plan's offer: issues, and `contreparties` (ids of COUNTERPARTS)."""
        out: dict[str, Any] = {}
        for key, value in self.items(node, "offrir"):
            if key.value == "contreparties":
                ids = to_plain(value)
                unknown = ([i for i in ids if i not in COUNTERPARTS]
                           if isinstance(ids, list) else None)
                if unknown is None or unknown:
                    self.report(key.pos, "offrir : contreparties inconnues ou mal écrites "
                                         f"(possibles : {', '.join(COUNTERPARTS)})")
                else:
                    out["contreparties"] = [str(i) for i in ids]
                continue
            if key.value not in OFFER_ISSUES:
                self.report(key.pos, f"offrir : critère de négociation inconnu « {key.value} » "
                                     f"(possibles : {', '.join(OFFER_ISSUES)}, contreparties)"
                                     f"{_dym(key.value, OFFER_ISSUES)}")
                continue
            number = self.number(value, f"offrir.{key.value}")
            if number is not None:
                out[key.value] = float(number)
        return out

    def task_fields(self, node: YNode | None, what: str) -> list[TaskField]:
        out: list[TaskField] = []
        seen: dict[str, YNode] = {}
        for item in self.sequence(node, f"{what} : champs"):
            if self.mapping(item, "un champ de tâche", TASK_FIELD_FIELDS,
                            ("id", "type")) is None:
                continue
            g = item.get
            fid = self.ident(g("id"), "champ.id")
            kind = self.choice(g("type"), "champ.type", FIELD_KINDS)
            if fid is None or kind is None:
                continue
            if fid in seen:
                self.report(g("id").pos, f"champ « {fid} » en double dans {what} "  # type: ignore[union-attr]
                                         f"(déjà ligne {seen[fid].line})")
                continue
            seen[fid] = item
            tol, relative = self.tolerance(g("tolerance"))
            out.append(TaskField(
                id=fid, kind=kind, label=self.string(g("libelle"), "champ.libelle") or fid,  # type: ignore[arg-type]
                pos=item.pos,
                expected=self.expression(g("attendu"), "champ.attendu"),
                tolerance=tol, tolerance_relative=relative,
                options=tuple(self.list_of(g("options"), "champ.options", self.string)),
                keywords=tuple(self.list_of(g("mots_cles"), "champ.mots_cles", self.string)),
                figures=tuple(self.figures(g("chiffres"), kind)),
                source=self.ident(g("source"), "champ.source"),
                expected_if=self.expression(g("attendu_si"), "champ.attendu_si"),
                criterion=self.string(g("critere"), "champ.critere"),
                coach=self.string(g("coach"), "champ.coach"),
            ))
        return out

    def figures(self, node: YNode | None, kind: str) -> list[ExpectedFigure]:
        """`chiffres:` of a text field: each `{attendu, tolerance, libelle}`."""
        if node is None:
            return []
        if kind != "texte":
            self.report(node.pos, "champ.chiffres : réservé aux champs de type « texte »")
            return []
        out: list[ExpectedFigure] = []
        for item in self.sequence(node, "champ.chiffres"):
            if self.mapping(item, "un chiffre attendu", FIGURE_FIELDS, ("attendu",)) is None:
                continue
            expected = self.expression(item.get("attendu"), "chiffre.attendu")
            if expected is None:
                continue
            tol, relative = self.tolerance(item.get("tolerance"))
            label = self.string(item.get("libelle"), "chiffre.libelle", allow_empty=False)
            out.append(ExpectedFigure(expected=expected, label=label or expected.source,
                                      pos=item.pos, tolerance=tol,
                                      tolerance_relative=relative))
        return out

    def tolerance(self, node: YNode | None) -> tuple[float | None, bool]:
        """`"1 %"` → (0.01, relative); a number → (n, absolute)."""
        if node is None:
            return None, False
        if node.kind == "scalar" and node.tag == "str":
            raw = node.value.strip().replace(",", ".")
            if raw.endswith("%"):
                try:
                    value = float(raw[:-1].strip())
                except ValueError:
                    value = -1.0
                if value >= 0:
                    return value / 100.0, True
        elif node.kind == "scalar" and node.tag in ("int", "float"):
            number = self.number(node, "champ.tolerance")
            if number is not None and number >= 0:
                return float(number), False
            if number is None:
                return None, False
        self.report(node.pos, "champ.tolerance : écrivez un pourcentage (\"1 %\") ou un "
                              "nombre positif (écart absolu)")
        return None, False

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


def _missing_fragment(rel: str) -> str:
    """« fragment introuvable », with the fix when the path is written the Windows way."""
    if "\\" in rel:
        fixed = rel.replace("\\", "/")
        return (f"fragment introuvable « {rel} » : écrivez les chemins avec « / » et non "
                f"« \\ » (inclure: [{fixed}])")
    if any(ord(ch) < 32 for ch in rel):
        return (f"fragment introuvable « {rel!r} » : une barre oblique inverse entre "
                "guillemets doubles devient un caractère spécial ; écrivez les chemins avec "
                "« / »")
    return f"fragment introuvable « {rel} » (chemin relatif au fichier du scénario)"


def _decision(node: YNode) -> str | None:
    """A decision as trainers write it: « acquis », « non acquis », « non_acquis »…"""
    if node.kind != "scalar" or not isinstance(node.value, str):
        return None
    import unicodedata

    raw = unicodedata.normalize("NFKD", node.value).encode("ascii", "ignore").decode()
    word = " ".join(raw.lower().replace("_", " ").replace("-", " ").split())
    return {"acquis": "acquis", "non acquis": "non acquis",
            "non evalue": "non évalué"}.get(word)


def _shown(node: YNode) -> str:
    return f"« {node.value} »" if node.kind == "scalar" else "(pas un texte)"


def _ident_ok(name: str) -> bool:
    import re

    return bool(re.match(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$", name))


def _dym(word: str, known: Any) -> str:
    from simulator.scenario.fields import did_you_mean

    return did_you_mean(word, known)


def _dym_keys(node: YNode, known: tuple[str, ...]) -> str:
    for key, _value in node.value:
        hint = _dym(key.value, known)
        if hint:
            return hint
    return ""


def _pos0(display: str) -> Pos:
    return Pos(display, 1, 1)


def _join_display(display: str, rel: str) -> str:
    import os

    return os.path.normpath(os.path.join(os.path.dirname(display), rel))


def load_file(path: Path, display: str | None = None) -> tuple[Scenario | None, list[Problem]]:
    """Build the scenario in `path`; return it (None if unreadable) and every problem.

    A fragment file gives (None, its structural problems): it has no graph of its own.
    """
    builder = ScenarioBuilder(path, display if display is not None else str(path))
    scenario = builder.build()
    return scenario, builder.problems

