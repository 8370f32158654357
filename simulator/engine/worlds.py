"""Building the world a session plays in, and caching generated worlds.

Generating a territory costs far more than playing a session, so the test-plan runner and
the fuzzer build each world once and share it between sessions (the snapshot is read-only).
Also where the log header's scenario path and referential version come from.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from simulator.engine.errors import EngineError
from simulator.scenario.model import Scenario


class WorldCache:
    def __init__(self) -> None:
        self._worlds: dict[tuple[str, int, str], dict[str, Any]] = {}

    def get(self, scenario: Scenario, seed: int) -> dict[str, Any]:
        key = (scenario.seller or "", int(seed), repr(sorted(scenario.client_filters.items())))
        if key not in self._worlds:
            self._worlds[key] = build_world(scenario, seed)
        return self._worlds[key]


def build_world(scenario: Scenario, seed: int) -> dict[str, Any]:
    """Generate the world for a scenario and merge the client roles into it."""
    try:
        world = _world_api("generate_world")(seed, dossier=scenario.seller)
        return json_native(with_roles(world, scenario, seed))
    except ValueError as exc:        # WorldError and DossierError carry French messages
        raise EngineError(f"monde impossible à générer : {exc}") from None


def json_native(world: dict[str, Any]) -> dict[str, Any]:
    """The snapshot exactly as a replay will read it back from the log (JSON round trip),
    so that live play and replay see the same values in the same order."""
    import json

    return dict(json.loads(json.dumps(world, sort_keys=True, ensure_ascii=False)))


def with_roles(world: dict[str, Any], scenario: Scenario, seed: int) -> dict[str, Any]:
    """The snapshot with `client`, `contact`, `barrage` picked by the scenario's filters."""
    roles = _world_api("pick_roles")(world, dict(scenario.client_filters), seed)
    return {**world, **roles}


def _world_api(name: str) -> Any:
    """A function of `simulator.world` (imported late: the generator is heavy)."""
    import importlib

    func = getattr(importlib.import_module("simulator.world"), name, None)
    if func is None:
        raise EngineError(f"le générateur de territoire n'est pas disponible ({name})")
    return func


def recorded_path(path: str) -> str:
    """The scenario path as stored in a log header: absolute, so that `replay --verify`
    and scoring find the file from any working directory."""
    if not path:
        return path
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(path)


def referential_version(ref_id: str) -> str:
    """Version of the referential file scoring/referentiels/<id>.yaml ('' if unknown)."""
    from simulator.scenario.referential import load_referential_ids

    ref = load_referential_ids(ref_id)
    return ref.version if ref is not None else ""
