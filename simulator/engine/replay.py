"""Re-execute a session log and compare every derived event (`ntc replay --verify`), and
resume an interrupted session (`Session.resume`).

The session is rebuilt from the header alone (the world snapshot stored there, never
regenerated) and fed the recorded inputs with their recorded `t_ms`; each event it produces
must equal the recorded one, `t_ms`, `time`, `hash` and `mac` aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.engine.errors import EngineError
from simulator.engine.session import INPUT_TYPES, Session
from simulator.log.clock import ManualClock
from simulator.scenario.model import Scenario

IGNORED_KEYS = frozenset({"t_ms", "time", "hash", "mac"})
CHANGED_SCENARIO = "le scénario a changé depuis l'enregistrement"


class ReplayError(Exception):
    """The log cannot be replayed at all (unreadable, scenario missing or changed)."""


@dataclass(frozen=True)
class Divergence:
    seq: int
    message: str


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    message: str
    note: str = ""          # e.g. the session was interrupted (can be resumed)


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _strip(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in IGNORED_KEYS}


def compare(recorded: dict[str, Any], replayed: dict[str, Any]) -> str | None:
    """French description of the first difference, None when equal."""
    if (recorded.get("data") == replayed.get("data")
            and recorded.get("type") == replayed.get("type")
            and recorded.get("seq") == replayed.get("seq")):
        return None
    rec, rep = _strip(recorded), _strip(replayed)
    if rec == rep:
        return None
    if rec.get("type") != rep.get("type"):
        return (f"type enregistré « {rec.get('type')} », rejoué « {rep.get('type')} » "
                f"(enregistré : {_short(rec.get('data'))} ; rejoué : {_short(rep.get('data'))})")
    rdata, pdata = rec.get("data") or {}, rep.get("data") or {}
    if isinstance(rdata, dict) and isinstance(pdata, dict):
        for key in sorted(set(rdata) | set(pdata)):
            if rdata.get(key) != pdata.get(key) or (key in rdata) != (key in pdata):
                return (f"« {rec.get('type')} », champ « {key} » : enregistré "
                        f"{_short(rdata.get(key))}, rejoué {_short(pdata.get(key))}")
    for key in sorted(set(rec) | set(rep)):
        if rec.get(key) != rep.get(key):
            return (f"champ « {key} » : enregistré {_short(rec.get(key))}, "
                    f"rejoué {_short(rep.get(key))}")
    return "événements différents"


def feed(session: Session, event: dict[str, Any]) -> None:
    """Apply one recorded input event to the session (raises EngineError)."""
    kind, data, t_ms = event["type"], event.get("data") or {}, event.get("t_ms")
    if kind == "choice_made":
        session.choose(str(data.get("choice")), t_ms=t_ms)
    elif kind == "free_text":
        session.say(str(data.get("text", "")), choice=str(data.get("choice")), t_ms=t_ms)
    elif kind == "offer_made":
        session.offer(dict(data.get("offer") or {}), t_ms=t_ms)
    elif kind == "negotiation_action":
        if data.get("action") == "accept":
            session.accept(t_ms=t_ms)
        else:
            session.break_off(t_ms=t_ms)
    elif kind == "task_answered":
        session.answer(dict(data.get("answers") or {}), t_ms=t_ms)
    elif kind == "session_resumed":
        session.note_resumed(int(data.get("after_seq", 0)), t_ms=t_ms)
    else:
        raise EngineError(f"« {kind} » n'est pas une entrée")


def scenario_for(header: dict[str, Any], scenario: Scenario | None = None) -> Scenario:
    """The scenario a log was recorded with; ReplayError when missing or changed."""
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, load_scenario

    info = header.get("scenario") or {}
    if scenario is None:
        ref = str(info.get("path") or "")
        candidates = [ref] if ref and Path(ref).is_file() else []
        candidates.append(str(info.get("id") or ""))
        last: Exception | None = None
        for candidate in candidates:
            if not candidate:
                continue
            try:
                scenario = load_scenario(candidate)
                break
            except (ScenarioNotFound, ScenarioInvalid) as exc:
                last = exc
        if scenario is None:
            raise ReplayError(f"scénario du journal introuvable ou invalide ({last})")
    if scenario.sha256 != info.get("sha256"):
        raise ReplayError(f"{CHANGED_SCENARIO} ({scenario.path} : empreinte différente de "
                          "celle du journal) : rejeu impossible")
    return scenario


def session_from_header(header: dict[str, Any], scenario: Scenario) -> Session:
    """A fresh session with the recorded seed, mode, trainee and world snapshot."""
    world = header.get("world")
    if not isinstance(world, dict):
        raise ReplayError("en-tête sans instantané du monde : rejeu impossible")
    return Session(scenario, seed=int(header.get("seed", 1)),
                   trainee=str(header.get("trainee", "")),
                   mode=str(header.get("mode", "entrainement")), world=world,
                   clock=ManualClock(), session_id=str(header.get("session_id", "")),
                   started_at=str(header.get("started_at", "")))


def replay_events(session: Session, recorded: list[dict[str, Any]]) -> Divergence | None:
    """Start the session and feed it the recorded inputs, comparing as it goes."""
    session.start()
    produced = session._events
    i = 0
    while True:
        while i < len(produced):
            if i >= len(recorded):
                if not any(e.get("type") == "session_ended" for e in recorded[-1:]):
                    return None       # interrupted log: the rest was never written
                extra = produced[i]
                return Divergence(int(extra["seq"]),
                                  f"le rejeu produit un événement en plus : « {extra['type']} » "
                                  f"{_short(extra['data'])}")
            diff = compare(recorded[i], produced[i])
            if diff is not None:
                return Divergence(int(recorded[i].get("seq", i + 1)), diff)
            i += 1
        if i >= len(recorded):
            return None
        nxt = recorded[i]
        seq = int(nxt.get("seq", i + 1))
        if nxt.get("type") not in INPUT_TYPES and nxt.get("type") != "session_resumed":
            return Divergence(seq, f"événement enregistré « {nxt.get('type')} » absent du "
                                   f"rejeu ({_short(nxt.get('data'))})")
        try:
            feed(session, nxt)
        except EngineError as exc:
            return Divergence(seq, f"l'entrée enregistrée « {nxt.get('type')} » est refusée "
                                   f"au rejeu : {exc}")
        if len(produced) == i:
            return Divergence(seq, f"l'entrée « {nxt.get('type')} » ne produit rien au rejeu")


def verify_log(path: str | Path, scenario: Scenario | None = None) -> VerifyResult:
    """Check the chain, then the scenario's fingerprint, then re-execute the session."""
    from simulator.log.keys import signing_key
    from simulator.log.reader import read_log

    result = read_log(path, signing_key())
    if result.errors or result.header is None:
        first = result.errors[0] if result.errors else "en-tête absent"
        return VerifyResult(False, len(result.events), f"journal altéré ou illisible : {first}")
    try:
        sc = scenario_for(result.header, scenario)
        session = session_from_header(result.header, sc)
        divergence = replay_events(session, result.events)
    except ReplayError as exc:
        return VerifyResult(False, len(result.events), str(exc))
    except EngineError as exc:
        return VerifyResult(False, len(result.events), f"erreur pendant le rejeu : {exc}")
    if divergence is not None:
        return VerifyResult(False, len(result.events),
                            f"divergence à l'événement n° {divergence.seq} : "
                            f"{divergence.message}")
    count = len(result.events)
    note = ""
    if not session.ended:
        note = (f"séance interrompue au nœud « {session.current_node.id} » : elle peut être "
                "reprise")
    return VerifyResult(True, count, f"journal vérifié : {count} événements, rejeu identique",
                        note)


def resume_session(path: Path, scenario: Scenario | None = None) -> Session:
    """Replay the good prefix silently, then append `session_resumed` to the same log.

    When the crash cut the last input's consequences, they are written first; when those
    end the session, no `session_resumed` is added and the returned session is ended.
    """
    from simulator.log.keys import signing_key
    from simulator.log.writer import LogWriter

    writer, result = LogWriter.resume(path, signing_key())
    try:
        assert result.header is not None
        sc = scenario_for(result.header, scenario)
        session = session_from_header(result.header, sc)
        divergence = replay_events(session, result.events)
        if divergence is not None:
            raise ReplayError(f"reprise impossible, divergence à l'événement n° "
                              f"{divergence.seq} : {divergence.message}")
        if session.ended and len(session._events) == len(result.events):
            raise ReplayError("reprise impossible : la séance est déjà terminée")
        session.attach_log(writer, writer.clock)
        _complete_cut_input(session, writer, len(result.events))
    except BaseException:
        writer.close()
        raise
    if not session.ended:        # else the crash only cut the end of a finished session
        session.note_resumed(writer.next_seq - 1)
    return session


def _complete_cut_input(session: Session, writer: Any, recorded: int) -> None:
    """Write the consequences of the last input that the crash cut off, if any.

    A crash between an input and its derived events leaves a log whose replay produces
    more than was written. Those events are deterministic, so they are appended as they
    were produced (with their original `t_ms`): `replay --verify` then finds them in place
    before `session_resumed`.
    """
    produced = session._events
    for i in range(recorded, len(produced)):
        event = produced[i]
        written = writer.append(event["type"], event["data"], t_ms=event["t_ms"])
        if written["seq"] != event["seq"]:
            raise ReplayError(f"reprise impossible : numérotation du journal incohérente "
                              f"(n° {written['seq']} au lieu de {event['seq']})")
        produced[i] = written
