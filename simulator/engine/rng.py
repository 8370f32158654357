"""Seeded randomness: one independent `random.Random` per (seed, purpose).

Deriving every stream from a hash of the purpose (instead of sharing one generator) keeps a
draw stable when an unrelated draw is added elsewhere, so logs replay identically.
"""

from __future__ import annotations

import hashlib
import random


def rng_for(seed: int, purpose: str) -> random.Random:
    """A generator that always yields the same sequence for the same seed and purpose."""
    digest = hashlib.sha256(f"{seed}\x1f{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
