"""Buyer model 3: absurd and insulting offers judged against the persona's own positions."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_buyer_session import answer_line, last, started

from simulator.engine.buyer_affront import (
    ABSURD_COST_SHARE,
    ABSURD_SPANS,
    INSULT_SPANS,
    assess,
    position,
    rude,
)
from simulator.engine.negotiation import ClientModel

NBSP = "\u00a0"
# The test negotiation (test_engine_helpers.negotiation_node): opening / reservation.
OPENING = {"remise": 20, "delai_paiement": 60, "livraison": 10, "services": 2}
RESERVATION = {"remise": 8, "delai_paiement": 30, "livraison": 30, "services": 0}
COST = 19500.0
LIST_PRICE = 30000.0


def model(opening: dict[str, float] | None = None,
          reservation: dict[str, float] | None = None) -> ClientModel:
    return ClientModel(opening=opening or OPENING, reservation=reservation or RESERVATION,
                       weights={"remise": 0.5, "delai_paiement": 0.2, "livraison": 0.2,
                                "services": 0.1}, e=1.0, max_rounds=6)


def normal() -> dict[str, float]:
    return {"remise": 10, "delai_paiement": 45, "livraison": 20, "services": 1}


def test_a_first_absurd_offer_costs_patience_and_is_named() -> None:
    kept_on = 0
    for seed in range(1, 16):
        s = started(seed=seed)
        s.offer({"remise": 10, "delai_paiement": 45})            # a normal talk first
        patience = last(s, "offer_received")["patience"]
        s.offer({"remise": 10, "delai_paiement": 240})
        received = last(s, "offer_received")
        assert received["affront"]["absurd"] == ["delai_paiement"]
        assert received["patience"] == patience - 1               # one point, not the talk
        assert f"240{NBSP}jours" in answer_line(s)                # it names what shocked it
        if received["patience"] > 0:
            assert received["decision"] == "counter" and not s.ended
            kept_on += 1
        else:
            assert received["decision"] == "break"                # patience ran out
    assert kept_on >= 5


def test_repeated_affronts_end_the_talk() -> None:
    tried = 0
    for seed in range(1, 16):
        s = started(seed=seed)
        s.offer({"prix_unitaire": 0})                          # « 0 € »
        first = last(s, "offer_received")
        assert first["affront"]["absurd"] == ["prix"]
        assert "l'unité" in answer_line(s)
        if first["decision"] != "counter":
            continue                                           # a buyer with no patience left
        tried += 1
        s.offer({"remise": 10, "livraison": 200})              # an insulting delivery
        second = last(s, "offer_received")
        assert second["affront"]["insulting"] == ["livraison"]
        assert second["decision"] == "break" and s.ended and s.outcome == "echec"
        assert f"200{NBSP}jours" in answer_line(s)
    assert tried >= 5


def test_a_rude_typed_offer_is_an_affront() -> None:
    s = started(seed=3)
    s.offer({"remise": 10}, None, [], "Je vous fais 10 %, et franchement vous êtes des escrocs")
    received = last(s, "offer_received")
    assert received["affront"]["rude"] is True
    assert "ce ton" in answer_line(s)


def test_held_out_rude_and_polite_phrasings() -> None:
    """Phrasings absent from scenarios/actes: the act model decides, not a word list."""
    for text in ("Ce sera 3 %, point final, vous êtes des rapiats",
                 "Voilà 5 %, vous êtes vraiment pénibles",
                 "Je vous propose 12 %, franchement vous êtes des amateurs"):
        assert rude(text), text
    for text in ("Je peux faire 5 % si vous signez aujourd'hui",
                 "Je vous propose 45 jours de paiement et deux services inclus",
                 "Nous pouvons livrer sous trois semaines"):
        assert not rude(text), text


def test_old_logs_keep_model_2_thresholds() -> None:
    s = started(seed=2, models={"buyer": 2})
    s.offer({"remise": 10, "delai_paiement": 240})
    received = last(s, "offer_received")
    assert "affront" not in received and received["absurd"] is False


@given(remise=st.floats(0, 100), delai=st.floats(0, 400), livraison=st.floats(0, 400),
       services=st.integers(0, 20), prix=st.floats(0, 60000))
def test_affront_rules_hold_for_any_offer(remise: float, delai: float, livraison: float,
                                          services: int, prix: float) -> None:
    m = model()
    net = prix * (1 - remise / 100)
    effective = (1 - net / LIST_PRICE) * 100
    values = {"remise": effective, "delai_paiement": delai, "livraison": livraison,
              "services": services}
    found = assess(m, values, net, COST)
    assert ("prix" in found.absurd) == (net <= 0 or net < COST * ABSURD_COST_SHARE)
    for issue in ("delai_paiement", "livraison", "services"):
        place = position(m, issue, values[issue])
        assert place is not None
        assert (issue in found.absurd) == (place > 1 + ABSURD_SPANS)
        assert (issue in found.insulting) == (place < -INSULT_SPANS)
    # Everything within the buyer's own range is never an affront.
    inside = {i: RESERVATION[i] + (OPENING[i] - RESERVATION[i]) * 0.5 for i in OPENING}
    assert not assess(m, inside, COST * 1.2, COST).any


@given(scale=st.floats(0.2, 5))
def test_affronts_scale_with_the_persona(scale: float) -> None:
    """The same offer relative to the buyer's positions gives the same judgement."""
    scaled = model({k: v * scale for k, v in OPENING.items()},
                   {k: v * scale for k, v in RESERVATION.items()})
    for factor in (0.5, 4.0, 9.0):
        values = {"delai_paiement": OPENING["delai_paiement"] * factor}
        here = assess(model(), values, COST, COST)
        there = assess(scaled, {"delai_paiement": values["delai_paiement"] * scale}, COST, COST)
        assert here.absurd == there.absurd and here.insulting == there.insulting


def test_a_rude_sentence_in_the_negotiation_gets_words_then_ends_the_talk() -> None:
    for seed in range(1, 10):
        s = started(seed=seed)
        patience = last(s, "offer_received")["patience"]
        s.say("Franchement, vous êtes vraiment pénibles")
        if patience <= 1:
            assert s.ended
            continue
        assert not s.ended and "ce ton" in answer_line(s)
        assert "choice_made" not in [e["type"] for e in s.events[-3:]]
        s.say("Arrêtez de me faire perdre mon temps, bande d'amateurs")
        assert s.ended and s.outcome == "echec"


def test_a_polite_sentence_is_not_an_affront() -> None:
    s = started(seed=2)
    s.say("Nos clients économisent 30 % d'énergie, je peux vous montrer les relevés")
    assert not s.ended
    assert not any("ce ton" in e["data"].get("text", "") for e in s.events
                   if e["type"] == "client_line")


def test_affronts_replay_identically(tmp_path: Path) -> None:
    from test_buyer_session import nego_scenario
    from test_engine_helpers import world

    from simulator.engine import Session
    from simulator.engine.replay import verify_log

    sc = nego_scenario()
    for seed in (1, 2, 4):
        path = tmp_path / f"s{seed}.jsonl"
        s = Session.open(sc, path, seed=seed, world=world(), trainee="Camille")
        s.choose("go")
        s.say("Franchement, vous êtes vraiment pénibles")
        if not s.ended:
            s.offer({"remise": 10}, None, [], "Voilà 10 %, et estimez-vous heureux, rapiats")
        if not s.ended:
            s.offer({"prix_unitaire": 0})
        s.close()
        result = verify_log(path, sc)
        assert result.ok, result.message
