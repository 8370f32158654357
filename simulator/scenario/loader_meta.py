"""Scenario loader, part 1: top-level metadata (client filters, timer, persona) and variables."""

from __future__ import annotations

from typing import Any

from simulator.scenario.loader_base import (
    CLIENT_FILTERS,
    MODES,
    VAR_TYPES,
    BuilderBase,
    _dym,
)
from simulator.scenario.model import (
    SONCAS,
    HiddenNeed,
    Objection,
    Persona,
    Timer,
    Value,
    Variable,
)
from simulator.scenario.yamlsource import YNode


class MetaReaders(BuilderBase):
    """Reads the scenario's metadata sections and its variables."""

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
