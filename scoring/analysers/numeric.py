"""C7.1 (or C5.1): numerical answers of tasks within the tolerance.

Uses the `results` the engine computed in `task_answered` (`expected` a number, `ok`).
Fields that carry their own authored criterion already produce `evidence` events; they are
skipped to avoid counting the same answer twice.
"""

from __future__ import annotations

from typing import Any

from scoring.analysers.base import Context, data, fmt, number, seq
from scoring.analysers.feed import Feed, TaskFolder, run_folder
from scoring.evidence import Evidence

CRITERIA = ("C7.1", "C5.1")


class Numeric(TaskFolder):
    """Each numerical answer within the tolerance or not."""

    def answer(self, ev: dict[str, Any], feed: Feed) -> list[Evidence]:
        out: list[Evidence] = []
        skip = feed.scenario.fields_with_criterion if feed.scenario else frozenset()
        criterion = feed.pick(CRITERIA)
        payload = data(ev)
        node = str(payload.get("node"))
        results = payload.get("results")
        answers = payload.get("answers") or {}
        if not isinstance(results, dict):
            return out
        for field_id in sorted(results):
            res: Any = results[field_id]
            if not isinstance(res, dict) or (node, field_id) in skip:
                continue
            expected = number(res.get("expected"))
            if expected is None or not isinstance(res.get("ok"), bool):
                continue
            given = number(answers.get(field_id)) if isinstance(answers, dict) else None
            said = fmt(given) if given is not None else "aucune réponse"
            if res["ok"]:
                out.append(Evidence(criterion, 1,
                                    f"« {field_id} » juste : {said} (attendu {fmt(expected)}).",
                                    "calculs", (seq(ev),)))
            else:
                out.append(Evidence(criterion, -1,
                                    f"« {field_id} » hors tolérance : {said} "
                                    f"(attendu {fmt(expected)}).",
                                    "calculs", (seq(ev),)))
        return out


def analyse(ctx: Context) -> list[Evidence]:
    return run_folder(Numeric(), ctx.header, ctx.events, ctx.scenario)
