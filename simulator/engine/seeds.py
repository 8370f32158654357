"""Which seed a new session plays with: the one given, else a fresh one in training.

A training run without `--seed` gets a new seed (a new company, contact, buyer persona and
choice order), so a second attempt is skill, not memory; the seed is shown and logged in
the header, so the run can be replayed or played again. An exam run without a seed uses
DEFAULT_SEED, the same case for every candidate.
"""

from __future__ import annotations

import secrets

DEFAULT_SEED = 1
FRESH_SEEDS = 1_000_000        # fresh seeds are 1..999 999: short enough to note down


def fresh_seed() -> int:
    return 1 + secrets.randbelow(FRESH_SEEDS - 1)


def session_seed(given: int | None, mode: str) -> int:
    """`given`, else a fresh seed in training, else DEFAULT_SEED."""
    if given is not None:
        return int(given)
    return fresh_seed() if mode == "entrainement" else DEFAULT_SEED
