"""Seeded order of a dialogue node's choices, so the best reply is not always in one place.

Each choice gets a sort key drawn from (session seed, node id, choice id): the order is a
permutation of whatever is listed, stable when the node is revisited, and a once-only choice
that disappears does not reshuffle the others. Choices flagged `en_dernier` stay after the
shuffled ones in their written order; a node with `ordre: fixe` keeps the written order.

Versioned in the log header as `models.choix` (docs/CONTRACTS.md §3): a log without it
was recorded with the written order (model 1) and replays with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from simulator.scenario.model import Choice, Node

# Header key (`models.choix`) and the first version that shuffles.
MODEL_KEY = "choix"
SHUFFLED = 2

T = TypeVar("T")


def choice_model(models: Mapping[str, int]) -> int:
    """The order model a session's header `models` names (1, written order, when absent)."""
    return int(models.get(MODEL_KEY, 1))


def order_key(seed: int, node_id: str, choice_id: str) -> bytes:
    """The choice's place in the shuffled order (a hash: no RNG draw is consumed)."""
    return hashlib.sha256(f"{seed}\x1f{node_id}\x1f{choice_id}".encode()).digest()[:8]


def shuffles(node: Node, model: int) -> bool:
    """Whether this node's choices are shown in the seeded order under `model`."""
    return model >= SHUFFLED and node.kind == "dialogue" and not node.fixed_order


def ordered(items: Sequence[tuple[T, Choice]], node: Node, seed: int,
            model: int) -> list[tuple[T, Choice]]:
    """`items` (in written order, paired with their choice) in the order shown."""
    if not shuffles(node, model):
        return list(items)
    moved = [it for it in items if not it[1].last]
    kept = [it for it in items if it[1].last]
    moved.sort(key=lambda it: order_key(seed, node.id, it[1].id))
    return moved + kept
