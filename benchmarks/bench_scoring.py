"""Speed of `score_logs` on a cohort: 1,000 logs of ~150 events vs reading + json.loads.

Target: scoring (hash chain verification, analysers, decisions) ≤ 3× the bare parse of the
same files. Logs are synthetic sessions written with simulator.log's LogWriter, each with a
full generated world in its header (like real logs); 25 distinct sessions are copied to
1,000 files. Prints the ratio; not asserted (shared machines are noisy).

    .venv/bin/python benchmarks/bench_scoring.py [--logs N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import score_logs
from scoring.sources import ScenarioCache
from simulator.log import LogWriter, ManualClock

DISTINCT = 25
EVENTS = 150
ACTS = ["question_ouverte", "question_fermee", "reformulation", "argument", "ecoute",
        "contrepartie", "traitement_objection", "conclusion", "salutation"]
SCENARIO = """\
id: bench-nego
titre: "Banc d'essai"
version: "1.0"
referentiel: TP-00338
competences: [C2, C3]
duree: "30 min"
difficulte: moyenne
debut: accueil
noeuds:
  accueil:
    type: dialogue
    texte: "Bonjour."
    choix:
      - id: q1
        texte: "Question ?"
        actes: [question_ouverte]
        suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Au revoir."
"""


def world() -> dict[str, Any]:
    """A real generated world when the generator is there, else a comparable bulk."""
    try:
        from simulator.world import generate_world

        return generate_world(1)
    except Exception:
        companies = [{"id": f"E{i:04d}", "raison_sociale": f"Société {i}", "commune": "Lyon",
                      "ca_annuel": 1_000_000 + i, "lat": 45.7, "lon": 4.8} for i in range(300)]
        return {"entreprises": companies, "defauts": [], "visites": []}


def session_steps(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    steps: list[tuple[str, dict[str, Any]]] = [("session_started", {"node": "accueil"})]
    remise = 2.0
    rnd = 0
    while len(steps) < EVENTS - 1:
        node = f"n{len(steps) // 10}"
        roll = rng.random()
        if roll < 0.15:
            steps.append(("node_entered", {"node": node, "kind": "dialogue", "visit": 1}))
            steps.append(("client_line", {"node": node, "speaker": "client",
                                          "text": "Votre concurrent est 20 % moins cher."}))
        elif roll < 0.55:
            acts = rng.sample(ACTS, rng.randint(1, 2))
            steps.append(("choices_shown", {"node": node, "choices": [
                {"id": f"c{i}", "text": "Réponse possible", "enabled": True, "reason": None}
                for i in range(3)]}))
            steps.append(("choice_made", {"node": node, "choice": "c1", "number": 1,
                                          "text": "Qu'attendez-vous de votre installation ?",
                                          "acts": acts}))
            if rng.random() < 0.4:
                steps.append(("evidence", {"criterion": rng.choice(["C2.1", "C2.3", "C3.2"]),
                                           "weight": rng.choice([1, -1]),
                                           "justification": "Preuve d'auteur.",
                                           "source": "choice", "node": node, "choice": "c1"}))
        elif roll < 0.75:
            rnd += 1
            remise += rng.choice([0.0, 0.5, 1.0])
            steps.append(("offer_made", {"node": "nego", "round": rnd, "offer": {
                "prix_unitaire": 1000, "remise": remise, "quantite": 2 + rnd % 3,
                "delai_paiement": 30, "livraison": 20, "services": 0},
                "margin": {"taux": 30 - remise}, "authority_exceeded": remise > 8,
                "below_floor": remise > 12}))
            steps.append(("offer_received", {"node": "nego", "round": rnd, "offer": {
                "remise": 15}, "utility": 0.5, "decision": "counter"}))
        else:
            steps.append(("variable_changed", {"name": "confiance", "old": 0, "new": 1,
                                               "cause": "c1"}))
    steps.append(("session_ended", {"node": "fin", "outcome": "succes", "text": "Fin."}))
    return steps


def write_cohort(folder: Path, count: int, scenario: Path, sha: str) -> list[Path]:
    snapshot = world()
    distinct: list[Path] = []
    for i in range(DISTINCT):
        rng = random.Random(i)
        path = folder / f"src-{i:02d}.jsonl"
        head = {"session_id": f"s{i:02d}", "trainee": f"Stagiaire {i % 10:02d}",
                "scenario": {"id": "bench-nego", "version": "1.0", "sha256": sha,
                             "path": str(scenario)},
                "referential": {"id": "TP-00338", "version": "2014"}, "seed": i,
                "mode": "entrainement", "started_at": f"2026-11-{i % 28 + 1:02d}T10:00:00+00:00",
                "world": snapshot}
        clock = ManualClock()
        with LogWriter.create(path, head, clock=clock) as writer:
            for etype, data in session_steps(rng):
                clock.advance(rng.randint(2_000, 15_000))
                writer.append(etype, data)
        distinct.append(path)
    files = []
    for n in range(count):
        target = folder / f"log-{n:04d}.jsonl"
        shutil.copyfile(distinct[n % DISTINCT], target)
        files.append(target)
    for path in distinct:
        path.unlink()
    return files


def baseline(files: list[Path]) -> int:
    total = 0
    for path in files:
        for line in path.read_bytes().splitlines():
            total += len(json.loads(line))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = folder / "bench-nego.yaml"
        scenario.write_text(SCENARIO, encoding="utf-8")
        cache = ScenarioCache((folder,))
        facts, _ = cache.facts(scenario)
        sha = facts.sha256 if facts else ""
        started = time.perf_counter()
        files = write_cohort(folder, args.logs, scenario, sha)
        print(f"{len(files)} journaux écrits en {time.perf_counter() - started:.1f} s "
              f"({files[0].stat().st_size // 1024} Kio chacun)")
        baseline(files[:50])                       # warm the page cache for both runs
        t0 = time.perf_counter()
        baseline(files)
        t_base = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = score_logs(files, cache=ScenarioCache((folder,)))
        t_score = time.perf_counter() - t0
        sessions = sum(len(t.sessions) for t in report.trainees)
        assert sessions == len(files) and not report.problems, report.problems[:3]
        print(f"lecture + json.loads : {t_base:.2f} s")
        print(f"score_logs           : {t_score:.2f} s   ratio {t_score / t_base:.2f}× "
              f"(objectif ≤ 3×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
