"""Compile a scenario's graph into a `transitions.Machine` (one per session).

States are node ids. Triggers:
- a choice leading to node T from node N: `choice_trigger(choice_id, T)` = "<choice>__<T>"
  (one trigger per possible target, so conditional/random/draw suites each get theirs);
- a negotiation: `accord` and `rupture`;
- a task: `task_trigger(T)` = "valider__<T>";
- the timer expiry (if any): `expiration`, from every state that is not an end.
Always `auto_transitions=False`: the default adds N² `to_<state>` transitions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from transitions import Machine

from simulator.scenario.model import Node, Scenario

AGREEMENT = "accord"
BREAK = "rupture"
EXPIRY = "expiration"


def choice_trigger(choice_id: str, target: str) -> str:
    return f"{choice_id}__{target}"


def task_trigger(target: str) -> str:
    return f"valider__{target}"


def transitions_of(scenario: Scenario, node: Node) -> Iterator[tuple[str, str, str]]:
    """(trigger, label, target) for every way out of `node` (targets that exist only)."""
    seen: set[tuple[str, str]] = set()

    def once(trigger: str, label: str, target: str) -> Iterator[tuple[str, str, str]]:
        if target in scenario.nodes and (trigger, target) not in seen:
            seen.add((trigger, target))
            yield trigger, label, target

    for choice in node.choices:
        if choice.next is not None:
            for target, _pos in choice.next.targets():
                yield from once(choice_trigger(choice.id, target), choice.id, target)
    if node.next is not None:
        for target, _pos in node.next.targets():
            yield from once(task_trigger(target), "valider", target)
    if node.on_agreement:
        yield from once(AGREEMENT, AGREEMENT, node.on_agreement)
    if node.on_break:
        yield from once(BREAK, BREAK, node.on_break)


def compile_machine(scenario: Scenario, model: Any, *, machine_class: type[Machine] = Machine,
                    **kwargs: Any) -> Machine:
    """A Machine over `model` whose states are the scenario's nodes."""
    states = list(scenario.nodes)
    initial = scenario.start if scenario.start in scenario.nodes else (states[0] if states
                                                                       else None)
    machine = machine_class(model=model, states=states or ["vide"], initial=initial or "vide",
                            auto_transitions=False, ignore_invalid_triggers=False, **kwargs)
    for node in scenario.nodes.values():
        for trigger, _label, target in transitions_of(scenario, node):
            machine.add_transition(trigger, node.id, target)
    timer = scenario.timer
    if timer is not None and timer.expiry in scenario.nodes:
        sources: list[Any] = [n.id for n in scenario.nodes.values() if n.kind != "fin"]
        if sources:
            machine.add_transition(EXPIRY, sources, timer.expiry)
    return machine
