"""Dialogue nodes: listed choices, picking one by number, id or free text, and its effects.

Negotiation nodes list choices too (arguments, questions between offers): they use the
same functions, and the kind of the node has the last word on a choice (`after_choice`,
through the session's dispatch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.choice_order import choice_model, ordered
from simulator.engine.env import SessionEnv
from simulator.engine.errors import EngineError, ScenarioRuntimeError
from simulator.engine.evaluate import holds
from simulator.engine.machine import choice_trigger
from simulator.engine.views import ChoiceView

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Choice, Node

KIND = "dialogue"
ACCEPTS = frozenset({"choice_made", "free_text"})
# What a typed reply records besides `free_text` (engine/freetext.py).
TYPED = frozenset({"clarification", "rephrase", "understood", "offer_draft"})
EMITS = frozenset({"client_line", "choices_shown", "choice_made", "free_text",
                   "variable_changed", "need_revealed", "evidence", "feedback_shown"}) | TYPED

Listed = list[tuple[ChoiceView, "Choice"]]


def enter(session: Session, node: Node, line: str) -> None:
    """Say the node's line, then list its choices."""
    if line:
        session._emit("client_line", {"node": node.id, "speaker": node.speaker, "text": line})
    show_choices(session, node)


def stuck(session: Session) -> bool:
    """A dialogue with no enabled choice cannot go on."""
    return not any(v.enabled for v in session.choices)


def choose(session: Session, ref: str | int, t_ms: int | None) -> None:
    """Pick a listed, enabled choice by id or 1-based number."""
    picked, number = resolve_choice(session, ref)
    session._stamp(t_ms)
    record_choice(session, picked, number)


def say(session: Session, text: str, ref: str | int | None, t_ms: int | None) -> None:
    """Free text recorded as typed, then resolved to an explicit choice (closest when none)."""
    if ref is None:
        ref = closest_choice(session, str(text))
    picked, number = resolve_choice(session, ref)
    session._stamp(t_ms)
    session._emit("free_text", {"node": session._current, "text": str(text),
                                "choice": picked.id})
    record_choice(session, picked, number)


def listed_choices(session: Session) -> Listed:
    """Listed choices, cached until the next recorded event (state cannot change
    without one)."""
    cached = session._choices_cache
    if cached is not None and cached[0] == session._seq:
        return cached[1]
    listed = _compute_choices(session)
    session._choices_cache = (session._seq, listed)
    return listed


def _compute_choices(session: Session) -> Listed:
    node = session.current_node
    shown: list[tuple[bool, Choice]] = []
    env = SessionEnv(session)
    for choice in node.choices:
        if choice.once and (node.id, choice.id) in session._once_used:
            continue
        enabled = True
        if choice.condition is not None:
            enabled = holds(choice.condition, env)
        if not enabled and (choice.reason is None or session.mode == "examen"):
            continue
        shown.append((enabled, choice))
    # The number is the place in the order shown (seeded per session, engine/choice_order).
    shown = ordered(shown, node, session.seed, choice_model(session.models))
    return [(ChoiceView(number=number, id=choice.id, text=session._render(choice.text.value),
                        enabled=enabled, reason=None if enabled else choice.reason), choice)
            for number, (enabled, choice) in enumerate(shown, start=1)]


def resolve_choice(session: Session, ref: str | int) -> tuple[Choice, int]:
    """The listed choice a reference names, with its number; EngineError otherwise."""
    listed = listed_choices(session)
    if not listed:
        raise EngineError("aucun choix n'est proposé ici")
    found: tuple[ChoiceView, Choice] | None = None
    key = ref.strip() if isinstance(ref, str) else ref
    if (isinstance(key, int) and not isinstance(key, bool)) or (
            isinstance(key, str) and key.isascii() and key.isdigit()):
        number = int(key)
        if not 1 <= number <= len(listed):
            raise EngineError(f"choix n° {number} inexistant (1 à {len(listed)})")
        found = listed[number - 1]
    else:
        for view, choice in listed:
            if choice.id == key:
                found = (view, choice)
                break
        if found is None:
            from simulator.scenario.fields import did_you_mean

            known = [v.id for v, _ in listed]
            raise EngineError(f"choix « {key} » non proposé ici (choix : {', '.join(known)})"
                              f"{did_you_mean(str(key), known)}")
    view, choice = found
    if not view.enabled:
        raise EngineError(f"choix « {choice.id} » indisponible : {view.reason}")
    return choice, view.number


def closest_choice(session: Session, text: str) -> str:
    """The enabled choice whose text is closest to `text` (first one on ties)."""
    from rapidfuzz import fuzz

    from simulator.engine.tasks import fold

    enabled = [v for v, _ in listed_choices(session) if v.enabled]
    if not enabled:
        raise EngineError("aucun choix n'est proposé ici")
    scores = [fuzz.token_set_ratio(fold(text), fold(v.text)) for v in enabled]
    return enabled[scores.index(max(scores))].id


def record_choice(session: Session, choice: Choice, number: int) -> None:
    """Record the choice, then its effects, revealed needs, evidence, coaching, next node."""
    node = session.current_node
    session._emit("choice_made", {"node": node.id, "choice": choice.id, "number": number,
                                  "text": session._render(choice.text.value),
                                  "acts": list(choice.acts)})
    if session._timer_check():
        return
    if choice.once:
        session._once_used.add((node.id, choice.id))
    session._apply_effects(choice.effects, f"choix {node.id}.{choice.id}")
    for need in choice.reveals:
        session._reveal(need)
    for ev in choice.evidence:
        session._emit("evidence", {"criterion": ev.criterion, "weight": ev.weight,
                                   "justification": ev.justification, "source": "choice",
                                   "node": node.id, "choice": choice.id})
    if choice.reply is not None:
        # The client answers this choice (`reponse:`), after its effects took place.
        reply = session._render(choice.reply.value)
        if reply:
            session._emit("client_line", {"node": node.id, "speaker": node.speaker,
                                          "text": reply})
    if choice.coach and session.mode == "entrainement":
        session._feedback_line(node.id, session._render(choice.coach))
    if session._after_choice(node, choice):
        return
    if choice.next is None:
        raise ScenarioRuntimeError(f"le choix « {choice.id} » n'a pas de suite", choice.pos)
    target = session._resolve_next(choice.next, f"{node.id}.{choice.id}")
    session._go(target, choice_trigger(choice.id, target))


def after_choice(session: Session, node: Node, choice: Choice) -> bool:
    """Nothing more on a dialogue node: the choice's `suite` decides."""
    del session, node, choice
    return False


def show_choices(session: Session, node: Node) -> None:
    """Record the listed choices."""
    listed = listed_choices(session)
    session._emit("choices_shown", {"node": node.id, "choices": [
        {"id": v.id, "text": v.text, "enabled": v.enabled, "reason": v.reason}
        for v, _ in listed]})
    session._choices_cache = (session._seq, listed)    # showing them changed nothing
