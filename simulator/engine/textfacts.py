"""Grading of a free-text answer (a compte rendu) on the keywords and figures it states.

Figures come from the project's entity extractor (`simulator.nlu.entities`: « 265 483 € »,
« 265 k€ », « 19,8 % », « deux cent mille euros »…) plus the bare numbers it leaves aside
(« 42 ventes »), each read by `simulator.nlu.numbers.parse_number`. A text carries a sign in
words (« 12 000 € sous l'objectif »), so figures are compared by magnitude.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from simulator.engine.text import fr_number
from simulator.nlu.entities import extract
from simulator.nlu.numbers import parse_number

NUMERIC_ENTITIES = {"montant": " €", "pourcentage": " %", "quantite": "", "duree_jours": "",
                    "duree_mois": "", "duree_ans": "", "versements": ""}
CLOSE_RATIO = 2.0       # a wrong figure is reported when within this factor of the expected
_BARE = re.compile(r"(?<![\w,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)"
                   r"|(?<![\w,.])\d+(?:[.,]\d+)?(?!\d)")


@dataclass(frozen=True)
class WantedFigure:
    """An expected figure, its value computed from the world snapshot."""

    label: str
    value: float
    tolerance: float | None = None      # absolute, or a fraction when `relative`
    relative: bool = False

    def allowed(self) -> float:
        tol = self.tolerance or 0.0
        return (abs(self.value) * tol if self.relative else tol) + 1e-9 * max(1.0, abs(self.value))

    def matches(self, found: float) -> bool:
        return abs(abs(found) - abs(self.value)) <= self.allowed()


@dataclass(frozen=True)
class FoundFigure:
    value: float
    unit: str           # " €", " %" or ""
    text: str           # the trainee's words


def figures_in(text: str) -> list[FoundFigure]:
    """Every figure of `text`, in reading order (amounts, percentages, counts, bare numbers)."""
    found: list[tuple[int, FoundFigure]] = []
    spans: list[tuple[int, int]] = []
    for entity in extract(text):
        spans.append((entity.start, entity.end))
        if entity.type in NUMERIC_ENTITIES and isinstance(entity.value, int | float):
            found.append((entity.start, FoundFigure(float(entity.value),
                                                    NUMERIC_ENTITIES[entity.type], entity.text)))
    for m in _BARE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in spans):
            continue
        value = parse_number(m.group(0))
        if value is not None:
            found.append((m.start(), FoundFigure(value, "", m.group(0))))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def count_phrase(n: int, total: int, singular: str, plural: str) -> str:
    """« 1 mot-clé sur 3 », « 2 mots-clés sur 3 » (French: 0 and 1 take the singular)."""
    return f"{n} {singular if n < 2 else plural} sur {total}"


def grade_facts(text: str, keywords: Sequence[str], wanted: Sequence[WantedFigure],
                folded_missing: list[str]) -> tuple[bool, str, list[dict[str, object]]]:
    """Right when no keyword is missing and every wanted figure is stated within its
    tolerance; the French detail names what is missing and each figure given wrong.

    `folded_missing` are the keywords already found missing (engine.tasks.grade_text).
    """
    figures = figures_in(text)
    used: set[int] = set()
    # Closest pairs first: « 28 k€ » must not take the place of an exact « 27 451 € » just
    # because it is within another figure's tolerance.
    pairs = sorted((abs(f.value - want.value) / max(abs(want.value), 1e-9), w, i)
                   for w, want in enumerate(wanted) for i, f in enumerate(figures)
                   if want.matches(f.value))
    hits: dict[int, int] = {}
    for _, w, i in pairs:
        if w not in hits and i not in used:
            hits[w] = i
            used.add(i)
    report: list[dict[str, object]] = [
        {"libelle": want.label, "attendu": want.value,
         "trouve": figures[hits[w]].value if w in hits else None}
        for w, want in enumerate(wanted)]
    missing = list(folded_missing)
    wrong: list[str] = []
    for want, row in zip(wanted, report, strict=True):
        if row["trouve"] is not None:
            continue
        near = _nearest(want, figures, used)
        if near is None:
            missing.append(want.label)
            continue
        used.add(near)
        given = figures[near]
        row["annonce"] = given.value
        wrong.append(f"{want.label} : {given.text} annoncé, "
                     f"{fr_number(round(abs(want.value), 2))}{given.unit} attendu")
    stated = sum(1 for row in report if row["trouve"] is not None)
    parts = []
    if keywords:
        parts.append(count_phrase(len(keywords) - len(folded_missing), len(keywords),
                            "mot-clé", "mots-clés"))
    parts.append(count_phrase(stated, len(wanted), "chiffre", "chiffres"))
    detail = ", ".join(parts)
    if missing:
        detail += (" ; manque : " if len(missing) == 1 else " ; manquent : ") + ", ".join(missing)
    if wrong:
        detail += " ; " + " ; ".join(wrong)
    return not folded_missing and stated == len(wanted), detail, report


def _nearest(want: WantedFigure, figures: list[FoundFigure], used: set[int]) -> int | None:
    """The unused figure closest to the expected one, if within CLOSE_RATIO of it."""
    target = abs(want.value)
    best: tuple[float, int] | None = None
    for i, f in enumerate(figures):
        got = abs(f.value)
        if i in used or got == 0 or target == 0:
            continue
        ratio = max(got, target) / min(got, target)
        if ratio <= CLOSE_RATIO and (best is None or ratio < best[0]):
            best = (ratio, i)
    return None if best is None else best[1]


def facts_text(keywords: Sequence[str], wanted: Sequence[WantedFigure]) -> str:
    """A text stating every keyword and figure (the symbolic « attendu » answer)."""
    figures = [f"{w.label} : {fr_number(round(abs(w.value), 2))}" for w in wanted]
    return "Réponse : " + " ; ".join([", ".join(keywords), *figures]).strip(" ;") + "."
