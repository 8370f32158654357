"""Resumed sessions, shown wherever a session is: where, when, and who allowed it in examen.

A resume is legitimate after a crash, but it is also how a trainee could cut a signed exam
log just before a bad answer and play it again. Every resume is therefore listed with the
node it resumed at and its wall-clock time; in *examen* a resume must be allowed by the
evaluator (`ntc run --resume … --evaluateur NOM`, or `--cle-centre` with the centre's key),
recorded with its time in the signed evaluation file, otherwise the session is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.render.dates import french_datetime

AUTHORIZATION = "resume_authorized"
LIMIT = ("limite : sans registre du centre, une coupure du journal suivie d'une reprise n'est "
         "visible que par la mention « séance reprise » ; un journal non signé peut être "
         "réécrit sans cette mention")


@dataclass(frozen=True)
class Resume:
    after_seq: int
    node: str
    time: str              # recorded wall-clock time (ISO 8601)
    authorized_by: str     # evaluator who allowed it, "" when none

    def describe(self) -> str:
        when = french_datetime(self.time)
        text = (f"séance reprise après l'événement n° {self.after_seq} (nœud « {self.node} »), "
                f"le {when}")
        if self.authorized_by:
            text += f", autorisée par {self.authorized_by}"
        return text


def find_resumes(events: list[dict[str, Any]],
                 authorizations: dict[int, str] | None = None) -> list[Resume]:
    """Every `session_resumed` of the events, with the node the session was at."""
    out: list[Resume] = []
    node = "?"
    allowed = authorizations or {}
    for event in events:
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        assert isinstance(data, dict)
        if event.get("type") == "node_entered" and isinstance(data.get("node"), str):
            node = data["node"]
        elif event.get("type") == "session_resumed":
            after = data.get("after_seq")
            after = after if isinstance(after, int) and not isinstance(after, bool) else 0
            out.append(Resume(after, node, str(event.get("time", "")),
                              allowed.get(after, "")))
    return out


def authorizations(sidecar_events: list[dict[str, Any]],
                   centre_key: str | None = None) -> dict[int, str]:
    """`after_seq` → who allowed the resume and when, from the verified evaluation file.

    An authorisation by the centre's key (`authority: cle-centre`) names the key by its
    `key_id`; with the key at hand (`centre_key`, its id) another key's is not taken.
    """
    out: dict[int, str] = {}
    for event in sidecar_events:
        data = event.get("data")
        if event.get("type") != AUTHORIZATION or not isinstance(data, dict):
            continue
        after = data.get("after_seq")
        who = data.get("evaluator")
        if not isinstance(after, int) or isinstance(after, bool) or not isinstance(who, str):
            continue
        who = who.strip()
        if data.get("authority") == "cle-centre":
            kid = data.get("key_id")
            if not isinstance(kid, str) or (centre_key is not None and kid != centre_key):
                continue
            by_key = f"la clé du centre (empreinte {kid})"
            who = f"{who}, avec {by_key}" if who else by_key
        when = french_datetime(str(event.get("time", "")))
        out[after] = (who or "l'évaluateur") + (f" le {when}" if when else "")
    return out
