"""Re-execute a session log and compare every derived event (`ntc replay --verify`), and
resume an interrupted session (`Session.resume`).

The session is rebuilt from the header alone (the world snapshot stored there, never
regenerated) and fed the recorded inputs with their recorded `t_ms`; each event it produces
must equal the recorded one, `t_ms`, `time`, `hash` and `mac` aside. The re-execution
itself lives in rerun.py (below the session); this module adds the session class.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.engine.errors import EngineError
from simulator.engine.rerun import (
    CHANGED_SCENARIO,
    IGNORED_KEYS,
    Divergence,
    ReplayError,
    check_header,
    compare,
    feed,
    new_session,
    replay_events,
    resume_log,
    scenario_for,
)
from simulator.engine.session import Session
from simulator.scenario.model import Scenario

__all__ = ["CHANGED_SCENARIO", "IGNORED_KEYS", "UNVERIFIED_SIGNATURE", "Divergence",
           "ReplayError", "VerifyResult", "check_header", "compare", "feed", "replay_events",
           "resume_session", "scenario_for", "session_from_header", "verify_log"]

UNVERIFIED_SIGNATURE = ("signature non vérifiée : fournissez la clé avec NTC_LOG_KEY ou "
                        "NTC_LOG_KEY_FILE")


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    message: str
    note: str = ""          # e.g. the session was interrupted (can be resumed)
    warnings: tuple[str, ...] = ()   # from the reader, e.g. signed but no key given


def session_from_header(header: dict[str, Any], scenario: Scenario) -> Session:
    """A fresh session with the recorded seed, mode, trainee and world snapshot."""
    return new_session(Session, header, scenario)


def verify_log(path: str | Path, scenario: Scenario | None = None) -> VerifyResult:
    """Check the chain, then the scenario's fingerprint, then re-execute the session.

    A signed log read without the key is not « vérifié »: the chain can be recomputed by
    anyone, only the signature proves the log was not rewritten. Raises LogError when the
    key configuration itself is unusable (key file missing or empty).
    """
    from simulator.log.keys import signing_key
    from simulator.log.reader import read_log

    result = read_log(path, signing_key())
    warnings = tuple(result.warnings)
    count = len(result.events)
    if result.errors or result.header is None:
        first = result.errors[0] if result.errors else "en-tête absent"
        return VerifyResult(False, count, f"journal altéré ou illisible : {first}",
                            warnings=warnings)
    try:
        sc = scenario_for(result.header, scenario)
        session = session_from_header(result.header, sc)
        divergence = replay_events(session, result.events)
    except ReplayError as exc:
        return VerifyResult(False, count, str(exc), warnings=warnings)
    except EngineError as exc:
        return VerifyResult(False, count, f"erreur pendant le rejeu : {exc}",
                            warnings=warnings)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        # Content no writer produces (hand-edited, chain recomputed): never a traceback.
        return VerifyResult(False, count, "rejeu impossible : contenu du journal incohérent "
                            f"({type(exc).__name__} : {exc})", warnings=warnings)
    if divergence is not None:
        return VerifyResult(False, count,
                            f"divergence à l'événement n° {divergence.seq} : "
                            f"{divergence.message}", warnings=warnings)
    note = ""
    if not session.ended:
        note = (f"séance interrompue au nœud « {session.current_node.id} » : elle peut être "
                "reprise")
    if result.signed and not result.signature_checked:
        return VerifyResult(False, count, f"{UNVERIFIED_SIGNATURE} (chaîne d'empreintes et "
                            f"rejeu identiques sur {_events(count)}, mais sans la clé rien ne "
                            "prouve que le journal n'a pas été réécrit)", note,
                            warnings=warnings)
    return VerifyResult(True, count, f"journal vérifié : {_events(count)}, rejeu identique",
                        note, warnings=warnings)


def _events(count: int) -> str:
    """« 1 événement », « 12 événements »."""
    return f"{count} événement" + ("s" if count > 1 else "")


def resume_session(path: Path, scenario: Scenario | None = None) -> Session:
    """Replay the good prefix silently, then append `session_resumed` to the same log
    (see `rerun.resume_log`)."""
    return resume_log(Session, Path(path), scenario)
