"""xAPI 1.0.3 statements of a session, with cmi5-style verbs.

A session gives: launched, initialized, one `scored` per criterion the session assessed
(result.success + evidence counts; context extensions naming referential, CCP, competence
and criterion), completed, passed or failed per CCP assessed, terminated. Everything is
derived from the log and its scoring: ids are uuid5 of (session, verb, object), timestamps
are the recorded ones, so building the statements twice gives the same bytes and
re-sending them never duplicates anything in the LRS.
"""

from __future__ import annotations

import uuid
from typing import Any

from scoring import ACQUIS, NON_ACQUIS, SessionResult

NAMESPACE = uuid.UUID("6f4b1c9e-2d8a-5e57-9a61-0c3f4e8b7d21")
DEFAULT_HOMEPAGE = "https://centre.ntc-simulateur.example"
BASE = "https://ntc-simulateur.example/xapi"
EXT = f"{BASE}/extensions"
ADL = "http://adlnet.gov/expapi/verbs"
VERBS: dict[str, tuple[str, str]] = {
    "launched": (f"{ADL}/launched", "a lancé"),
    "initialized": (f"{ADL}/initialized", "a commencé"),
    "scored": (f"{ADL}/scored", "a été évalué sur"),
    "completed": (f"{ADL}/completed", "a terminé"),
    "passed": (f"{ADL}/passed", "a réussi"),
    "failed": (f"{ADL}/failed", "a échoué à"),
    "terminated": (f"{ADL}/terminated", "a quitté"),
}


def registration(session_id: str) -> str:
    """The session id as a UUID (hex ids are UUIDs already; others get a uuid5)."""
    try:
        return str(uuid.UUID(session_id))
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"session:{session_id}"))


def statement_id(session_id: str, verb: str, object_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{session_id}|{verb}|{object_id}"))


def actor(trainee: str, homepage: str = DEFAULT_HOMEPAGE) -> dict[str, Any]:
    return {"objectType": "Agent", "name": trainee,
            "account": {"homePage": homepage, "name": trainee}}


def _activity(activity_id: str, name: str, kind: str) -> dict[str, Any]:
    return {"objectType": "Activity", "id": activity_id,
            "definition": {"name": {"fr-FR": name}, "type": kind}}


def _duration(ms: int) -> str:
    """ISO 8601 duration (« PT754.2S »)."""
    seconds = max(ms, 0) / 1000
    return f"PT{seconds:.1f}S".replace(".0S", "S")


def session_statements(header: dict[str, Any], events: list[dict[str, Any]],
                       result: SessionResult | None, referential_id: str,
                       homepage: str = DEFAULT_HOMEPAGE) -> list[dict[str, Any]]:
    """Statements of one session; without `result` (not ended) only launched/initialized."""
    sid = str(header.get("session_id") or "")
    scen = header.get("scenario") if isinstance(header.get("scenario"), dict) else {}
    assert isinstance(scen, dict)
    scenario_id = str(scen.get("id") or "")
    who = actor(str(header.get("trainee") or "(sans nom)"), homepage)
    scenario = _activity(f"{BASE}/scenarios/{scenario_id}",
                         str(scen.get("titre") or scenario_id),
                         "http://adlnet.gov/expapi/activities/simulation")
    base_ext = {f"{EXT}/scenario-sha256": str(scen.get("sha256") or ""),
                f"{EXT}/mode": str(header.get("mode") or ""),
                f"{EXT}/graine": header.get("seed"),
                f"{EXT}/referentiel": referential_id}

    def make(verb: str, obj: dict[str, Any], when: str, res: dict[str, Any] | None = None,
             extensions: dict[str, Any] | None = None) -> dict[str, Any]:
        iri, display = VERBS[verb]
        statement: dict[str, Any] = {
            "id": statement_id(sid, verb, obj["id"]), "actor": who,
            "verb": {"id": iri, "display": {"fr-FR": display}}, "object": obj,
            "timestamp": when, "version": "1.0.3",
            "context": {"registration": registration(sid), "language": "fr-FR",
                        "extensions": {**base_ext, **(extensions or {})},
                        "contextActivities": {"parent": [scenario]} if obj is not scenario
                        else {}},
        }
        if not statement["context"]["contextActivities"]:
            del statement["context"]["contextActivities"]
        if res is not None:
            statement["result"] = res
        return statement

    started = str(header.get("started_at") or "")
    first = next((e for e in events if e.get("type") == "session_started"), None)
    out = [make("launched", scenario, started),
           make("initialized", scenario, str(first.get("time") if first else started))]
    ended = next((e for e in reversed(events) if e.get("type") == "session_ended"), None)
    if result is None or ended is None:
        return out
    end_time = str(ended.get("time") or started)
    for ccp in result.scoring.ccps:
        for comp in ccp.competences:
            for crit in comp.criteria:
                if crit.decision not in (ACQUIS, NON_ACQUIS):
                    continue
                obj = _activity(f"{BASE}/referentiels/{referential_id}/criteres/{crit.id}",
                                f"{crit.id} {crit.label}",
                                "http://adlnet.gov/expapi/activities/objective")
                res = {"success": crit.decision == ACQUIS,
                       "extensions": {f"{EXT}/preuves": len(crit.evidence),
                                      f"{EXT}/preuves-favorables": crit.positive,
                                      f"{EXT}/preuves-defavorables": crit.negative,
                                      f"{EXT}/decision": crit.decision,
                                      f"{EXT}/decision-evaluateur": crit.override is not None}}
                out.append(make("scored", obj, end_time, res, {
                    f"{EXT}/ccp": ccp.id, f"{EXT}/competence": comp.id,
                    f"{EXT}/critere": crit.id}))
    duration = _duration(result.duration_ms)
    out.append(make("completed", scenario, end_time,
                    {"completion": True, "duration": duration,
                     "extensions": {f"{EXT}/issue": result.outcome or ""}}))
    for ccp in result.scoring.ccps:
        if ccp.decision not in (ACQUIS, NON_ACQUIS):
            continue
        verb = "passed" if ccp.decision == ACQUIS else "failed"
        obj = _activity(f"{BASE}/referentiels/{referential_id}/{ccp.id}",
                        f"{ccp.id} {ccp.title}",
                        "http://adlnet.gov/expapi/activities/assessment")
        out.append(make(verb, obj, end_time,
                        {"success": verb == "passed", "completion": True,
                         "score": {"scaled": round(ccp.mastery / 100, 2)},
                         "duration": duration}, {f"{EXT}/ccp": ccp.id}))
    last = str(events[-1].get("time") or end_time) if events else end_time
    out.append(make("terminated", scenario, last, {"duration": duration}))
    return out
