"""The confidence policy: which reply of the menu a typed sentence means, or ask.

Pure function of the analysis and the node's options, so the engine can log its inputs and
replay re-executes it exactly. An option scores by its acts (the chance the sentence does
what the option does), plus the trainer's `exemples:` (closest phrasing) and `motifs:`
(patterns), plus a small share of wording similarity that only separates options doing the
same thing. Then:

- best ≥ CONFIDENT and ahead of the second by MARGIN (or ≥ CLEAR_LEAD and that far
  ahead) → act on it directly;
- best ≥ CLARIFY → « Vouliez-vous dire… ? » with the two best options;
- otherwise → ask the trainee to rephrase.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from simulator.nlu.features import char_wb_ngrams
from simulator.nlu.text import normalise
from simulator.scenario.model import canonical_act

CONFIDENT = 0.45
MARGIN = 0.12
CLARIFY = 0.2
CLEAR_LEAD = 0.3          # a lower best is still taken when this far ahead of the second
EXAMPLE_WEIGHT = 0.5
PATTERN_WEIGHT = 0.15
WORDING_WEIGHT = 0.3
OTHER_ACTS_SHARE = 1.0
OTHER_ACTS_MIN = 0.1

Kind = Literal["choix", "clarification", "reformulation"]
NNBSP, NBSP = "\u202f", "\u00a0"
REPHRASE = f"Je n'ai pas bien compris{NNBSP}: pouvez-vous reformuler{NNBSP}?"


@dataclass(frozen=True)
class Option:
    """A reply the sentence may mean: id, displayed text, acts, trainer's phrasings/patterns."""

    id: str
    text: str
    acts: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    patterns: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Resolution:
    kind: Kind
    choice: str | None                    # the option acted on ("choix")
    candidates: tuple[str, ...] = ()      # the two best options ("clarification")
    scores: dict[str, float] = field(default_factory=dict)
    message: str = ""

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "choice": self.choice, "candidates": list(self.candidates),
                "scores": dict(self.scores), "message": self.message}


def _grams(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for g in char_wb_ngrams(normalise(text), 3, 4):
        out[g] = out.get(g, 0) + 1
    return out


def similarity(a: str, b: str) -> float:
    """Cosine of character 3–4-gram counts (0..1) of two texts."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    dot = sum(v * gb.get(k, 0) for k, v in ga.items())
    na = math.sqrt(sum(v * v for v in ga.values()))
    nb = math.sqrt(sum(v * v for v in gb.values()))
    return dot / (na * nb)


def option_score(acts: dict[str, float], text: str, option: Option) -> float:
    """How well `text` (with act scores `acts`) matches one option."""
    own = sorted((acts.get(canonical_act(a), 0.0) for a in set(option.acts)), reverse=True)
    others = [v for v in own[1:] if v >= OTHER_ACTS_MIN]     # noise does not add up
    score = own[0] + OTHER_ACTS_SHARE * sum(others) if own else 0.0
    if option.examples:
        score += EXAMPLE_WEIGHT * max(similarity(text, ex) for ex in option.examples)
    norm = normalise(text)
    hits = [w for regex, w in option.patterns if _search(regex, norm)]
    if hits:
        score += min(0.5, PATTERN_WEIGHT * sum(hits))
    score += WORDING_WEIGHT * similarity(text, option.text)
    return round(min(score, 3.0), 4)


def _search(regex: str, text: str) -> bool:
    try:
        return re.search(regex, text) is not None
    except re.error:
        return False


def resolve(acts: Sequence[tuple[str, float]], text: str,
            options: Sequence[Option]) -> Resolution:
    """Apply the confidence policy; `acts` are (act, score) pairs from the model."""
    if not options:
        return Resolution("reformulation", None, (), {}, REPHRASE)
    by_act = {canonical_act(a): s for a, s in acts}
    scores = {o.id: option_score(by_act, text, o) for o in options}
    order = sorted(options, key=lambda o: (-scores[o.id], [p.id for p in options].index(o.id)))
    best = order[0]
    second = scores[order[1].id] if len(order) > 1 else 0.0
    top = scores[best.id]
    if (top >= CONFIDENT and top - second >= MARGIN) or (
            top >= CLEAR_LEAD and top - second >= CLEAR_LEAD):
        return Resolution("choix", best.id, (), scores, "")
    if top >= CLARIFY and len(order) > 1:
        pair = (best.id, order[1].id)
        message = (f"Vouliez-vous dire «{NBSP}{_short(best.text)}{NBSP}» ou "
                   f"«{NBSP}{_short(order[1].text)}{NBSP}»{NNBSP}?")
        return Resolution("clarification", None, pair, scores, message)
    if top >= CONFIDENT:
        return Resolution("choix", best.id, (), scores, "")
    return Resolution("reformulation", None, (), scores, REPHRASE)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
