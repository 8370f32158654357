"""Hand-built scenarios and a small world for the engine tests (no loader, no generator)."""

from __future__ import annotations

from typing import Any

from simulator.engine import Session
from simulator.log.clock import ManualClock
from simulator.scenario.model import (
    Branch,
    Choice,
    ClientTactics,
    Evidence,
    Expression,
    HiddenNeed,
    Next,
    Node,
    Persona,
    Pos,
    Reaction,
    Scenario,
    TaskField,
    Text,
    Timer,
    Variable,
    Variants,
    WeightedTarget,
)

P = Pos("essai.yaml", 3, 5)


def ex(src: str) -> Expression:
    return Expression(src, P)


def tx(src: str) -> Text:
    return Text(src, P)


def to(target: str) -> Next:
    return Next(P, target=target)


def branches(*arms: tuple[str | None, str]) -> Next:
    return Next(P, branches=tuple(Branch(t, ex(c) if c else None, P) for c, t in arms))


def random_next(**weights: float) -> Next:
    return Next(P, random=tuple(WeightedTarget(t, w, P) for t, w in weights.items()))


def draw(*targets: str, otherwise: str) -> Next:
    return Next(P, draw=targets, draw_pos=tuple(P for _ in targets), otherwise=otherwise)


def choice(cid: str, text: str = "", nxt: Next | str | None = None, **kw: Any) -> Choice:
    if isinstance(nxt, str):
        nxt = to(nxt)
    if "effects" in kw:
        kw["effects"] = tuple(ex(e) for e in kw["effects"])
    if "condition" in kw and isinstance(kw["condition"], str):
        kw["condition"] = ex(kw["condition"])
    if "evidence" in kw:
        kw["evidence"] = tuple(Evidence(c, w, j, P) for c, w, j in kw["evidence"])
    return Choice(id=cid, text=tx(text or cid), pos=P, next=nxt, **kw)


def node(nid: str, kind: str = "dialogue", text: str | None = None, **kw: Any) -> Node:
    return Node(id=nid, kind=kind, pos=P, text=tx(text) if text is not None else None,  # type: ignore[arg-type]
                **kw)


def end(nid: str, outcome: str = "succes", text: str = "Au revoir.") -> Node:
    return node(nid, "fin", text, outcome=outcome)


def variables(**spec: tuple[str, Any]) -> dict[str, Variable]:
    return {n: Variable(n, t, v, P) for n, (t, v) in spec.items()}  # type: ignore[arg-type]


PERSONA = Persona(role=None, motives=("securite",), patience=2, mood="mefiant",
                  hidden_needs=(HiddenNeed("arrets", "Deux arrêts de ligne cet hiver.", P),),
                  objections=(), pos=P)


def scenario(nodes: list[Node], start: str | None = None, *,
             vars: dict[str, Variable] | None = None, timer: Timer | None = None,
             persona: Persona | None = PERSONA) -> Scenario:
    return Scenario(
        id="essai", title="Essai", version="1.0", referential="TP-00338",
        competences=("C1",), duration_min=15, difficulty="moyenne", seller="air-comprime",
        client_filters={}, brief=None, persona=persona, variables=vars or {},
        start=start or nodes[0].id, nodes={n.id: n for n in nodes}, tests=(),
        path="essai.yaml", sha256="0" * 64, timer=timer)


def world() -> dict[str, Any]:
    visits = [
        {"id": "V1", "entreprise_id": "E1", "raison_sociale": "A", "commune": "Lyon",
         "lat": 45.76, "lon": 4.84, "motif": "x"},
        {"id": "V2", "entreprise_id": "E2", "raison_sociale": "B", "commune": "Vienne",
         "lat": 45.52, "lon": 4.87, "motif": "x"},
        {"id": "V3", "entreprise_id": "E3", "raison_sociale": "C", "commune": "Villefranche",
         "lat": 45.99, "lon": 4.72, "motif": "x"},
        {"id": "V4", "entreprise_id": "E4", "raison_sociale": "D", "commune": "Bourgoin",
         "lat": 45.59, "lon": 5.27, "motif": "x"},
    ]
    companies = [
        {"id": f"E{i}", "raison_sociale": f"Société {i}", "statut": st, "potentiel": pot,
         "ca_annuel": 1_000_000 * i}
        for i, (st, pot) in enumerate([("prospect", "fort"), ("client", "fort"),
                                       ("prospect", "faible"), ("prospect", "fort"),
                                       ("client", "moyen")], start=1)
    ]
    return {
        "vendeur": {
            "id": "air-comprime", "nom": "Alizé Air Industrie", "remise_max": 5,
            "delai_paiement_standard": 30,
            "base": {"commune": "Villeurbanne", "lat": 45.77, "lon": 4.88},
            "produits": [{"id": "vsd-37", "nom": "Compresseur VSD 37", "prix_liste": 30000,
                          "cout_unitaire": 19500, "prix_plancher": 25500,
                          "delai_livraison": 21}],
        },
        "client": {"id": "E1", "raison_sociale": "Plastiques Dupont", "commune": "Lyon",
                   "ca_annuel": 2_500_000},
        "contact": {"id": "K1", "civilite": "Mme", "nom": "Martin", "fonction": "DG"},
        "barrage": {"id": "K2", "civilite": "M.", "nom": "Roux", "fonction": "Assistant"},
        "indicateurs": {"ca_total": 125000.0, "taux_marge": 31.0},
        "entreprises": companies,
        "visites": visits,
    }


def make(sc: Scenario, **kw: Any) -> Session:
    kw.setdefault("world", world())
    kw.setdefault("clock", ManualClock())
    kw.setdefault("trainee", "Camille")
    s = Session(sc, **kw)
    s.start()
    return s


def negotiation_node(nid: str = "nego", tactic: str = "boulware", rounds: int = 6,
                     **kw: Any) -> Node:
    tactics = ClientTactics(
        tactic=tactic, e=None, max_rounds=rounds,  # type: ignore[arg-type]
        weights={"prix": 0.5, "delai_paiement": 0.2, "livraison": 0.2, "services": 0.1},
        opening={"remise": 20, "delai_paiement": 60, "livraison": 10, "services": 2},
        reservation={"remise": 8, "delai_paiement": 30, "livraison": 30, "services": 0},
        pos=P)
    kw.setdefault("on_agreement", "accord")
    kw.setdefault("on_break", "rupture")
    return node(nid, "negociation", "Votre concurrent est 20 % moins cher.",
                product="vsd-37", quantity=2, client=tactics, **kw)


def task_node(fields: list[TaskField], nid: str = "etude", nxt: str = "fin") -> Node:
    return node(nid, "tache", None, instructions=tx("Calculez."), fields=tuple(fields),
                next=to(nxt), speaker="manager")


__all__ = [
    "PERSONA",
    "P",
    "Reaction",
    "TaskField",
    "Timer",
    "Variants",
    "branches",
    "choice",
    "draw",
    "end",
    "ex",
    "make",
    "negotiation_node",
    "node",
    "random_next",
    "scenario",
    "task_node",
    "to",
    "tx",
    "variables",
    "world",
]
