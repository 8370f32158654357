"""One typed reply, as the engine records and replays it.

`understand(text, options)` analyses the sentence with the shipped model and applies the
confidence policy; `replayed(recorded, text, options)` re-applies the policy to the analysis
a log recorded (when the log names another model than the installed one), so an old log
still verifies after the model changes. The payloads are plain JSON for the session log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.nlu.analysis import analyse
from simulator.nlu.model import ActModel, load_model
from simulator.nlu.offer import OfferDraft, draft_offer
from simulator.nlu.resolve import Option, Resolution, resolve

TOP_ACTS_LOGGED = 8


@dataclass(frozen=True)
class Turn:
    analysis: dict[str, Any]          # {"texte", "actes": [...], "entites": [...]}
    resolution: Resolution
    draft: OfferDraft

    def acts(self) -> list[tuple[str, float]]:
        return acts_of(self.analysis)


def acts_of(analysis: dict[str, Any]) -> list[tuple[str, float]]:
    """(act, score) pairs of a recorded analysis, ignoring malformed items."""
    out: list[tuple[str, float]] = []
    for item in analysis.get("actes", []) if isinstance(analysis, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("acte"), str) and isinstance(
                item.get("score"), int | float):
            out.append((item["acte"], float(item["score"])))
    return out


def understand(text: str, options: Sequence[Option], model: ActModel | None = None) -> Turn:
    """Analyse `text` and resolve it against the node's options."""
    result = analyse(text, model or load_model())
    payload = result.as_json(top=TOP_ACTS_LOGGED)
    # Resolve on exactly what is logged, so a replay from the log decides the same way.
    return replayed(payload, result.text, options)


def replayed(recorded: dict[str, Any], text: str, options: Sequence[Option]) -> Turn:
    """The same turn from a recorded analysis (another model's): the policy runs again."""
    acts = acts_of(recorded)
    return Turn(recorded, resolve(acts, str(recorded.get("texte", text)), options),
                draft_offer(text))
