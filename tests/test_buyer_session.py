"""Buyer model 2 in a session: counterparts, words, costs, versions, fresh seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import call
from test_engine_helpers import choice, end, make, negotiation_node, node, scenario, variables

from simulator.engine import EngineError
from simulator.engine.buyer import PERSONAS, pick_persona
from simulator.log import read_log
from simulator.scenario.model import COUNTERPARTS

NBSP = "\u00a0"


def nego_scenario() -> object:
    return scenario([
        node("debut", text="Parlons prix.", choices=(choice("go", "Allons-y", "nego"),)),
        negotiation_node(choices=(choice("preuve", "Nos clients économisent 30 %.", None,
                                         acts=("argument",)),)),
        end("accord", "succes", "Marché conclu."),
        end("rupture", "echec", "Au revoir."),
    ], vars=variables(accord_dg=("booleen", False)))


def started(seed: int = 1, **kw: object) -> object:
    s = make(nego_scenario(), seed=seed, **kw)
    s.choose("go")
    return s


def last(s: object, kind: str) -> dict:
    return [e for e in s.events if e["type"] == kind][-1]["data"]  # type: ignore[attr-defined]


def test_new_sessions_record_the_buyer_model_and_persona() -> None:
    s = started()
    assert s.header()["models"] == {"buyer": 3, "choix": 2, "texte": 2, "ton": 2}
    opening = next(e for e in s.events if e["type"] == "offer_received")["data"]
    assert opening["persona"] in PERSONAS
    assert s.node.negotiation.persona == PERSONAS[opening["persona"]].label
    seen = {pick_persona(seed, "nego").id for seed in range(1, 60)}
    assert seen == set(PERSONAS)                     # every persona is drawn by some seed


def test_old_behaviour_without_the_model_version() -> None:
    s = started(models={})
    assert s.buyer_model == 1
    s.offer({"remise": 2})
    assert last(s, "client_line")["text"].startswith("Ce n'est pas suffisant. ")
    assert "persona" not in next(e for e in s.events if e["type"] == "offer_received")["data"]


def test_counterparts_are_validated_recorded_and_counted() -> None:
    s = started()
    with pytest.raises(EngineError, match="contrepartie inconnue"):
        s.offer({"remise": 3, "contreparties": ["cadeau"]})
    with pytest.raises(EngineError, match="liste"):
        s.offer({"remise": 3, "contreparties": "acompte"})
    s.offer({"remise": 2})
    s.offer({"remise": 3, "contreparties": ["commande_ferme", "acompte"]})
    made = last(s, "offer_made")
    assert made["offer"]["contreparties"] == ["commande_ferme", "acompte"]
    assert made["concessions"] == ["remise"]
    assert made["counterparts"] == ["contrepartie:commande_ferme", "contrepartie:acompte"]
    words = answer_line(s)
    assert "(s)" not in words and any(COUNTERPARTS[c] in words.lower()
                                      for c in ("commande_ferme", "acompte"))


def answer_line(s: object) -> str:
    """The buyer's words right after its last answer to an offer."""
    events = s.events  # type: ignore[attr-defined]
    at = max(i for i, e in enumerate(events) if e["type"] == "offer_received")
    return str(next(e["data"]["text"] for e in events[at:] if e["type"] == "client_line"))


def test_words_name_what_moved_with_french_typography() -> None:
    s = started(seed=3)
    s.offer({"remise": 2})
    s.offer({"remise": 2, "delai_paiement": 45})
    text = answer_line(s)
    assert f"45{NBSP}jours" in text and "(s)" not in text
    assert " :" not in text and " ?" not in text        # no-break spaces before : and ?
    assert "remise" in text and "%" in text


def test_repetition_brings_an_ultimatum_then_a_break_off() -> None:
    s = started(seed=2)
    texts = []
    while not s.ended:
        s.offer({"remise": 1})
        texts.append(last(s, "client_line")["text"])
    received = [e["data"] for e in s.events if e["type"] == "offer_received"][1:]
    assert [r["decision"] for r in received][-1] == "break"
    assert all(r["stale"] for r in received[1:])
    assert any(r["ultimatum"] for r in received)
    assert s.outcome == "echec" and len(received) <= 6


def test_an_argument_between_offers_is_not_a_repetition() -> None:
    s = started(seed=2)
    s.offer({"remise": 1})
    s.choose("preuve")
    s.offer({"remise": 1})
    assert last(s, "offer_received")["stale"] is False


def test_absurd_offer_gets_words_and_is_never_accepted() -> None:
    for seed in range(1, 12):
        s = started(seed=seed)
        s.offer({"prix_unitaire": 8})
        received = last(s, "offer_received")
        assert received["absurd"] is True and received["decision"] != "accept"
        text = answer_line(s)
        assert "8" in text or "sérieux" in text.lower() or "au revoir" in text.lower() \
            or "ailleurs" in text


def test_services_and_faster_delivery_cost_margin() -> None:
    s = started()
    s.offer({"remise": 2})
    plain = last(s, "offer_made")["margin"]
    s.offer({"remise": 2, "services": 2, "livraison": 11})
    costly = last(s, "offer_made")["margin"]
    assert costly["cout_services"] > 0 and costly["cout_livraison"] > 0
    assert costly["marge"] == pytest.approx(
        plain["marge"] - costly["cout_services"] - costly["cout_livraison"], abs=0.02)


def test_limits_are_checked_without_recording() -> None:
    s = started()
    before = len(s.events)
    facts = s.limits()
    assert facts["authority_exceeded"] is True          # the buyer opens at 20 %
    assert s.limits({"remise": 1})["authority_exceeded"] is False
    assert len(s.events) == before


def test_two_training_runs_without_seed_play_different_companies(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    companies, seeds = [], []
    for run in range(2):
        log = tmp_path / f"r{run}.jsonl"
        code, out, err = call(["run", "prospection-telephonique", "--random", "--log",
                               str(log)], capsys)
        assert code in (0, 1), err
        header = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
        assert f"graine {header['seed']}" in out            # shown, and logged
        world = read_log(log).world()            # stored once per hash in mondes/
        assert world is not None
        companies.append(world["client"]["raison_sociale"])
        seeds.append(header["seed"])
    assert seeds[0] != seeds[1] and companies[0] != companies[1]


def test_objection_is_raised_answered_by_free_text_and_graded() -> None:
    for seed in range(1, 30):
        s = started(seed=seed)
        s.offer({"remise": 2})
        if not any(e["type"] == "objection_raised" for e in s.events) and not s.ended:
            s.offer({"remise": 3})
        raised = [e["data"] for e in s.events if e["type"] == "objection_raised"]
        if raised:
            break
    else:
        raise AssertionError("no seed raised an objection")
    assert raised[0]["objection"] in ("autorite", "concurrent", "garanties", "references",
                                      "delai")
    s.say("D'accord.")                                      # no CRAC step at all
    free = last(s, "free_text")
    assert free["choice"] is None and free["objection"] == raised[0]["objection"]
    graded = last(s, "evidence")
    assert graded["criterion"] == "C3.2" and graded["weight"] == -1
    assert graded["source"] == "objection" and "non traitée" in graded["justification"]


def test_objection_ignored_by_a_new_offer_counts_against_c32() -> None:
    for seed in range(1, 30):
        s = started(seed=seed)
        for remise in (2, 3):
            if not s.ended and not any(e["type"] == "objection_raised" for e in s.events):
                s.offer({"remise": remise})
        if any(e["type"] == "objection_raised" for e in s.events) and not s.ended:
            break
    s.offer({"remise": 4})
    ignored = [e["data"] for e in s.events if e["type"] == "evidence"
               and e["data"]["source"] == "objection"]
    assert ignored and ignored[-1]["weight"] == -1
    assert "sans réponse" in ignored[-1]["justification"]
