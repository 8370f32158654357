"""Checks of nodes: choices, branches and task fields."""

from __future__ import annotations

from typing import Any

from simulator.scenario.answers import option_pair
from simulator.scenario.checks_base import shift
from simulator.scenario.checks_refs import ReferenceChecks
from simulator.scenario.checks_texts import TextChecks
from simulator.scenario.fields import did_you_mean
from simulator.scenario.model import SPEECH_ACTS, Choice, Expression, Next, Node, Text
from simulator.scenario.names import ROW_NAME
from simulator.world.schema import COLLECTIONS, FIELDS


class NodeChecks(TextChecks, ReferenceChecks):
    """Each node, its choices and its task fields, with their texts and expressions."""

    # -- nodes -------------------------------------------------------------------------
    def check_node(self, node: Node) -> None:
        self.placeholders(node.text)
        if node.variants:
            for t in node.variants.texts:
                self.placeholders(t)
        for reaction in node.reactions:
            self.expression(reaction.condition)
            self.placeholders(reaction.text)
        self.placeholders(node.instructions)
        seen: dict[str, Choice] = {}
        for choice in node.choices:
            if choice.id in seen:
                self.report(choice.pos, f"choix « {choice.id} » en double dans le nœud "
                                        f"« {node.id} » (déjà ligne {seen[choice.id].pos.line})")
            else:
                seen[choice.id] = choice
            self.check_choice(node, choice)
        if node.kind == "dialogue" and node.choices and all(c.condition for c in node.choices):
            self.report(node.pos, f"toutes les réponses du nœud « {node.id} » ont une condition : "
                                  "si aucune n'est vraie, la session reste bloquée ; ajoutez une "
                                  "réponse sans condition", "avertissement")
        if node.kind == "negociation":
            self.expression(node.manager_agreement)
        if node.next:
            self.check_branches(node.next)
        for fld in node.fields:
            self.check_field(node, fld)

    def check_choice(self, node: Node, choice: Choice) -> None:
        self.placeholders(choice.text)
        self.placeholders(choice.reply)
        for extra in (choice.reason, choice.coach):
            if extra:
                self.placeholders(Text(extra, choice.pos), exact=False)
        self.expression(choice.condition)
        if choice.reason is not None and choice.condition is None:
            self.report(choice.pos, f"choix « {choice.id} » : « raison » sans « condition » "
                                    "ne sert à rien", "avertissement")
        for effect in choice.effects:
            self.effect(effect)
        for act in choice.acts:
            if act not in SPEECH_ACTS:
                self.report(choice.pos, f"choix « {choice.id} » : acte de langage inconnu "
                                        f"« {act} »{did_you_mean(act, SPEECH_ACTS)}")
        for need in choice.reveals:
            self.revealed.add(need)
            if need not in self.needs and "persona" not in self.sc.damaged_sections:
                where = "" if self.sc.persona else " (le scénario n'a pas de persona)"
                self.report(choice.pos, f"choix « {choice.id} » : besoin caché inconnu "
                                        f"« {need} » dans « revele »{where}"
                                        f"{did_you_mean(need, self.needs)}")
        for ev in choice.evidence:
            self.criterion(ev.criterion, ev.pos)
        if choice.next:
            self.check_branches(choice.next)

    def check_branches(self, nxt: Next) -> None:
        for branch in nxt.branches:
            self.expression(branch.condition)
        if nxt.branches and nxt.branches[-1].condition is not None:
            self.report(nxt.branches[-1].pos, "suite conditionnelle sans branche par défaut : "
                                              "si aucune condition n'est vraie, la session reste "
                                              "bloquée ; terminez par « - vers: … » sans « si »",
                        "avertissement")

    def check_field(self, node: Node, fld: Any) -> None:
        what = f"champ « {fld.id} » du nœud « {node.id} »"
        if fld.coach:
            self.placeholders(Text(fld.coach, fld.pos), exact=False)
        if fld.kind in ("nombre", "choix") and fld.expected is None:
            self.report(fld.pos, f"{what} : « attendu » est obligatoire pour le type "
                                 f"« {fld.kind} »")
        if fld.kind == "choix" and not fld.options:
            self.report(fld.pos, f"{what} : « options » est obligatoire pour le type « choix »")
        if fld.kind in ("selection", "tournee"):
            if fld.source is None:
                self.report(fld.pos, f"{what} : « source » est obligatoire (une collection du "
                                     f"monde : {', '.join(sorted(COLLECTIONS))})")
            elif fld.source not in COLLECTIONS:
                self.report(fld.pos, f"{what} : source inconnue « {fld.source} » "
                                     f"(possibles : {', '.join(sorted(COLLECTIONS))})"
                                     f"{did_you_mean(fld.source, COLLECTIONS)}")
        if fld.kind == "selection" and fld.expected_if is None:
            self.report(fld.pos, f"{what} : « attendu_si » est obligatoire pour une sélection")
        for fig in fld.figures:
            self.expression(fig.expected)
        if fld.kind == "texte" and not fld.keywords and not fld.figures:
            # The engine grades a text answer by its keywords only (not « attendu »).
            self.report(fld.pos, f"{what} : champ texte sans mots_cles : toute réponse serait "
                                 "jugée juste")
        if fld.kind == "choix" and fld.expected is not None \
                and fld.expected.source.strip() in fld.options:
            word = fld.expected.source.strip()
            self.report(fld.expected.pos, f"{what} : « attendu » est une expression ; pour "
                                          f"l'option « {word} », écrivez attendu: \"'{word}'\"")
            parsed = None
        else:
            parsed = self.expression(fld.expected)
        if parsed is not None and fld.kind == "choix" and fld.options \
                and self.static_type(parsed) == "booleen":
            self.boolean_options(what, fld)
            parsed = None
        if parsed is not None and fld.kind == "choix" and fld.options:
            is_const, value = parsed.constant()
            if is_const and str(value) not in fld.options:
                self.report(fld.expected.pos, f"{what} : la réponse attendue « {value} » "
                                              "n'est pas dans les options")
        if fld.expected_if is not None:
            self.row_expression(fld.expected_if, fld.source)
        if fld.criterion is not None:
            self.criterion(fld.criterion, fld.pos)

    def boolean_options(self, what: str, fld: Any) -> None:
        """A yes/no answer: the options must be a pair the engine maps vrai/faux onto."""
        if option_pair(fld.options) is None:
            self.report(fld.expected.pos, (
                f"{what} : « attendu » est un booléen (vrai ou faux) mais les options "
                f"({', '.join(fld.options)}) ne sont pas une paire oui/non ou vrai/faux ; "
                "écrivez options: [oui, non], ou un attendu qui donne l'option "
                "(attendu: \"si(condition, 'A', 'B')\")"))

    def row_expression(self, expr: Expression, source: str | None) -> None:
        parsed = self.expression(expr, frozenset({ROW_NAME}))
        if parsed is None or source not in FIELDS:
            return
        fields = FIELDS[source]
        for ref in parsed.references():
            if ref.path[0] == ROW_NAME and len(ref.path) > 1 and ref.path[1] not in fields:
                self.report(shift(expr.pos, ref.column),
                            f"expression : champ inconnu « {ref.path[1]} » d'une ligne de "
                            f"« {source} »{did_you_mean(ref.path[1], fields)}")
