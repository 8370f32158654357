"""Checks of references outside the graph: referential, seller dossier, shipped id, test plans."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from simulator.scenario.checks_base import CheckerBase
from simulator.scenario.fields import did_you_mean
from simulator.scenario.model import Pos
from simulator.scenario.referential import FastSafeLoader, available_referentials


class ReferenceChecks(CheckerBase):
    """Criteria, competences, products and test-plan targets exist where they point."""

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
