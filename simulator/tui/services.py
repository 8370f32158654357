"""The app's only door to the domain core (scenario, world, engine, log, scoring).

Screens call these functions instead of importing the core themselves, so the TUI stays a
thin view and an API change of the core is absorbed in one place. Imports are lazy: the
home screen must appear fast.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario

CCP_OF_COMPETENCE: dict[str, str] = {
    "C1": "CCP1", "C2": "CCP1", "C3": "CCP1", "C4": "CCP1",
    "C5": "CCP2", "C6": "CCP2", "C7": "CCP2",
}


class ServiceError(Exception):
    """A French message to show the user (unknown scenario, unreadable log...)."""


@dataclass(frozen=True)
class CatalogueEntry:
    """One shipped scenario as the home screen lists it."""

    id: str
    title: str
    competences: tuple[str, ...]
    duration_min: int
    difficulty: str
    path: str


@dataclass
class Catalogue:
    entries: list[CatalogueEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _entry(scenario: Scenario) -> CatalogueEntry:
    return CatalogueEntry(
        id=scenario.id,
        title=scenario.title,
        competences=tuple(scenario.competences),
        duration_min=scenario.duration_min,
        difficulty=scenario.difficulty,
        path=scenario.path,
    )


def load_catalogue() -> Catalogue:
    """Shipped scenarios; scenarios that fail to load are reported, not fatal."""
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, shipped_scenarios
    from simulator.scenario import load_scenario as load

    catalogue = Catalogue()
    for path in shipped_scenarios():
        try:
            loaded = load(path)
        except (ScenarioInvalid, ScenarioNotFound) as exc:
            catalogue.problems.append(f"{path.name} : {exc}")
            continue
        catalogue.entries.append(_entry(loaded))
    catalogue.entries.sort(key=lambda e: (e.competences[:1], e.title))
    return catalogue


def load_scenario(ref: str) -> Scenario:
    """A shipped id or a path -> the checked scenario; French ServiceError otherwise."""
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound
    from simulator.scenario import load_scenario as load

    try:
        return load(ref)
    except (ScenarioInvalid, ScenarioNotFound) as exc:
        raise ServiceError(str(exc)) from exc


@functools.lru_cache(maxsize=4)
def referential(ref_id: str = "TP-00338") -> dict[str, Any]:
    """The referential as data (titles of CCPs, competences and criteria)."""
    from importlib import resources

    import yaml

    text = resources.files("scoring").joinpath("referentiels", f"{ref_id}.yaml").read_text(
        encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    return data if isinstance(data, dict) else {}


def competence_titles(ref_id: str = "TP-00338") -> dict[str, str]:
    """`C1` -> title, `CCP1` -> title."""
    out: dict[str, str] = {}
    try:
        ref = referential(ref_id)
    except (OSError, ValueError):
        return out
    for ccp in ref.get("ccp", []) or []:
        out[str(ccp.get("id"))] = str(ccp.get("titre", ""))
        for comp in ccp.get("competences", []) or []:
            out[str(comp.get("id"))] = str(comp.get("titre", ""))
            for crit in comp.get("criteres", []) or []:
                out[str(crit.get("id"))] = str(crit.get("libelle", ""))
    return out


def ccp_of(competence: str) -> str:
    return CCP_OF_COMPETENCE.get(competence, "Autres")


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


def prepare(ref: str, *, seed: int, trainee: str, mode: str) -> Prepared:
    """Load the scenario and build its world (no log written yet)."""
    from simulator.engine import Session

    scenario = load_scenario(ref)
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
    role = ""
    if scenario.persona is not None and scenario.persona.role is not None:
        role = _render(scenario.persona.role.value, session)
    return Prepared(scenario=scenario, seed=seed, trainee=trainee, mode=mode,
                    world=dict(session.world), brief=str(brief), role=role)


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


def open_session(prepared: Prepared, data_dir: Path, clock: Any) -> tuple[Any, Path]:
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
    return session, path


def person(contact: Any) -> str:
    """`M. Dupont` from a contact record."""
    if not isinstance(contact, dict):
        return ""
    return " ".join(str(contact[k]) for k in ("civilite", "nom") if contact.get(k))


def speaker_names(world: dict[str, Any]) -> dict[str, str]:
    """Transcript labels: the decision maker's and the gatekeeper's names when known."""
    names: dict[str, str] = {}
    client = person(world.get("contact"))
    gatekeeper = person(world.get("barrage"))
    if client:
        names["client"] = f"{client} (client)"
    if gatekeeper:
        names["barrage"] = f"{gatekeeper} (standard)"
    return names


def timer_limit_ms(scenario: Scenario, mode: str) -> int | None:
    """Countdown length: the scenario's timer in its modes, else the duration in exam mode."""
    timer = scenario.timer
    if timer is not None and mode in timer.modes:
        return int(timer.limit_ms)
    if mode == "examen":
        return int(scenario.duration_min) * 60_000
    return None


@dataclass
class LoadedLog:
    """A session log read back for the debrief or the replay."""

    path: Path
    header: dict[str, Any]
    events: list[dict[str, Any]]
    verified: bool
    signed: bool
    problems: list[str]


def read_session_log(path: Path) -> LoadedLog:
    """Read a log (never raises on its content); ServiceError when it has no header."""
    from simulator.log import read_log, signing_key

    try:
        result = read_log(path, signing_key())
    except Exception as exc:
        raise ServiceError(f"Journal illisible : {exc}") from exc
    if result.header is None:
        reason = result.errors[0] if result.errors else "en-tête absent"
        raise ServiceError(f"{path} n'est pas un journal de session lisible ({reason}).")
    return LoadedLog(path=Path(path), header=result.header, events=list(result.events),
                     verified=bool(result.verified), signed=bool(result.signed),
                     problems=list(result.problems))


def transcript_lines(events: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(speaker, text, seq) for every event that shows in the transcript."""
    from simulator.engine.transcript import line_for

    out: list[tuple[str, str, int]] = []
    after_free_text = False
    for event in events:
        line = line_for(event, after_free_text)
        after_free_text = event.get("type") == "free_text"
        if line is not None:
            out.append((line.speaker, line.text, line.seq))
    return out


def score_log(path: Path) -> Any:
    """SessionResult of one log (evaluator overrides included), or ServiceError."""
    from scoring import ScoringError, score_logs

    try:
        report = score_logs([path])
    except ScoringError as exc:
        raise ServiceError(str(exc)) from exc
    for trainee in report.trainees:
        for session in trainee.sessions:
            return session
    message = report.problems[0].message if report.problems else "journal non évaluable"
    raise ServiceError(message)


def export_html(path: Path) -> Path:
    """Write the printable grid next to the log; return its path."""
    from scoring import ScoringError, render_html, score_logs

    try:
        report = score_logs([path])
    except ScoringError as exc:
        raise ServiceError(str(exc)) from exc
    out = path.with_name(path.name.removesuffix(".jsonl") + ".grille.html")
    try:
        out.write_text(render_html(report), encoding="utf-8")
    except OSError as exc:
        raise ServiceError(f"Export impossible : {exc}") from exc
    return out


def verify_replay(path: Path) -> tuple[bool, str]:
    """Re-execute the session from its log: (ok, French message)."""
    try:
        from simulator.engine.replay import verify_log

        result = verify_log(path)
    except Exception as exc:
        return False, f"Vérification impossible : {exc}"
    return bool(result.ok), str(result.message)


def evaluator_notes(path: Path) -> list[dict[str, Any]]:
    """Notes and overrides already in the sidecar (event dicts), verified or not."""
    from simulator.log import read_sidecar, signing_key

    try:
        result = read_sidecar(path, signing_key())
    except Exception:
        return []
    return list(result.events)


def add_note(path: Path, seq: int, text: str, evaluator: str, clock: Any) -> None:
    from simulator.log import LogError, SidecarWriter, signing_key

    try:
        writer = SidecarWriter.open(path, signing_key(), clock=engine_clock(clock))
        try:
            writer.note(seq, text, evaluator)
        finally:
            writer.close()
    except LogError as exc:
        raise ServiceError(str(exc)) from exc


def add_override(path: Path, criterion: str, decision: str, justification: str,
                 evaluator: str, clock: Any) -> None:
    from simulator.log import LogError, SidecarWriter, signing_key

    try:
        writer = SidecarWriter.open(path, signing_key(), clock=engine_clock(clock))
        try:
            writer.override(criterion, decision, justification, evaluator)
        finally:
            writer.close()
    except LogError as exc:
        raise ServiceError(str(exc)) from exc


def client_card(world: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) lines about the client company and its people, for the side panel."""
    from simulator.tui import formatting as fmt

    client = world.get("client") if isinstance(world.get("client"), dict) else {}
    assert isinstance(client, dict)
    lines: list[tuple[str, str]] = []
    if client:
        lines.append(("Entreprise", str(client.get("raison_sociale", ""))))
        lines.append(("Commune", f"{client.get('commune', '')} ({client.get('departement', '')})"))
        lines.append(("Secteur", str(client.get("secteur", ""))))
        lines.append(("Effectif", fmt.number(client.get("effectif"))))
        lines.append(("CA annuel", fmt.euros(client.get("ca_annuel"))))
        status = f"{client.get('statut', '')} · segment {client.get('segment', '')}"
        lines.append(("Statut", status))
        if client.get("concurrent"):
            lines.append(("Fournisseur actuel", str(client["concurrent"])))
    contact = world.get("contact")
    if isinstance(contact, dict):
        lines.append(("Décideur", f"{person(contact)}, {contact.get('fonction', '')}"))
        if contact.get("telephone"):
            lines.append(("Téléphone", str(contact["telephone"])))
    gatekeeper = world.get("barrage")
    if isinstance(gatekeeper, dict):
        lines.append(("Standard", f"{person(gatekeeper)}, {gatekeeper.get('fonction', '')}"))
    return lines


def revealed_needs(scenario: Scenario, revealed: list[str]) -> list[str]:
    """Texts of the hidden needs discovered so far."""
    if scenario.persona is None:
        return []
    texts = {need.id: need.text for need in scenario.persona.hidden_needs}
    return [texts.get(need, need) for need in revealed]
