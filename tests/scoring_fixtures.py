"""Hand-built session logs for the scoring tests, written with the real log writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.log import LogWriter, ManualClock

SCENARIO_YAML = """\
id: {id}
titre: "Scénario de test"
version: "1.0"
referentiel: TP-00338
competences: [{competences}]
duree: "{duree}"
difficulte: moyenne
debut: accueil
noeuds:
  accueil:
    type: dialogue
    texte: "Bonjour."
    choix:
      - id: q1
        texte: "Comment utilisez-vous l'air comprimé ?"
        actes: [question_ouverte]
        suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Au revoir."
"""

Step = tuple[str, dict[str, Any]]


def header(trainee: str = "Alice Martin", scenario_id: str = "test-nego",
           session_id: str = "s-0001", started_at: str = "2026-11-28T10:00:00+00:00",
           sha: str = "", world: dict[str, Any] | None = None,
           referential: str = "TP-00338", scenario_path: str = "") -> dict[str, Any]:
    return {"session_id": session_id, "app_version": "0.1.0",
            "scenario": {"id": scenario_id, "version": "1.0", "sha256": sha,
                         "path": scenario_path},
            "referential": {"id": referential, "version": "2014"}, "seed": 1,
            "mode": "entrainement", "trainee": trainee, "started_at": started_at,
            "world": world or {}}


def write_log(path: Path, steps: list[Step], *, step_ms: int = 10_000,
              key: bytes | None = None, **head: Any) -> Path:
    """Write `steps` (type, data) as a chained log, `step_ms` apart; ends as given."""
    clock = ManualClock(wall="2026-11-28T10:00:00.000+00:00")
    with LogWriter.create(path, header(**head), key, clock=clock) as writer:
        for etype, data in steps:
            clock.advance(step_ms)
            writer.append(etype, data)
    return path


def choice(node: str, cid: str, text: str, *acts: str) -> Step:
    return ("choice_made", {"node": node, "choice": cid, "number": 1, "text": text,
                            "acts": list(acts)})


def evidence(node: str, criterion: str, weight: int, justification: str,
             cid: str = "") -> Step:
    return ("evidence", {"criterion": criterion, "weight": weight,
                         "justification": justification, "source": "choice", "node": node,
                         "choice": cid})


def offer(node: str, rnd: int, *, authority: bool = False, below: bool = False,
          **issues: float) -> Step:
    base = {"prix_unitaire": 1000, "remise": 0, "quantite": 2, "delai_paiement": 30,
            "livraison": 20, "services": 0}
    base.update(issues)
    return ("offer_made", {"node": node, "round": rnd, "offer": base,
                           "margin": {"taux": 30.0}, "authority_exceeded": authority,
                           "below_floor": below})


def ended(outcome: str = "succes", node: str = "fin") -> Step:
    return ("session_ended", {"node": node, "outcome": outcome, "text": "Fin."})


def good_negotiation() -> list[Step]:
    """Discovery, reformulation, then a concession traded for volume; no fault."""
    return [
        ("session_started", {"node": "accueil"}),
        choice("accueil", "q1", "Comment utilisez-vous l'air comprimé aujourd'hui ?",
               "question_ouverte"),
        choice("accueil", "q2", "Avez-vous eu des arrêts de ligne ?", "question_fermee"),
        choice("accueil", "r1", "Si je comprends bien, la fiabilité prime.",
               "reformulation"),
        evidence("accueil", "C2.3", 1, "Reformulation complète.", "r1"),
        choice("accueil", "a1", "Notre variateur réduit vos arrêts.", "argument"),
        offer("nego", 1, remise=3),
        offer("nego", 2, remise=5, quantite=3),
        ended(),
    ]


def bad_negotiation() -> list[Step]:
    """Argues first, gives discounts for nothing, beyond authority and below the floor."""
    return [
        ("session_started", {"node": "accueil"}),
        choice("accueil", "a1", "Nos compresseurs sont les meilleurs du marché.", "argument"),
        choice("accueil", "q2", "Vous êtes satisfait ?", "question_fermee"),
        offer("nego", 1, remise=3),
        offer("nego", 2, remise=5),
        offer("nego", 3, remise=12, authority=True, below=True),
        ended("echec"),
    ]


def write_scenario(folder: Path, scenario_id: str = "test-nego",
                   competences: str = "C2, C3", duree: str = "15 min") -> tuple[Path, str]:
    """Write a small valid scenario; return its path and the sha the loader gives it."""
    from scoring.sources import ScenarioCache

    path = folder / f"{scenario_id}.yaml"
    path.write_text(SCENARIO_YAML.format(id=scenario_id, competences=competences,
                                         duree=duree), encoding="utf-8")
    facts, problem = ScenarioCache((folder,)).facts(path)
    assert facts is not None, problem
    return path, facts.sha256
