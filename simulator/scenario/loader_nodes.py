"""Scenario loader, part 3: nodes, their choices, evidence and transitions."""

from __future__ import annotations

from typing import Any

from simulator.scenario.loader_base import (
    ALL_NODE_FIELDS,
    CHOICE_FIELDS,
    KIND_FIELDS,
    VARIANT_MODES,
    _dym_keys,
    _ident_ok,
    _kind_label,
)
from simulator.scenario.loader_forms import FormReaders
from simulator.scenario.model import (
    NODE_KINDS,
    OUTCOMES,
    SPEAKERS,
    Branch,
    Choice,
    Evidence,
    Node,
    Reaction,
    Text,
    Variants,
    WeightedTarget,
)
from simulator.scenario.model import Next as NextT
from simulator.scenario.yamlsource import YNode


class NodeReaders(FormReaders):
    """Reads the nodes of `noeuds:` (of a file or a fragment)."""

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
        if kind == "negociation" and g("ordre") is not None and not common["fixed_order"] \
                and g("ordre").value == "melange":  # type: ignore[union-attr]
            self.report(g("ordre").pos,  # type: ignore[union-attr]
                        f"{what} : « ordre: melange » est sans effet dans une négociation "
                        "(ses répliques gardent toujours l'ordre écrit)", "avertissement")
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
