"""Generated worlds cached per (seller dossier, seed, client filters).

Generating a territory costs far more than playing a session, so the test-plan runner and
the fuzzer build each world once and share it between sessions (the snapshot is read-only).
"""

from __future__ import annotations

from typing import Any

from simulator.scenario.model import Scenario


class WorldCache:
    def __init__(self) -> None:
        self._worlds: dict[tuple[str, int, str], dict[str, Any]] = {}

    def get(self, scenario: Scenario, seed: int) -> dict[str, Any]:
        from simulator.engine.session import build_world

        key = (scenario.seller or "", int(seed), repr(sorted(scenario.client_filters.items())))
        if key not in self._worlds:
            self._worlds[key] = build_world(scenario, seed)
        return self._worlds[key]
