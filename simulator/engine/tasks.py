"""Grading of task answers against expected values computed from the world snapshot.

Pure functions: the session computes the expected value of each field (so the task and its
correction cannot disagree) and these decide right/wrong with a readable French detail.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from simulator.engine.text import fr_number
from simulator.engine.textfacts import WantedFigure, count_phrase, grade_facts
from simulator.nlu.numbers import parse_number

SELECTION_THRESHOLD = 0.8     # precision and recall both at least this
ROUTE_SLACK = 1.10            # route km at most this times the optimum


def to_number(value: object) -> float | None:
    """A finite number from an answer (« 12 500,5 », « 265 483 € », « 19,8 % »), None when
    it is not one: `simulator.nlu.numbers.parse_number`, the project's one parser."""
    return parse_number(value)


def grade_number(answer: object, expected: object, tolerance: float | None,
                 relative: bool) -> tuple[bool, str]:
    """Right when |answer - expected| is within the tolerance.

    `tolerance` is absolute, or a fraction of the expected value when `relative` ("1 %" is
    loaded as 0.01).
    """
    got = to_number(answer)
    exp = to_number(expected)
    if exp is None:
        return False, "valeur attendue non numérique"
    if got is None:
        return False, "réponse absente ou non numérique"
    tol = tolerance or 0.0
    allowed = abs(exp) * tol if relative else tol
    allowed = max(allowed, 1e-9)
    ok = abs(got - exp) <= allowed + 1e-9 * max(1.0, abs(exp))
    gap = got - exp
    shown = f"{fr_number(round(tol * 100, 4))} %" if relative else fr_number(tol)
    detail = f"écart {fr_number(round(gap, 4))} (tolérance {shown})"
    return ok, detail


def fold(text: str) -> str:
    """Lower case without accents, for lenient comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def grade_choice(answer: object, expected: object) -> tuple[bool, str]:
    if answer is None:
        return False, "aucune option choisie"
    ok = fold(str(answer)) == fold(str(expected))
    return ok, "option attendue" if ok else f"option attendue : {expected}"


def grade_text(answer: object, keywords: tuple[str, ...],
               figures: Sequence[WantedFigure] = (),
               text_model: int = 2) -> tuple[bool, str, list[str]]:
    """Right when every keyword appears (case and accents ignored) and, with `figures`, every
    expected figure is stated (engine.textfacts); returns the missing keywords.

    Without figures, `text_model` 1 (logs without `models.texte`) keeps the historical
    « mot(s)-clé(s) » wording so that recorded logs replay it; 2 counts in French.
    """
    text = fold(str(answer or ""))
    missing = [k for k in keywords if fold(k) not in text]
    if figures:
        ok, detail, _ = grade_facts(str(answer or ""), keywords, figures, missing)
        return ok, detail, missing
    found = len(keywords) - len(missing)
    if text_model < 2:
        detail = f"{found} mot(s)-clé(s) sur {len(keywords)}"
        if missing:
            detail += " ; manquent : " + ", ".join(missing)
        return not missing, detail, missing
    detail = count_phrase(found, len(keywords), "mot-clé", "mots-clés")
    if missing:
        detail += (" ; manque : " if len(missing) == 1 else " ; manquent : ") + ", ".join(missing)
    return not missing, detail, missing


def grade_selection(answer: object, expected: list[str]) -> tuple[bool, dict[str, Any], str]:
    """Precision / recall of the selected ids against the expected set."""
    chosen = [str(x) for x in answer] if isinstance(answer, list | tuple) else []
    chosen_set, expected_set = set(chosen), set(expected)
    hits = len(chosen_set & expected_set)
    precision = hits / len(chosen_set) if chosen_set else (1.0 if not expected_set else 0.0)
    recall = hits / len(expected_set) if expected_set else 1.0
    ok = precision >= SELECTION_THRESHOLD and recall >= SELECTION_THRESHOLD
    scores = {"precision": round(precision, 4), "recall": round(recall, 4),
              "selected": len(chosen_set), "expected": len(expected_set), "hits": hits}
    detail = (f"précision {fr_number(round(precision * 100, 1))} %, rappel "
              f"{fr_number(round(recall * 100, 1))} %")
    return ok, scores, detail


def grade_route(km: float | None, optimum_km: float) -> tuple[bool, float, str]:
    """Ratio optimum / route (1 = optimal); right within ROUTE_SLACK."""
    if km is None:
        return False, 0.0, "tournée incomplète ou invalide"
    ratio = optimum_km / km if km > 0 else 1.0
    ok = km <= optimum_km * ROUTE_SLACK + 1e-9
    detail = (f"{fr_number(round(km, 1))} km pour un optimum de "
              f"{fr_number(round(optimum_km, 1))} km (ratio {fr_number(round(ratio, 3))})")
    return ok, ratio, detail
