"""Analysers read what the trainee typed: the acts recorded with each `free_text` event."""

from __future__ import annotations

from typing import Any

from scoring_fixtures import Step, choice, offer

from scoring.analysers import concession, discovery, reformulation
from scoring.analysers.base import Context


def ctx(steps: list[Step]) -> Context:
    events = [{"seq": i, "t_ms": i * 1000, "time": "", "type": t, "data": d}
              for i, (t, d) in enumerate(steps, 1)]
    return Context({"world": {}}, events, None)


def typed(node: str, text: str, *acts: tuple[str, float], resolved: str | None = None
          ) -> Step:
    data: dict[str, Any] = {"node": node, "text": text, "choice": resolved,
                            "analysis": {"texte": text, "entites": [],
                                         "actes": [{"acte": a, "score": s} for a, s in acts]}}
    return ("free_text", data)


def test_typed_argument_before_any_question_quotes_the_trainee() -> None:
    steps = [typed("a", "notre compresseur consomme 30 % de moins", ("argumentation", 0.8),
                   ("question_fermee", 0.1), resolved="q"),
             choice("a", "q", "Avez-vous un contrat ?", "question_fermee")]
    out = discovery.analyse(ctx(steps))
    assert [(e.weight, e.seqs, e.quote) for e in out] == [
        (-1, (1,), "notre compresseur consomme 30 % de moins")]


def test_the_menu_acts_of_a_typed_reply_are_not_counted() -> None:
    """The choice it resolved to says `reformulation`; the trainee's words did not."""
    steps = [choice("a", "q", "Comment faites-vous ?", "question_ouverte"),
             typed("a", "ok on signe", ("conclusion", 0.9), resolved="r"),
             choice("a", "r", "Si je comprends bien…", "reformulation")]
    out = reformulation.analyse(ctx(steps))
    assert [(e.weight, e.quote) for e in out] == [(-1, "ok on signe")]


def test_low_scores_are_not_evidence() -> None:
    steps = [typed("a", "euh", ("argumentation", 0.2), ("hors_sujet", 0.19))]
    assert discovery.analyse(ctx(steps)) == []


def test_a_typed_offer_with_a_counterpart_is_no_gift() -> None:
    first = offer("n", 1, remise=3)
    second = offer("n", 2, remise=5)
    second[1]["contreparties"] = ["commande_ferme"]
    second[1]["texte"] = "je vous fais 5 % si vous signez aujourd'hui"
    out = concession.analyse(ctx([first, second]))
    assert [(e.weight, e.quote) for e in out] == [
        (1, "je vous fais 5 % si vous signez aujourd'hui")]
    assert "commande ferme" in out[0].justification
