"""Resumed sessions, shown wherever a session is: where, when, and who allowed it in examen.

A resume is legitimate after a crash, but it is also how a trainee could cut a signed exam
log just before a bad answer and play it again. Every resume is therefore listed with the
node it resumed at and its wall-clock time; in *examen* a resume must be allowed by the
evaluator (`ntc run --resume … --evaluateur NOM`, recorded in the signed evaluation file),
otherwise the session is flagged.
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


def authorizations(sidecar_events: list[dict[str, Any]]) -> dict[int, str]:
    """`after_seq` → evaluator, from the verified evaluation file."""
    out: dict[int, str] = {}
    for event in sidecar_events:
        data = event.get("data")
        if event.get("type") != AUTHORIZATION or not isinstance(data, dict):
            continue
        after = data.get("after_seq")
        who = data.get("evaluator")
        if isinstance(after, int) and not isinstance(after, bool) and isinstance(who, str):
            out[after] = who.strip() or "l'évaluateur"
    return out
