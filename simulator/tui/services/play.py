"""Preparing and starting a session: world, brief, log file, clock, offer and route figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.tui.services.catalogue import load_scenario
from simulator.tui.services.errors import ServiceError

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario


@dataclass
class Prepared:
    """A scenario ready to be played: its world snapshot and rendered brief."""

    scenario: Scenario
    seed: int
    trainee: str
    mode: str
    world: dict[str, Any]
    brief: str
    role: str = ""
    # World paths the dossier must not show ("indicateurs.ca_total"): task answers.
    hidden: frozenset[str] = frozenset()


def _render(template: str, session: Any) -> str:
    from simulator.engine.text import render

    world = dict(session.world)
    variables = dict(getattr(session, "variables", {}) or {})

    def lookup(name: str) -> object:
        if name == "stagiaire":
            return session.trainee if hasattr(session, "trainee") else ""
        if name in variables:
            return variables[name]
        if name in world:
            return world[name]
        raise KeyError(name)

    return render(template, lookup)


def prepare(ref: str, *, seed: int | None, trainee: str, mode: str) -> Prepared:
    """Load the scenario and build its world (no log written yet); without a seed, a fresh
    one in training (engine/seeds.py)."""
    from simulator.engine import Session
    from simulator.engine.seeds import session_seed

    scenario = load_scenario(ref)
    seed = session_seed(seed, mode)
    try:
        session = Session(scenario, seed=seed, trainee=trainee, mode=mode)
    except Exception as exc:
        raise ServiceError(f"Impossible de préparer la session : {exc}") from exc
    return prepared_from_session(session, scenario, seed=seed, trainee=trainee, mode=mode)


def prepared_from_session(session: Any, scenario: Scenario, *, seed: int, trainee: str,
                          mode: str) -> Prepared:
    """Dossier data of a live session (world with roles, rendered brief)."""
    brief = getattr(session, "brief", None)
    if brief is None:
        brief = _render(scenario.brief.value, session) if scenario.brief else ""
    from simulator.engine.answers import hidden_paths, settled_tasks

    events = list(getattr(session, "events", []) or [])
    hidden = hidden_paths(scenario, mode, settled=settled_tasks(events),
                          ended=bool(getattr(session, "ended", False)),
                          world=session.world)
    role = ""
    if scenario.persona is not None and scenario.persona.role is not None:
        role = _render(scenario.persona.role.value, session)
    return Prepared(scenario=scenario, seed=seed, trainee=trainee, mode=mode,
                    world=dict(session.world), brief=str(brief), role=role, hidden=hidden)


def offer_margin(negotiation: Any, offer: dict[str, float]) -> dict[str, float]:
    """Seller's margin on an offer being typed (the engine's own formula)."""
    from simulator.engine.negotiation import margin

    return margin(
        float(negotiation.list_price), float(negotiation.unit_cost),
        float(negotiation.floor_price),
        float(offer.get("prix_unitaire", negotiation.list_price)),
        float(offer.get("remise", 0.0)),
        float(offer.get("quantite", negotiation.quantity)),
    )


def route_km(world: dict[str, Any], order: list[str], source: str = "visites") -> float | None:
    """Km of base -> visits in `order` -> base (None until every visit is placed once)."""
    from simulator.engine.worldview import WorldAccess

    return WorldAccess(world).route_km_for(order, source)


def route_points(world: dict[str, Any], order: list[str],
                 source: str = "visites") -> list[tuple[float, float]]:
    """Coordinates of base -> visits -> base, for drawing the route on the map."""
    from simulator.engine.worldview import WorldAccess

    access = WorldAccess(world)
    by_id = {str(r.get("id")): r for r in access.collection(source)}
    points = [access.base()]
    for item in order:
        row = by_id.get(str(item), {})
        lat, lon = row.get("lat"), row.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            points.append((float(lat), float(lon)))
    points.append(access.base())
    return points


def engine_clock(clock: Any) -> Any:
    """The engine's clock driven by the app's (so tests control both)."""
    from simulator.log.clock import Clock

    return Clock(monotonic=lambda: clock.monotonic_ms() / 1000,
                 wall=lambda: clock.now().isoformat(timespec="milliseconds"))


def record(session: Any, path: Path, warn: Callable[[str], None] | None = None) -> None:
    """Register the session in the centre records as it runs (simulator.centre); a fault
    of the records is passed to `warn` (French) and never stops the session."""
    from simulator.centre import SessionRecorder

    SessionRecorder(log_path=path, on_error=warn or (lambda message: None)).attach(session)


def open_session(prepared: Prepared, data_dir: Path, clock: Any,
                 warn: Callable[[str], None] | None = None) -> tuple[Any, Path]:
    """Start the session, writing its log in the sessions folder."""
    from simulator.engine import Session
    from simulator.tui.storage import new_log_path

    path = new_log_path(data_dir, prepared.scenario.id, prepared.trainee, clock.now())
    try:
        session = Session.open(prepared.scenario, path, seed=prepared.seed,
                               trainee=prepared.trainee, mode=prepared.mode,
                               world=prepared.world, clock=engine_clock(clock))
    except Exception as exc:
        raise ServiceError(f"Impossible de démarrer la session : {exc}") from exc
    record(session, path, warn)
    return session, path


def timer_limit_ms(scenario: Scenario, mode: str) -> int | None:
    """Countdown length: the scenario's timer in its modes, else the duration in exam mode."""
    timer = scenario.timer
    if timer is not None and mode in timer.modes:
        return int(timer.limit_ms)
    if mode == "examen":
        return int(scenario.duration_min) * 60_000
    return None


def resume(path: Path, clock: Any = None,
           warn: Callable[[str], None] | None = None) -> tuple[Any, Prepared]:
    """Continue an interrupted session in its own log (the engine replays the prefix); the
    session clock, driven by the app's `clock`, continues from the recorded offsets."""
    from simulator.engine import Session

    try:
        session = Session.resume(path, clock=engine_clock(clock) if clock is not None
                                 else None)
    except Exception as exc:  # engine, log and scenario errors all carry French messages
        raise ServiceError(f"Reprise impossible : {exc}") from exc
    record(session, path, warn)
    prepared = prepared_from_session(session, session.scenario, seed=session.seed,
                                     trainee=session.trainee, mode=session.mode)
    return session, prepared


def abandon(session: Any) -> None:
    """The trainee gives the session up: `session_abandoned` then `session_ended` in the log
    (its hash chain says so; the home screen no longer offers to resume it)."""
    try:
        session.abandon()
    except Exception as exc:  # engine and log errors carry French messages
        raise ServiceError(f"Abandon non enregistré : {exc}") from exc


def pending_clarification(events: list[dict[str, Any]], node: str) -> list[str]:
    """The two choices of a « Vouliez-vous dire… ? » still waiting for an answer here."""
    for event in reversed(events):
        kind = event.get("type")
        if kind == "clarification":
            data = event.get("data") or {}
            if data.get("node") == node:
                return [str(c) for c in data.get("candidates") or []]
            return []
        if kind in ("free_text", "choice_made", "offer_made", "node_entered", "rephrase"):
            return []
    return []
