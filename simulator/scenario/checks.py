"""Static checks of a loaded scenario: graph, expressions, texts, referential, test plans.

Each check reports `Problem`s with the position of the offending text. Errors make the
scenario unusable (or the library unclean: unreachable nodes are errors too); warnings
point at probable mistakes that do not block a session.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from simulator.scenario import inline
from simulator.scenario.answers import option_pair
from simulator.scenario.checks_graph import check_graph
from simulator.scenario.expressions import (
    Expr,
    ExpressionError,
    parse_assignment,
    parse_expression,
    undefined_names,
)
from simulator.scenario.fields import did_you_mean
from simulator.scenario.model import (
    SPEECH_ACTS,
    Choice,
    Expression,
    Next,
    Node,
    Pos,
    Scenario,
    Text,
)
from simulator.scenario.names import ROW_NAME, WORLD_ROOTS
from simulator.scenario.placeholders import ANY_BRACES, read_body
from simulator.scenario.problems import Problem, Severity
from simulator.scenario.referential import (
    FastSafeLoader,
    available_referentials,
    load_referential_ids,
)
from simulator.world.schema import COLLECTIONS, FIELDS, OPTIONAL_FIELDS

_COMPETENCE = re.compile(r"^C\d+$")
_WORD = re.compile(r"[A-Za-z_]\w*")


# Example fallbacks shown in the warning for a field that can be empty.
_FALLBACK_HINTS: dict[str, str] = {
    "concurrent": "un concurrent", "dernier_contact": "jamais", "derniere_commande": "aucune",
    "telephone": "numéro inconnu", "email": "adresse inconnue",
}


def shift(pos: Pos, column: int) -> Pos:
    """Position of the `column`-th character (1-based) of a text starting at `pos`."""
    return Pos(pos.path, pos.line, pos.col + max(column, 1) - 1)


class Checker:
    """Runs every check on one scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.problems: list[Problem] = []
        self.known = set(scenario.variables) | set(WORLD_ROOTS)
        self.used_vars: set[str] = set()       # read somewhere (condition, text, value)
        self.written_vars: set[str] = set()    # target of an effect
        self.tested_vars = {name for plan in scenario.tests if plan.expect is not None
                            for name in plan.expect.variables}
        self.needs = ({n.id for n in scenario.persona.hidden_needs}
                      if scenario.persona else set())
        self.revealed: set[str] = set()
        self.task_nodes = {n.id for n in scenario.nodes.values() if n.kind == "tache"}
        self.task_fields = {f.id for n in scenario.nodes.values() if n.kind == "tache"
                            for f in n.fields}
        self.ref = load_referential_ids(scenario.referential)
        self._sources: dict[str, list[str]] = {}
        if not any(n.kind == "negociation" for n in scenario.nodes.values()):
            # `produit` is the product of the negotiation being played: none here.
            self.known.discard("produit")

    def report(self, pos: Pos, message: str, severity: Severity = "erreur") -> None:
        self.problems.append(Problem(pos, message, severity))

    def where(self, key: str) -> Pos:
        return self.sc.positions.get(key, self.sc.pos)

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

    # -- expressions -------------------------------------------------------------------
    def expression(self, expr: Expression | None, extra: frozenset[str] = frozenset(),
                   ) -> Expr | None:
        if expr is None:
            return None
        try:
            parsed = parse_expression(expr.source)
        except ExpressionError as exc:
            self.report(shift(expr.pos, exc.column), f"expression invalide : {exc.message}")
            self.used_vars.update(_WORD.findall(expr.source))   # no « never read » cascade
            return None
        self.names(parsed, expr.pos, extra)
        return parsed

    def names(self, parsed: Expr, pos: Pos, extra: frozenset[str] = frozenset(),
              offset: int = 0) -> None:
        known = self.known | extra | self.sc.damaged_variables
        if self.sc.incomplete or "variables" in self.sc.damaged_sections:
            known = known | parsed.names()
        for err in undefined_names(parsed, known):
            self.report(shift(pos, err.column + offset), f"expression : {err.message}")
        for ref in parsed.references():
            root = ref.path[0]
            self.used_vars.add(root)
            if len(ref.path) < 2:
                continue
            if root in self.sc.variables:
                self.report(shift(pos, ref.column + offset),
                            f"expression : la variable « {root} » n'a pas de champ "
                            f"« {ref.path[1]} »")
            elif root in FIELDS and ref.path[1] not in FIELDS[root]:
                self.report(shift(pos, ref.column + offset),
                            f"expression : champ inconnu « {ref.path[1]} » de « {root} »"
                            f"{did_you_mean(ref.path[1], FIELDS[root])}")
        for node_id in parsed.node_refs():
            if node_id not in self.sc.nodes and not self.sc.follow_on:
                self.report(pos, f"visites() : nœud inconnu « {node_id} »"
                                 f"{did_you_mean(node_id, self.sc.nodes)}")
        for need in parsed.need_refs():
            if need not in self.needs and "persona" not in self.sc.damaged_sections:
                self.report(pos, f"revele() : besoin caché inconnu « {need} »"
                                 f"{did_you_mean(need, self.needs)}")
        self.task_calls(parsed, pos, offset)

    def task_calls(self, parsed: Expr, pos: Pos, offset: int = 0) -> None:
        """`reussi(champ)` names a task field, `score_tache(noeud)` a task node."""
        for func, ref, column in parsed.session_refs():
            at = shift(pos, column + offset)
            if func == "reussi" and ref not in self.task_fields:
                hint = did_you_mean(ref, self.task_fields)
                self.report(at, f"reussi() : champ de tâche inconnu « {ref} »{hint}"
                            if self.task_fields else
                            f"reussi() : champ de tâche inconnu « {ref} » (le scénario n'a "
                            "aucune tâche)")
            elif func == "accord_hors_limites" and (
                    ref not in self.sc.nodes or self.sc.nodes[ref].kind != "negociation"):
                self.report(at, f"accord_hors_limites() : « {ref} » n'est pas un nœud de "
                                f"négociation{did_you_mean(ref, self.sc.nodes)}")
            elif func == "score_tache" and ref not in self.task_nodes:
                if ref in self.sc.nodes:
                    self.report(at, f"score_tache() : le nœud « {ref} » n'est pas une tâche "
                                    "(type: tache)")
                else:
                    self.report(at, f"score_tache() : nœud de tâche inconnu « {ref} »"
                                    f"{did_you_mean(ref, self.task_nodes)}")

    def effect(self, expr: Expression) -> None:
        try:
            assign = parse_assignment(expr.source)
        except ExpressionError as exc:
            self.report(shift(expr.pos, exc.column), f"effet invalide : {exc.message}")
            self.used_vars.update(_WORD.findall(expr.source))
            return
        var = self.sc.variables.get(assign.target)
        target_pos = shift(expr.pos, assign.target_column)
        if var is None and (self.sc.incomplete or assign.target in self.sc.damaged_variables
                            or "variables" in self.sc.damaged_sections):
            pass                      # declared in the unreadable fragment, or broken
        elif var is None:
            if assign.target in WORLD_ROOTS:
                self.report(target_pos, f"effet : « {assign.target} » est une donnée du monde, "
                                        "elle ne peut pas être modifiée")
            else:
                self.report(target_pos, f"effet : variable inconnue « {assign.target} »"
                                        f"{did_you_mean(assign.target, self.sc.variables)} "
                                        "(déclarez-la dans « variables: »)")
        self.written_vars.add(assign.target)
        self.names(assign.value, expr.pos, offset=assign.value_column - 1)
        if var is None:
            return
        value_type = self.static_type(assign.value)
        value_pos = shift(expr.pos, assign.value_column)
        if assign.op != "=" and var.type in ("booleen",):
            self.report(target_pos, f"effet : « {assign.op} » impossible sur la variable "
                                    f"booléenne « {var.name} » (utilisez « = »)")
        elif assign.op in ("-=", "*=") and var.type == "texte":
            self.report(target_pos, f"effet : « {assign.op} » impossible sur la variable "
                                    f"texte « {var.name} »")
        elif value_type is not None and not _compatible(var.type, value_type, assign.op):
            self.report(value_pos, f"effet : la variable « {var.name} » est de type "
                                   f"{var.type}, la valeur est {_TYPE_FR[value_type]}")

    def static_type(self, parsed: Expr) -> str | None:
        is_const, value = parsed.constant()
        if is_const:
            if isinstance(value, bool):
                return "booleen"
            if isinstance(value, int):
                return "entier"
            if isinstance(value, float):
                return "decimal"
            if isinstance(value, str):
                return "texte"
            return None
        if parsed.is_boolean():
            return "booleen"
        refs = parsed.references()
        if len(refs) == 1 and len(refs[0].path) == 1 and parsed.source.strip() == refs[0].path[0]:
            var = self.sc.variables.get(refs[0].path[0])
            return var.type if var else None
        return None

    # -- texts -------------------------------------------------------------------------
    def placeholders(self, text: Text | None, extra: frozenset[str] = frozenset(),
                     exact: bool = True) -> None:
        """Check `{…}` in a text; `exact=False` when `text.pos` is not the text's start."""
        if text is None:
            return
        if "{si" in text.value:
            text = self.inline_conditionals(text, extra)
        cursor = (text.pos.line, text.pos.col)
        for m in ANY_BRACES.finditer(text.value):
            body = m.group(1)
            if body is None:
                continue
            found_at = self.locate(text.pos.path, m.group(0), cursor)
            if found_at is not None:
                cursor = (found_at.line, found_at.col + 1)
                pos = found_at
            else:
                pos = _text_pos(text, m.start()) if exact else text.pos
            reading = read_body(body)
            if reading.path is None:
                self.report(pos, f"espace réservé mal formé « {{{body}}} » (écrivez par "
                                 "exemple {client.raison_sociale} ; pour une accolade, {{ ou }})")
                continue
            if reading.problem is not None:
                self.report(pos, f"espace réservé « {{{body}}} » : {reading.problem}")
                continue
            self.placeholder_path(pos, reading.path, reading.fallback, extra)

    def placeholder_path(self, pos: Pos, path: str, fallback: str | None,
                         extra: frozenset[str]) -> None:
        """The named value exists; warn when it can be empty and has no fallback."""
        parts = path.split(".")
        root = parts[0]
        known = self.known | extra
        self.used_vars.add(root)
        if root == "produit" and root not in known:
            self.report(pos, f"espace réservé « {{{path}}} » : « produit » est le "
                             "produit négocié, il n'existe que dans un scénario avec un "
                             "nœud de négociation")
        elif root not in known:
            self.report(pos, f"espace réservé inconnu « {{{path}}} »"
                             f"{did_you_mean(root, known)}")
        elif len(parts) > 1 and root in FIELDS and parts[1] not in FIELDS[root]:
            self.report(pos, f"espace réservé : champ inconnu « {parts[1]} » de "
                             f"« {root} »{did_you_mean(parts[1], FIELDS[root])}")
        elif len(parts) > 1 and root in self.sc.variables:
            self.report(pos, f"espace réservé : la variable « {root} » n'a pas de champ "
                             f"« {parts[1]} »")
        elif (fallback is None and len(parts) == 2 and root in FIELDS
              and parts[1] in OPTIONAL_FIELDS.get(root, frozenset())):
            self.report(pos, f"espace réservé « {{{path}}} » : ce champ peut être vide ; "
                             f"donnez un texte de repli, par exemple "
                             f"{{{path}|{_FALLBACK_HINTS.get(parts[1], '…')}}}",
                        "avertissement")

    def inline_conditionals(self, text: Text, extra: frozenset[str]) -> Text:
        """Check `{si condition : a | b}` segments; the text left for placeholder checks."""
        try:
            segments = inline.conditionals(text.value)
        except inline.InlineError as exc:
            self.report(self.locate(text.pos.path, "{si", (text.pos.line, text.pos.col))
                        or text.pos, exc.message)
            return Text(inline.masked(text.value), text.pos)
        cursor = (text.pos.line, text.pos.col)
        for seg in segments:
            start = self.locate(text.pos.path, "{si", cursor) or text.pos
            cursor = (start.line, start.col + 1)
            self.expression(Expression(seg.condition,
                                       shift(start, seg.condition_at - seg.start + 1)), extra)
            for part, at in ((seg.then, seg.then_at), (seg.otherwise, seg.otherwise_at)):
                if part:
                    self.placeholders(Text(part, shift(start, at - seg.start + 1)), extra,
                                      exact=False)
        return Text(inline.masked(text.value), text.pos)

    def locate(self, path: str, needle: str, start: tuple[int, int]) -> Pos | None:
        """Where `needle` appears in the source from `start` on (texts may be folded)."""
        lines = self.source_lines(path)
        line, col = start
        for index in range(line - 1, min(len(lines), line + 60)):
            found = lines[index].find(needle, col - 1 if index == line - 1 else 0)
            if found >= 0:
                return Pos(path, index + 1, found + 1)
        return None

    def source_lines(self, path: str) -> list[str]:
        if path not in self._sources:
            try:
                self._sources[path] = Path(path).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._sources[path] = []
        return self._sources[path]

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

    # -- referential -------------------------------------------------------------------
    def criterion(self, crit: str, pos: Pos) -> None:
        if self.ref is None:
            return
        if crit not in self.ref.criteria:
            self.report(pos, f"critère « {crit} » absent du référentiel "
                             f"{self.sc.referential}{did_you_mean(crit, self.ref.criteria)}")

    def check_referential(self) -> None:
        sc = self.sc
        if self.ref is None:
            self.report(self.where("referentiel"),
                        f"référentiel inconnu « {sc.referential} » (disponibles : "
                        f"{', '.join(available_referentials()) or 'aucun'})")
            return
        given = {c[:c.index(".")] for c in self._evidence_criteria() if "." in c}
        for i, comp in enumerate(sc.competences):
            pos = self.where(f"competences.{i}")
            if comp not in self.ref.competences:
                self.report(pos, f"compétence inconnue « {comp} » dans le référentiel "
                                 f"{sc.referential} (possibles : "
                                 f"{', '.join(sorted(self.ref.competences))})")
            elif comp not in given and not sc.follow_on:
                self.report(pos, f"compétence visée « {comp} » : aucun choix ni aucune tâche "
                                 f"ne donne de preuve sur un critère {comp}.x")

    def _evidence_criteria(self) -> Iterator[str]:
        for node in self.sc.nodes.values():
            for choice in node.choices:
                for ev in choice.evidence:
                    yield ev.criterion
            for fld in node.fields:
                if fld.criterion:
                    yield fld.criterion
                if fld.kind == "tournee":
                    yield "C1.6"           # route analyser
            if node.kind == "negociation":
                yield "C3.3"               # concession and authority analysers
                yield "C3.4"

    def check_shipped_id(self) -> None:
        """A shipped scenario is found by its file name: the id must match it."""
        from simulator.scenario.library import scenarios_dir

        path = Path(self.sc.path)
        try:
            shipped = path.resolve().parent == scenarios_dir().resolve()
        except OSError:
            return
        if shipped and self.sc.id and self.sc.id != path.stem:
            self.report(self.where("id"), f"l'identifiant « {self.sc.id} » d'un scénario fourni "
                                          f"doit être le nom de son fichier ({path.stem})")

    # -- seller dossier ----------------------------------------------------------------
    def check_seller(self) -> None:
        sc = self.sc
        negotiations = [n for n in sc.nodes.values() if n.kind == "negociation"]
        if sc.seller is None:
            for node in negotiations:
                self.report(node.pos, f"nœud « {node.id} » : une négociation demande un "
                                      "« dossier_vendeur » (les produits et leurs prix)")
            return
        products = _product_ids(sc.seller)
        if products is None:
            known = _dossier_ids()
            self.report(self.where("dossier_vendeur"),
                        f"dossier vendeur introuvable « {sc.seller} » (dossiers disponibles : "
                        f"{', '.join(known) or 'aucun'}){did_you_mean(sc.seller, known)}")
            return
        for node in negotiations:
            if node.product is not None and node.product not in products:
                self.report(self.where(f"noeuds.{node.id}.produit"),
                            f"produit « {node.product} » absent du dossier « {sc.seller} »"
                            f"{did_you_mean(node.product, products)}")

    # -- test plans --------------------------------------------------------------------
    def check_tests(self) -> None:
        sc = self.sc
        if sc.follow_on:
            return      # a broken node or fragment may define the choices the plans name
        choice_ids = {c.id for n in sc.nodes.values() for c in n.choices}
        field_ids = {f.id for n in sc.nodes.values() for f in n.fields}
        for plan in sc.tests:
            for step in plan.steps:
                value = step.value
                if step.action == "choisir" and isinstance(value, str) \
                        and value not in choice_ids:
                    self.report(step.pos, f"test « {plan.name} » : choix inconnu « {value} »"
                                          f"{did_you_mean(value, choice_ids)}")
                elif step.action == "dire" and isinstance(value, dict):
                    target = value.get("choix")
                    if isinstance(target, str) and target not in choice_ids:
                        self.report(step.pos, f"test « {plan.name} » : choix inconnu "
                                              f"« {target} »{did_you_mean(target, choice_ids)}")
                elif step.action == "repondre" and isinstance(value, dict):
                    for key in value:
                        if key not in field_ids:
                            self.report(step.pos, f"test « {plan.name} » : champ de tâche "
                                                  f"inconnu « {key} »"
                                                  f"{did_you_mean(key, field_ids)}")
            exp = plan.expect
            if exp is None:
                continue
            if exp.node is not None and exp.node not in sc.nodes:
                self.report(exp.pos, f"test « {plan.name} » : nœud attendu inconnu "
                                     f"« {exp.node} »{did_you_mean(exp.node, sc.nodes)}")
            for i, crit in enumerate(exp.evidence):
                self.criterion(crit.lstrip("-+!").strip(),
                               exp.positions.get(f"preuves.{i}", exp.pos))
            for crit in exp.criteria:
                self.criterion(crit, exp.positions.get(f"criteres.{crit}", exp.pos))
            for i, crit in enumerate(exp.blocking or ()):
                self.criterion(crit, exp.positions.get(f"bloquantes.{i}", exp.pos))


_TYPE_FR = {"entier": "un entier", "decimal": "un décimal", "booleen": "un booléen",
            "texte": "un texte"}


def _compatible(var_type: str, value_type: str, op: str) -> bool:
    if var_type == value_type:
        return True
    if var_type == "decimal" and value_type == "entier":
        return True
    if var_type == "texte" and op == "+=":
        return value_type == "texte"
    return False


def _text_pos(text: Text, offset: int) -> Pos:
    before = text.value[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return shift(text.pos, offset + 1)
    # Literal blocks keep their lines: same indentation as the first content line.
    in_line = offset - before.rfind("\n") - 1
    return Pos(text.pos.path, text.pos.line + newlines, text.pos.col + in_line)


@functools.lru_cache(maxsize=16)
def _product_ids(seller: str) -> frozenset[str] | None:
    """Product ids of scenarios/dossiers/<seller>.yaml, None when there is no such dossier.

    Read directly (C safe loader, ids only): the full world dossier loader is much slower
    and validation only needs the ids.
    """
    from simulator.scenario.library import scenarios_dir

    if not re.match(r"^[a-z0-9][a-z0-9-]*$", seller):
        return None
    path = scenarios_dir() / "dossiers" / f"{seller}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FastSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    return frozenset(str(p.get("id")) for p in data.get("produits") or []
                     if isinstance(p, dict))


def _dossier_ids() -> list[str]:
    from simulator.scenario.library import scenarios_dir

    return sorted(p.stem for p in (scenarios_dir() / "dossiers").glob("*.yaml"))


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every static check on a loaded scenario."""
    from simulator.scenario.checks_growth import check_growth
    from simulator.scenario.checks_order import check_order

    return Checker(scenario).run() + check_growth(scenario) + check_order(scenario)
