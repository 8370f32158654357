"""Scenario loader, part 2: a negotiation's client tactics and a task's form fields."""

from __future__ import annotations

from typing import Any

from simulator.scenario.loader_base import (
    FIELD_KINDS,
    FIGURE_FIELDS,
    POSITION_ISSUES,
    TACTICS,
    TASK_FIELD_FIELDS,
    WEIGHT_ISSUES,
    _dym,
)
from simulator.scenario.loader_meta import MetaReaders
from simulator.scenario.model import (
    COUNTERPARTS,
    OFFER_ISSUES,
    ClientTactics,
    ExpectedFigure,
    TaskField,
)
from simulator.scenario.yamlsource import YNode, to_plain


class FormReaders(MetaReaders):
    """Reads client tactics, offers and task fields."""

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
            self._issue_value(out, key, value, what, allowed)
        return out

    def _issue_value(self, out: dict[str, Any], key: YNode, value: YNode, what: str,
                     allowed: tuple[str, ...], also: str = "") -> None:
        """One negotiation issue of a map: an unknown key is reported, else its number kept."""
        if key.value not in allowed:
            self.report(key.pos, f"{what} : critère de négociation inconnu « {key.value} » "
                                 f"(possibles : {', '.join(allowed)}{also})"
                                 f"{_dym(key.value, allowed)}")
            return
        number = self.number(value, f"{what}.{key.value}")
        if number is not None:
            out[key.value] = float(number)

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
            self._issue_value(out, key, value, "offrir", OFFER_ISSUES, ", contreparties")
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
