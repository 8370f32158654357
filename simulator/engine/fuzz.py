"""Random auto-play of a scenario (`ntc scenarios fuzz`): dead ends, endless loops, runtime
errors, nodes never visited.

Runs write no log and share a few generated worlds (one per seed bucket), so hundreds of
runs take seconds. Every run is reproducible from its seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from simulator.engine.autoplay import AUTO, random_step
from simulator.engine.errors import EngineError, LimitExceeded, ScenarioRuntimeError
from simulator.engine.rng import rng_for
from simulator.engine.session import Session
from simulator.engine.steps import apply_step
from simulator.engine.worlds import WorldCache
from simulator.log.clock import ManualClock
from simulator.scenario.model import Scenario, TestStep

MAX_STEPS = 500
MAX_REPEATS = 60      # an insisting run repeats a choice at most this often in all
WORLD_BUCKETS = 3


@dataclass
class Finding:
    kind: str                  # impasse | boucle | erreur | refus | limite
    message: str
    seed: int
    count: int = 1


@dataclass
class FuzzReport:
    runs: int = 0
    ended: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)
    unvisited: list[str] = field(default_factory=list)
    enabled: set[tuple[str, str]] = field(default_factory=set)   # (node, choice) offered
    # Choices of visited nodes never offered enabled in any run: their condition (or a
    # `une_fois` used before) never let the trainee pick them.
    never_enabled: list[tuple[str, str]] = field(default_factory=list)
    steps: int = 0

    def add(self, kind: str, message: str, seed: int) -> None:
        key = (kind, message)
        if key in self.findings:
            self.findings[key].count += 1
        else:
            self.findings[key] = Finding(kind, message, seed)

    @property
    def errors(self) -> list[Finding]:
        return list(self.findings.values())


def fuzz(scenario: Scenario, runs: int = 500, seed: int = 1, max_steps: int = MAX_STEPS,
         worlds: WorldCache | None = None) -> FuzzReport:
    """Play `runs` random sessions; seeds seed, seed+1, …"""
    worlds = worlds or WorldCache()
    report = FuzzReport()
    for run in range(runs):
        run_seed = seed + run
        world = worlds.get(scenario, seed + run % WORLD_BUCKETS)
        mode = "entrainement" if run % 2 == 0 else "examen"
        _play(scenario, run_seed, mode, world, max_steps, report)
    report.unvisited = [n for n in scenario.nodes if n not in report.visited]
    report.never_enabled = [(n, c.id) for n, node in scenario.nodes.items()
                            if n in report.visited for c in node.choices
                            if (n, c.id) not in report.enabled]
    return report


def _play(scenario: Scenario, run_seed: int, mode: str, world: dict[str, object],
          max_steps: int, report: FuzzReport) -> None:
    report.runs += 1
    rng = rng_for(run_seed, "fuzz")
    session = Session(scenario, seed=run_seed, mode=mode, trainee="Fuzz", world=world,
                      clock=ManualClock(), session_id=f"fuzz-{run_seed}",
                      started_at="2026-01-01T00:00:00.000+00:00")
    # Timers: about one run in four goes slowly enough to hit a chrono limit.
    slow = rng.random() < 0.25
    # One run in four insists: it takes again the choice it just took whenever it is
    # offered, which is how a loop's effects grow past the engine's limits.
    insist = rng.random() < 0.25
    try:
        _steps(session, rng, slow, max_steps, report, run_seed, insist)
    finally:
        report.visited.update(n for n, c in session._visits.items() if c)
        for event in session.events:
            if event["type"] == "choices_shown":
                node_id = event["data"]["node"]
                report.enabled.update((node_id, c["id"]) for c in event["data"]["choices"]
                                      if c.get("enabled"))
    if session.ended:
        report.ended += 1
        outcome = session.outcome or "?"
        report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1


def _again(session: Session, last: str | None) -> TestStep | None:
    """The choice `last` again, when the current node offers it enabled."""
    if last is None or session.current_node.kind != "dialogue":
        return None
    for view in session.choices:
        if view.id == last and view.enabled:
            return TestStep("choisir", view.number, AUTO)
    return None


def _steps(session: Session, rng: random.Random, slow: bool, max_steps: int,
           report: FuzzReport, run_seed: int, insist: bool = False) -> None:
    t_ms = 0
    last: str | None = None
    repeats = 0
    timer = session.scenario.timer
    slow_low, slow_high = ((timer.limit_ms // 6, timer.limit_ms // 2) if timer is not None
                           else (20_000, 120_000))
    try:
        session.start()
        if session.fault is not None:
            report.add("erreur", str(session.fault), run_seed)
            return
        for _ in range(max_steps):
            if session.ended:
                break
            again = _again(session, last) if insist and repeats < MAX_REPEATS else None
            repeats = repeats + 1 if again is not None else 0 if not insist else repeats
            step = again or random_step(session, rng)
            if step is None:
                report.add("impasse", f"nœud « {session.current_node.id} » : aucun choix "
                                      "possible et pas de fin", run_seed)
                return
            t_ms += rng.randint(slow_low, slow_high) if slow else rng.randint(500, 5_000)
            node = session.current_node.id
            apply_step(session, step, t_ms=t_ms)
            report.steps += 1
            last = _taken(session, node) if step.action == "choisir" else None
            if session.fault is not None:       # the session was stopped cleanly
                kind = "limite" if isinstance(session.fault, LimitExceeded) else "erreur"
                report.add(kind, str(session.fault), run_seed)
                return
        else:
            recent = [e["data"]["node"] for e in session.events[-200:]
                      if e["type"] == "node_entered"]
            loop = " → ".join(dict.fromkeys(recent[-12:]))
            report.add("boucle", f"{max_steps} étapes sans atteindre de fin (nœuds parcourus : "
                                 f"{loop})", run_seed)
            return
    except ScenarioRuntimeError as exc:
        report.add("erreur", str(exc), run_seed)
    except EngineError as exc:
        report.add("refus", f"nœud « {session.current_node.id} » : {exc}", run_seed)


def _taken(session: Session, node: str) -> str | None:
    """Id of the choice just recorded on `node` (None when none was)."""
    for event in reversed(session.events):
        if event["type"] == "choice_made":
            data = event["data"]
            return str(data["choice"]) if data.get("node") == node else None
    return None
