"""Where the session goes next and what a node says: `suite` resolution, node lines, inline
conditional text, and the effects of a choice on the variables and revealed needs.

Seeded draws (`aleatoire`, `tirage`, `variantes: aleatoire`) use `rng_for(seed, key)` with a
per-key counter, so a replay draws the same targets and texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.engine.env import SessionEnv
from simulator.engine.errors import ScenarioRuntimeError
from simulator.engine.evaluate import assignment, holds, target_of
from simulator.engine.machine import EXPIRY
from simulator.engine.rng import rng_for
from simulator.engine.values import typed
from simulator.scenario import inline
from simulator.scenario.model import Expression

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Expression, Next, Node


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


def conditional_text(session: Session, template: str) -> str:
    """`template` with its `{si …}` segments (scenario/inline.py) resolved in the state."""
    env = SessionEnv(session)
    where = session.scenario.pos

    def test(condition: str) -> bool:
        return holds(Expression(condition, where), env)

    try:
        return inline.render(template, test)
    except inline.InlineError as exc:
        raise ScenarioRuntimeError(f"texte conditionnel : {exc.message}", where) from None


def apply_effects(session: Session, effects: tuple[Expression, ...], cause: str) -> None:
    """Run a choice's effects on the variables, recording each change."""
    for effect in effects:
        name = target_of(effect)
        if name not in session.scenario.variables:
            raise ScenarioRuntimeError(f"variable non déclarée « {name} »", effect.pos)
        old = session._vars[name]
        _, new = assignment(effect, old, SessionEnv(session))
        new = typed(session.scenario.variables[name].type, name, new, effect)
        if new != old or type(new) is not type(old):
            session._vars[name] = new
            session._emit("variable_changed", {"name": name, "old": old, "new": new,
                                               "cause": cause})


def reveal(session: Session, need_id: str) -> None:
    """Record a hidden need of the persona as revealed (once)."""
    if need_id in session._revealed:
        return
    persona = session.scenario.persona
    text = ""
    if persona is not None:
        for need in persona.hidden_needs:
            if need.id == need_id:
                text = session._render(need.text)
    session._revealed.append(need_id)
    session._emit("need_revealed", {"need": need_id, "text": text})


def timer_check(session: Session) -> bool:
    """Emit `timer` the first time an input comes after the limit; True if it expired."""
    timer = session.scenario.timer
    if timer is None or session._timer_fired or session._t_ms <= timer.limit_ms:
        return False
    session._timer_fired = True
    expired = session.mode in timer.modes
    session._emit("timer", {"limit_ms": timer.limit_ms, "elapsed_ms": session._t_ms,
                            "expired": expired})
    if expired:
        if timer.expiry not in session.scenario.nodes:
            raise ScenarioRuntimeError(f"nœud d'expiration inconnu « {timer.expiry} »",
                                       timer.pos)
        session._go(timer.expiry, EXPIRY)
    return expired


def build_header(session: Session) -> dict[str, Any]:
    """The log header of docs/CONTRACTS.md §3 (without hash/mac)."""
    from simulator import __version__
    from simulator.engine import freetext
    from simulator.engine.events import LOG_FORMAT
    from simulator.engine.worlds import recorded_path, referential_version

    sc = session.scenario
    return {
        "type": "header", "format": LOG_FORMAT, "app_version": __version__,
        "session_id": session.session_id,
        "scenario": {"id": sc.id, "version": sc.version, "sha256": sc.sha256,
                     "path": recorded_path(sc.path)},
        "referential": {"id": sc.referential,
                        "version": referential_version(sc.referential)},
        "seed": session.seed, "mode": session.mode, "trainee": session.trainee,
        "started_at": session.started_at, "models": dict(session.models),
        "world": session.world, "nlu_model": freetext.model_info(),
    }
