"""Where the session goes next and what a node says: `suite` resolution and node lines.

Seeded draws (`aleatoire`, `tirage`, `variantes: aleatoire`) use `rng_for(seed, key)` with a
per-key counter, so a replay draws the same targets and texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.engine.env import SessionEnv
from simulator.engine.errors import ScenarioRuntimeError
from simulator.engine.evaluate import holds
from simulator.engine.rng import rng_for

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Next, Node


@dataclass
class DrawCounters:
    """Per-key state of the seeded draws (how many `aleatoire` draws, each `tirage` order)."""

    random: dict[str, int] = field(default_factory=dict)
    draws: dict[str, list[str]] = field(default_factory=dict)


def resolve_next(session: Session, nxt: Next, key: str) -> str:
    """The target node of a `suite` (direct, first true branch, weighted draw, `tirage`)."""
    env = SessionEnv(session)
    if nxt.target is not None:
        return nxt.target
    if nxt.branches:
        for branch in nxt.branches:
            if branch.condition is None or holds(branch.condition, env):
                return branch.target
        raise ScenarioRuntimeError("aucune branche de la suite ne s'applique (ajoutez une "
                                   "dernière branche sans « si »)", nxt.pos)
    counters = session._counters
    if nxt.random:
        count = counters.random.get(key, 0)
        counters.random[key] = count + 1
        rng = rng_for(session.seed, f"aleatoire:{key}:{count}")
        weights = [max(0.0, w.weight) for w in nxt.random]
        if sum(weights) <= 0:
            raise ScenarioRuntimeError("poids aléatoires tous nuls", nxt.pos)
        return rng.choices([w.target for w in nxt.random], weights=weights)[0]
    if nxt.draw:
        order = counters.draws.get(key)
        if order is None:
            order = list(nxt.draw)
            rng_for(session.seed, f"tirage:{key}").shuffle(order)
            counters.draws[key] = order
        for target in order:
            if session._visits.get(target, 0) == 0:
                return target
        if nxt.otherwise is None:
            raise ScenarioRuntimeError("tirage épuisé et aucune suite « sinon »", nxt.pos)
        return nxt.otherwise
    if nxt.otherwise is not None:
        return nxt.otherwise
    raise ScenarioRuntimeError("suite vide", nxt.pos)


def node_line(session: Session, node: Node) -> str:
    """Reaction, else variant, else the node's text; placeholders filled."""
    env = SessionEnv(session)
    for reaction in node.reactions:
        if holds(reaction.condition, env):
            return session._render(reaction.text.value)
    if node.variants is not None and node.variants.texts:
        texts = node.variants.texts
        visit = session._visits[node.id]
        mode = node.variants.mode
        chosen = None
        if mode == "aleatoire":
            chosen = texts[rng_for(session.seed, f"variante:{node.id}:{visit}")
                           .randrange(len(texts))]
        elif mode == "sequence":
            chosen = texts[min(visit - 1, len(texts) - 1)]
        elif visit - 1 < len(texts):
            chosen = texts[visit - 1]
        if chosen is not None:
            return session._render(chosen.value)
    if node.text is not None:
        return session._render(node.text.value)
    return ""
