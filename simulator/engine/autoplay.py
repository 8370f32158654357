"""A seeded random player (`ntc run --random`, `ntc scenarios fuzz`).

It only produces steps the session offers (listed enabled choices, plausible offers, typed
answers), so every refusal it meets is a fault of the scenario, not of the player.
"""

from __future__ import annotations

import random
from typing import Any

from simulator.engine.nodes.task import wanted_figures
from simulator.engine.session import Session
from simulator.engine.textfacts import facts_text
from simulator.scenario.model import Pos, TestStep

AUTO = Pos("<aléatoire>", 0, 0)


def random_step(session: Session, rng: random.Random) -> TestStep | None:
    """The next step to play, None when nothing can be played (ended or dead end)."""
    if session.ended or not session.started:
        return None
    node = session.current_node
    if node.kind == "tache":
        return TestStep("repondre", _answers(session, rng), AUTO)
    enabled = [c for c in session.choices if c.enabled]
    if node.kind == "negociation":
        roll = rng.random()
        if enabled and roll < 0.15:
            return TestStep("choisir", rng.choice(enabled).number, AUTO)
        if roll < 0.25:
            return TestStep("accepter", True, AUTO)
        if roll < 0.30:
            return TestStep("rompre", True, AUTO)
        return TestStep("offrir", _offer(rng), AUTO)
    if not enabled:
        return None
    return TestStep("choisir", rng.choice(enabled).number, AUTO)


def _offer(rng: random.Random) -> dict[str, Any]:
    offer: dict[str, Any] = {"remise": round(rng.uniform(0, 25) * 2) / 2}
    if rng.random() < 0.5:
        offer["delai_paiement"] = rng.choice([30, 45, 60])
    if rng.random() < 0.4:
        offer["livraison"] = rng.choice([7, 10, 15, 21, 30])
    if rng.random() < 0.3:
        offer["services"] = rng.randint(0, 3)
    return offer


def _answers(session: Session, rng: random.Random) -> dict[str, Any]:
    """Answers to the current task: all right, all wrong or mixed (so that branches on
    `reussi(...)` / `score_tache(...)` are reached both ways)."""
    out: dict[str, Any] = {}
    roll = rng.random()
    for field in session.current_node.fields:
        expected = session.expected(field)
        right = roll < 0.25 or (roll < 0.75 and rng.random() < 0.5)
        if field.kind == "nombre":
            number = float(expected) if isinstance(expected, int | float) else 0.0
            out[field.id] = number if right else round(number * rng.uniform(0.5, 1.5), 2)
        elif field.kind == "choix":
            options = list(field.options) or [str(expected)]
            out[field.id] = str(expected) if right else rng.choice(options)
        elif field.kind == "texte":
            words = list(field.keywords)
            chosen = words if right else rng.sample(words, k=rng.randint(0, len(words)))
            figures = wanted_figures(session, field) if right else []
            out[field.id] = (facts_text(chosen, figures) if figures
                             else " ".join(["Compte rendu :", *chosen]))
        elif field.kind == "selection":
            ids = [str(r.get("id")) for r in session.node_rows(field)]
            expected_ids = list(expected) if isinstance(expected, list) else []
            out[field.id] = expected_ids if right else rng.sample(ids, k=min(len(ids), 5))
        else:
            ids = [str(r.get("id")) for r in session.node_rows(field)]
            best = expected.get("order") if isinstance(expected, dict) else None
            if right and isinstance(best, list):
                out[field.id] = [str(i) for i in best]
            else:
                rng.shuffle(ids)
                out[field.id] = ids
    return out
