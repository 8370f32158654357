"""Re-executing recorded inputs on a session: comparing events, reading headers, resuming.

The replay side below the session: it knows the session only as the object it feeds (the
class is passed in where one must be built), so `session.py` can use it for
`Session.resume` and `replay.py` for `ntc replay --verify` without an import cycle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.engine.errors import EngineError
from simulator.engine.events import INPUT_TYPES, MODES
from simulator.log.clock import ManualClock

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Scenario

IGNORED_KEYS = frozenset({"t_ms", "time", "hash", "mac"})
CHANGED_SCENARIO = "le scénario a changé depuis l'enregistrement"
# Header fields a replay reads, with their JSON type (a hand-edited header is checked first).
_HEADER_FIELDS: tuple[tuple[str, type, str], ...] = (
    ("scenario", dict, "un objet"), ("seed", int, "un entier"), ("mode", str, "un texte"),
    ("trainee", str, "un texte"), ("world", dict, "un objet"),
    ("session_id", str, "un texte"), ("started_at", str, "un texte"),
)

class ReplayError(Exception):
    """The log cannot be replayed at all (unreadable, scenario missing or changed)."""


@dataclass(frozen=True)
class Divergence:
    seq: int
    message: str


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
    if not isinstance(data, dict):
        raise EngineError(f"« {kind} » : données illisibles (objet attendu)")
    if kind == "choice_made":
        session.choose(str(data.get("choice")), t_ms=t_ms)
    elif kind == "free_text" and "analysis" in data:      # understood by the act model
        session.say(str(data.get("text", "")), t_ms=t_ms, recorded=data)
    elif kind == "free_text":
        picked = data.get("choice")        # None: an answer to the buyer's objection
        session.say(str(data.get("text", "")), choice=None if picked is None else str(picked),
                    t_ms=t_ms)
    elif kind == "offer_made":
        typed = data.get("contreparties")
        session.offer(_mapping(data, "offer", kind), t_ms=t_ms,
                      counterparts=list(typed) if isinstance(typed, list) else None,
                      text=str(data["texte"]) if "texte" in data else None)
    elif kind == "negotiation_action":
        if data.get("action") == "accept":
            session.accept(t_ms=t_ms)
        else:
            session.break_off(t_ms=t_ms)
    elif kind == "task_answered":
        session.answer(_mapping(data, "answers", kind), t_ms=t_ms)
    elif kind == "session_abandoned":
        session.abandon(t_ms=t_ms)
    elif kind == "session_resumed":
        after = data.get("after_seq", 0)
        if isinstance(after, bool) or not isinstance(after, int):
            raise EngineError(f"« session_resumed » : « after_seq » doit être un entier, pas "
                              f"{_short(after)}")
        session.note_resumed(after, t_ms=t_ms)
    else:
        raise EngineError(f"« {kind} » n'est pas une entrée")


def _mapping(data: dict[str, Any], key: str, kind: str) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise EngineError(f"« {kind} » : « {key} » illisible (objet attendu)")
    return dict(value)


def check_header(header: dict[str, Any]) -> None:
    """ReplayError « en-tête invalide : … » when a field a replay needs is missing or of the
    wrong type (a hand-edited header whose hash chain was recomputed)."""
    for key, kind, what in _HEADER_FIELDS:
        value = header.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            shown = "absent" if key not in header else _short(value, 60)
            raise ReplayError(f"en-tête invalide : « {key} » doit être {what} ({shown})")
    info = header["scenario"]
    for key in ("id", "sha256"):
        if not isinstance(info.get(key), str) or not info.get(key):
            raise ReplayError(f"en-tête invalide : « scenario.{key} » doit être un texte non "
                              "vide")
    if not isinstance(info.get("path"), str | None):
        raise ReplayError("en-tête invalide : « scenario.path » doit être un texte")
    if header["mode"] not in MODES:
        raise ReplayError(f"en-tête invalide : mode inconnu « {_short(header['mode'], 60)} » "
                          "(entrainement ou examen)")
    world = header["world"]
    for key in ("client", "contact"):       # the roles picked when the session began
        if not isinstance(world.get(key), dict):
            raise ReplayError(f"en-tête invalide : l'instantané du monde n'a pas de « {key} » "
                              "(objet attendu)")


def _recorded_file(ref: str) -> Path | None:
    if not ref:
        return None
    try:
        path = Path(ref)
        return path if path.is_file() else None
    except (OSError, ValueError):      # embedded NUL, name too long…
        return None


def scenario_for(header: dict[str, Any], scenario: Scenario | None = None) -> Scenario:
    """The scenario a log was recorded with; ReplayError when missing or changed.

    Tried in order: the file at the recorded path (absolute since the header stores it
    so), then the shipped scenario of the recorded id.
    """
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, load_scenario

    info = header.get("scenario")
    if not isinstance(info, dict):
        raise ReplayError("en-tête invalide : « scenario » doit être un objet")
    if scenario is None:
        ref = info.get("path") if isinstance(info.get("path"), str) else ""
        recorded = _recorded_file(ref or "")
        sid = info.get("id") if isinstance(info.get("id"), str) else ""
        invalid: str | None = None
        if recorded is not None:
            try:
                scenario = load_scenario(recorded)
            except (ScenarioNotFound, ScenarioInvalid) as exc:
                invalid = f"le scénario enregistré {recorded} est invalide : {exc}"
        if scenario is None and sid and "/" not in sid and "\\" not in sid:
            try:
                scenario = load_scenario(sid)
            except ScenarioNotFound:
                pass
            except ScenarioInvalid as exc:
                invalid = invalid or f"le scénario livré « {sid} » est invalide : {exc}"
        if scenario is None:
            if invalid is not None:
                raise ReplayError(f"rejeu impossible : {invalid}")
            where = f" (ni {ref}, ni un scénario livré de ce nom)" if ref else ""
            raise ReplayError(f"scénario du journal introuvable : « {sid} »{where}")
    if scenario.sha256 != info.get("sha256"):
        raise ReplayError(f"{CHANGED_SCENARIO} ({scenario.path} : empreinte différente de "
                          "celle du journal) : rejeu impossible")
    return scenario


def new_session(cls: type[Session], header: dict[str, Any], scenario: Scenario) -> Session:
    """A fresh session of class `cls` with the recorded seed, mode, trainee and world."""
    check_header(header)
    return cls(scenario, seed=header["seed"], trainee=header["trainee"], mode=header["mode"],
               world=header["world"], clock=ManualClock(), session_id=header["session_id"],
               started_at=header["started_at"], models=_models(header))


def _models(header: dict[str, Any]) -> dict[str, int]:
    """The behaviour versions a log was recorded with (none: the first ones)."""
    models = header.get("models")
    if not isinstance(models, dict):
        return {}
    return {str(k): v for k, v in models.items() if isinstance(v, int) and not isinstance(v, bool)}


def replay_events(session: Session, recorded: Iterable[dict[str, Any]], *,
                  forget: bool = False) -> Divergence | None:
    """Start the session and feed it the recorded inputs, comparing as it goes.

    `recorded` may be a stream (`simulator.log.open_log`): it is read once, in step with
    the re-execution, and only the event being compared (and the last one, to tell an
    interrupted log) is held. With `forget`, the session also drops what it has produced
    once compared (events, transcript, feedback), so a verification's memory does not grow
    with the session's length; the session is then only good for its final state.
    """
    session.start()
    produced = session._events
    events: Iterator[dict[str, Any]] = iter(recorded)
    current: dict[str, Any] | None
    pending: dict[str, Any] | None = None     # an input fed, still to be compared
    last: dict[str, Any] | None = None
    count = 0                                  # recorded events read so far
    i = 0
    while True:
        while i < len(produced):
            if pending is not None:
                current, pending = pending, None
            else:
                current = next(events, None)
                if current is None:
                    if last is None or last.get("type") != "session_ended":
                        return None       # interrupted log: the rest was never written
                    extra = produced[i]
                    return Divergence(int(extra["seq"]),
                                      f"le rejeu produit un événement en plus : "
                                      f"« {extra['type']} » {_short(extra['data'])}")
                last, count = current, count + 1
            diff = compare(current, produced[i])
            if diff is not None:
                return Divergence(int(current.get("seq", count)), diff)
            i += 1
        if pending is not None:      # the input produced nothing, not even itself
            return Divergence(int(pending.get("seq", count)),
                              f"l'entrée « {pending.get('type')} » ne produit rien au rejeu")
        if forget:
            del produced[:]
            session._transcript.clear()
            session._feedback.clear()
            i = 0
        nxt = next(events, None)
        if nxt is None:
            return None
        last, count = nxt, count + 1
        seq = int(nxt.get("seq", count))
        if nxt.get("type") not in INPUT_TYPES and nxt.get("type") != "session_resumed":
            return Divergence(seq, f"événement enregistré « {nxt.get('type')} » absent du "
                                   f"rejeu ({_short(nxt.get('data'))})")
        try:
            feed(session, nxt)
        except EngineError as exc:
            return Divergence(seq, f"l'entrée enregistrée « {nxt.get('type')} » est refusée "
                                   f"au rejeu : {exc}")
        pending = nxt


def resume_log(cls: type[Session], path: Path, scenario: Scenario | None = None,
               clock: Any = None) -> Session:
    """Replay the good prefix silently, then append `session_resumed` to the same log.

    When the crash cut the last input's consequences, they are written first; when those
    end the session, no `session_resumed` is added and the returned session is ended.
    """
    from simulator.log.keys import signing_key
    from simulator.log.writer import LogWriter

    writer, result = LogWriter.resume(path, signing_key(), clock=clock)
    if clock is not None:       # continue from the last recorded offset
        clock.offset_ms = result.events[-1]["t_ms"] if result.events else 0
    try:
        assert result.header is not None
        check_header(result.header)
        sc = scenario_for(result.header, scenario)
        session = new_session(cls, result.header, sc)
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
    with writer.batch():             # written back together, like the input they follow
        for i in range(recorded, len(produced)):
            event = produced[i]
            written = writer.append(event["type"], event["data"], t_ms=event["t_ms"])
            if written["seq"] != event["seq"]:
                raise ReplayError(f"reprise impossible : numérotation du journal "
                                  f"incohérente (n° {written['seq']} au lieu de "
                                  f"{event['seq']})")
            produced[i] = written
