"""C1.1: data-quality faults of the client file fixed vs missed.

The world snapshot in the header lists the faults planted in the file (`defauts`: duplicate,
wrong phone, closed company, contact who left…). A task field is a data-quality answer when
its id speaks of it (`defauts`, `doublons`, `fiabilisation`, `corrections`, `erreurs`…) or
when it selects fault ids directly. A fault counts as fixed when the answer selects it, its
company or its contact. At least 80 % fixed is favourable. Tasks whose answers already
gave authored evidence are left to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scoring.analysers.base import Context, data, seq
from scoring.analysers.feed import Feed, TaskFolder, run_folder
from scoring.evidence import Evidence
from simulator.french.grammar import plural

CRITERIA = ("C1.1",)
FIELD_WORDS = ("defaut", "doublon", "fiabil", "correct", "erreur", "nettoy", "anomal", "radi")
THRESHOLD = 0.8


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
        for key in value:
            if isinstance(key, str):
                yield key


def _keys(fault: dict[str, Any]) -> set[str]:
    return {str(fault[k]) for k in ("id", "entreprise_id", "contact_id") if fault.get(k)}


class DataQuality(TaskFolder):
    """Each data-quality answer against the world's planted faults (read on first use)."""

    def __init__(self) -> None:
        super().__init__()
        self.faults: list[dict[str, Any]] | None = None
        self.fault_ids: set[str] = set()

    def _faults(self, feed: Feed) -> list[dict[str, Any]]:
        if self.faults is None:
            found = feed.world().get("defauts") if feed.world_mentions("defauts") else None
            self.faults = [f for f in found if isinstance(f, dict)] \
                if isinstance(found, list) and found else []
            self.fault_ids = {str(f.get("id")) for f in self.faults}
        return self.faults

    def answer(self, ev: dict[str, Any], feed: Feed) -> list[Evidence]:
        answers = data(ev).get("answers")
        if not isinstance(answers, dict):
            return []
        faults = self._faults(feed)
        if not faults:
            return []
        selected: set[str] = set()
        for field_id, value in answers.items():
            values = set(_strings(value))
            if any(w in str(field_id).lower() for w in FIELD_WORDS) or values & self.fault_ids:
                selected |= values
        if not selected:
            return []
        fixed = [f for f in faults if _keys(f) & selected]
        missed = [f for f in faults if not _keys(f) & selected]
        ratio = len(fixed) / len(faults)
        detail = ""
        if missed:
            names = sorted({str(f.get("type") or "défaut") for f in missed})
            detail = f" ; manqués : {len(missed)} ({', '.join(names)})"
        text = (f"{plural(len(fixed), 'défaut du fichier traité', 'défauts du fichier traités')}"
                f" sur {len(faults)}{detail}.")
        return [Evidence(CRITERIA[0], 1 if ratio >= THRESHOLD else -1, text, "fichier",
                         (seq(ev),))]


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(DataQuality(), ctx.header, ctx.events, ctx.scenario)
