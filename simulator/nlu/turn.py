"""One typed reply, as the engine records and replays it.

`understand(text, options)` analyses the sentence with the shipped model and applies the
confidence policy; `replayed(recorded, text, options)` re-applies the policy to the analysis
a log recorded (when the log names another model than the installed one), so an old log
still verifies after the model changes. The payloads are plain JSON for the session log.
"""

from __future__ import annotations

import re
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
    """(act, score) pairs a recorded analysis resolves with (its sentence profile when
    recorded, else its ranking), ignoring malformed items."""
    out: list[tuple[str, float]] = []
    if not isinstance(analysis, dict):
        return out
    items = analysis.get("profil") if isinstance(analysis.get("profil"), list) \
        else analysis.get("actes", [])
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("acte"), str) and isinstance(
                item.get("score"), int | float):
            out.append((item["acte"], float(item["score"])))
    return out


_SEGMENT = re.compile(r"(?<=[.!?;…])\s+|\s*\n+\s*")


def profile(text: str, model: ActModel) -> list[tuple[str, float]]:
    """Each act's best score over the whole text and each of its sentences.

    A turn often does several things (« Bonjour, X de Y. Je vous appelle pour Z. Qui
    s'occupe… ? »): the whole-text ranking names the main act, the profile keeps the others
    so a reply that does all of them is recognised."""
    best = {a.act: a.score for a in model.rank(text)}
    parts = [p for p in _SEGMENT.split(text) if len(p.split()) >= 2]
    if len(parts) > 1:
        for part in parts[:12]:
            for a in model.rank(part):
                best[a.act] = max(best[a.act], a.score)
    ordered = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return ordered[:TOP_ACTS_LOGGED]


def understand(text: str, options: Sequence[Option], model: ActModel | None = None) -> Turn:
    """Analyse `text` and resolve it against the node's options."""
    m = model or load_model()
    result = analyse(text, m)
    payload: dict[str, Any] = result.as_json(top=TOP_ACTS_LOGGED)
    payload["profil"] = [{"acte": a, "score": s} for a, s in profile(result.text, m)]
    # Resolve on exactly what is logged, so a replay from the log decides the same way.
    return replayed(payload, result.text, options)


def replayed(recorded: dict[str, Any], text: str, options: Sequence[Option]) -> Turn:
    """The same turn from a recorded analysis (another model's): the policy runs again."""
    acts = acts_of(recorded)
    return Turn(recorded, resolve(acts, str(recorded.get("texte", text)), options),
                draft_offer(text))
