"""Typed replies understood by the act model: the engine side of `Session.say(text)`.

The sentence is analysed (acts and entities), the analysis is recorded in the `free_text`
event with the model's SHA-256 and the resolution, and the confidence policy decides:
the resolved choice is played (`choice_made` follows), or a `clarification` asks « Vouliez-
vous dire… ? » with the two best choices, or `rephrase` asks to rephrase. In a negotiation
node a sentence that states terms becomes an `offer_draft` the trainee confirms (the offer
itself is `Session.offer`). Replay: when the log names the installed model, the sentence is
analysed again (and must give the same event); otherwise the recorded analysis is used and
only the policy runs again, so an old log verifies after the model changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.engine.nodes import dialogue

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.nlu.turn import Turn

EMITS = frozenset({"free_text", "clarification", "rephrase", "understood", "offer_draft"})
DRAFT_ISSUES = ("prix_unitaire", "remise", "quantite", "delai_paiement", "livraison",
                "services")


def model_info() -> dict[str, str]:
    """What the log header says of the act model."""
    from simulator.nlu.model import MODEL_FORMAT, model_sha256

    return {"format": MODEL_FORMAT, "sha256": model_sha256()}


def say(session: Session, text: str, t_ms: int | None,
        recorded: dict[str, Any] | None = None) -> None:
    """Analyse, record, resolve: see the module docstring."""
    from simulator.nlu.model import model_sha256
    from simulator.nlu.resolve import Option
    from simulator.nlu.turn import replayed, understand

    listed = [(v, c) for v, c in dialogue.listed_choices(session) if v.enabled]
    options = [Option(c.id, v.text, c.acts, tuple(e.value for e in c.examples),
                      tuple((p.regex, p.weight) for p in c.patterns)) for v, c in listed]
    installed = model_sha256()
    analysis = recorded.get("analysis") if recorded else None
    if isinstance(analysis, dict) and recorded is not None and recorded.get("model") != installed:
        turn: Turn = replayed(analysis, text, options)
        model = str(recorded.get("model"))
    else:
        turn = understand(text, options)
        model = installed
    session._stamp(t_ms)
    node = session.current_node
    draft = {k: v for k, v in turn.draft.as_dict().items() if k in DRAFT_ISSUES}
    resolution: dict[str, Any] = turn.resolution.as_json()
    if node.kind == "negociation" and draft:
        resolution = {"kind": "offre", "choice": None, "candidates": [],
                      "scores": resolution["scores"], "message": ""}
    session._emit("free_text", {"node": node.id, "text": str(text),
                                "choice": resolution["choice"], "analysis": turn.analysis,
                                "resolution": resolution, "model": model})
    kind = resolution["kind"]
    if node.kind == "negociation" and kind != "offre":
        from simulator.engine.nodes.negotiation_rude import rude_reply

        if rude_reply(session, str(text)):     # the buyer answers the tone (model 3)
            return
    if kind == "offre":
        session._emit("offer_draft", {"node": node.id, "draft": draft,
                                      "contreparties": turn.draft.contreparties,
                                      "text": str(text)})
        return
    if kind == "clarification":
        session._emit("clarification", {"node": node.id,
                                        "candidates": list(resolution["candidates"]),
                                        "message": resolution["message"]})
        return
    if kind != "choix":
        session._emit("rephrase", {"node": node.id, "message": resolution["message"]})
        return
    picked, number = dialogue.resolve_choice(session, str(resolution["choice"]))
    if session.mode == "entrainement":
        shown = next(v.text for v, c in listed if c.id == picked.id)
        session._emit("understood", {"node": node.id, "choice": picked.id,
                                     "text": f"Compris comme\u202f: «\u00a0{shown}\u00a0»"})
    dialogue.record_choice(session, picked, number)
