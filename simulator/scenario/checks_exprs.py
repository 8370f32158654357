"""Checks of expressions: conditions, effects (targets, types), names and session calls."""

from __future__ import annotations

from simulator.scenario.checks_base import _WORD, CheckerBase, shift
from simulator.scenario.expressions import (
    Expr,
    ExpressionError,
    parse_assignment,
    parse_expression,
    undefined_names,
)
from simulator.scenario.fields import did_you_mean
from simulator.scenario.model import Expression, Pos
from simulator.scenario.names import WORLD_ROOTS
from simulator.world.schema import FIELDS


class ExpressionChecks(CheckerBase):
    """Conditions and effects parse, name known values and fit the variable types."""

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
