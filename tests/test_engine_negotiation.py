"""Negotiation nodes in a session: offers, counters, margin, authority, floor, agreement."""

from __future__ import annotations

import pytest
from test_engine_helpers import (
    choice,
    end,
    ex,
    make,
    negotiation_node,
    node,
    scenario,
    variables,
)

from simulator.engine import EngineError


def nego_scenario(**kw: object) -> object:
    extra = kw.pop("choices", ())
    return scenario([
        node("debut", text="Parlons prix.", choices=(choice("go", "Allons-y", "nego"),)),
        negotiation_node(choices=extra, **kw),
        end("accord", "succes", "Marché conclu."),
        end("rupture", "echec", "Au revoir."),
    ], vars=variables(accord_dg=("booleen", False)))


def started(**kw: object) -> object:
    mode = kw.pop("mode", "entrainement")
    models = kw.pop("models", None)
    s = make(nego_scenario(**kw), mode=mode, models=models)
    s.choose("go")
    return s


def of_type(s: object, kind: str) -> list[dict]:
    return [e for e in s.events if e["type"] == kind]  # type: ignore[attr-defined]


def test_opening_position_is_announced() -> None:
    s = started()
    opening = of_type(s, "offer_received")[0]["data"]
    assert opening["round"] == 0
    assert opening["offer"]["remise"] == 20 and opening["offer"]["delai_paiement"] == 60
    view = s.node.negotiation
    assert view is not None and view.max_discount == 5 and view.floor_price == 25500
    assert view.client_offer == opening["offer"]


def test_offer_is_completed_and_margin_computed() -> None:
    s = started()
    s.offer({"remise": 4}, t_ms=1000)
    made = of_type(s, "offer_made")[0]["data"]
    assert made["offer"] == {"prix_unitaire": 30000, "remise": 4, "quantite": 2,
                             "delai_paiement": 30, "livraison": 21, "services": 0}
    assert made["margin"]["prix_net"] == 28800
    assert made["margin"]["marge"] == 2 * (28800 - 19500)
    assert made["authority_exceeded"] is False and made["below_floor"] is False
    received = of_type(s, "offer_received")[-1]["data"]
    assert received["decision"] == "counter" and received["round"] == 1
    # later offers keep earlier terms; concessions and counterparts are listed
    s.offer({"remise": 5, "delai_paiement": 20})
    second = of_type(s, "offer_made")[1]["data"]
    assert second["offer"]["delai_paiement"] == 20
    assert second["concessions"] == ["remise"] and second["counterparts"] == ["delai_paiement"]


def test_authority_exceeded_and_below_floor_give_negative_evidence() -> None:
    s = started()
    s.offer({"remise": 16})
    made = of_type(s, "offer_made")[0]["data"]
    assert made["authority_exceeded"] is True and made["below_floor"] is True
    evidence = [e["data"] for e in of_type(s, "evidence")]
    assert [(e["criterion"], e["weight"], e["source"]) for e in evidence] == \
        [("C3.4", -1, "offer"), ("C3.4", -1, "offer")]
    assert len(s.feedback) == 2


def test_manager_agreement_lifts_the_authority_limit() -> None:
    s = started(manager_agreement=ex("accord_dg"),
                choices=(choice("appel", "J'appelle mon directeur", None,
                                effects=["accord_dg = vrai"],
                                acts=("demande_accord_manager",)),))
    s.choose("appel")
    assert s.node.id == "nego"
    s.offer({"remise": 8})
    made = of_type(s, "offer_made")[0]["data"]
    assert made["authority_exceeded"] is False and made["manager_agreement"] is True


def test_client_accepts_a_good_offer_and_session_moves_on() -> None:
    s = started()
    s.offer({"remise": 20, "delai_paiement": 60, "livraison": 10, "services": 2})
    assert of_type(s, "offer_received")[-1]["data"]["decision"] == "accept"
    assert s.outcome == "succes" and s.agreement is not None


def test_trainee_accepts_the_counter_offer() -> None:
    s = started()
    s.offer({"remise": 3})
    counter = s.node.negotiation.client_offer
    s.accept()
    action = of_type(s, "negotiation_action")[0]["data"]
    assert action["action"] == "accept" and action["offer"] == counter
    assert s.agreement == counter and s.outcome == "succes"


def test_break_off_and_round_limit() -> None:
    s = started()
    s.break_off()
    assert s.outcome == "echec"
    s2 = started(rounds=3)
    for remise in (2, 3, 4):            # moving each time, still below the reservation
        s2.offer({"remise": remise})
    assert of_type(s2, "offer_received")[-1]["data"]["decision"] == "break"
    assert s2.outcome == "echec"


def test_aggressive_acts_exhaust_patience() -> None:
    s = started(choices=(choice("menace", "C'est à prendre ou à laisser.", None,
                                acts=("agressif",)),), models={"buyer": 1})
    s.choose("menace")            # patience 2 -> 1
    assert not s.ended
    s.choose("menace")            # -> 0: the client leaves
    assert s.outcome == "echec"
    assert of_type(s, "offer_received")[-1]["data"]["decision"] == "break"


def test_bad_offers_are_refused_without_recording() -> None:
    s = started()
    before = len(s.events)
    with pytest.raises(EngineError, match="inconnu"):
        s.offer({"ristourne": 3})
    with pytest.raises(EngineError, match="nombre"):
        s.offer({"remise": "beaucoup"})
    with pytest.raises(EngineError, match="impossible"):
        s.offer({"remise": 120})
    assert len(s.events) == before


def test_offer_outside_a_negotiation_is_refused() -> None:
    s = make(nego_scenario())
    with pytest.raises(EngineError, match="aucune négociation"):
        s.offer({"remise": 3})
    with pytest.raises(EngineError, match="aucune négociation"):
        s.accept()


@pytest.mark.parametrize("tactic", ["boulware", "conceder", "lineaire"])
def test_counter_offers_never_cross_reservation(tactic: str) -> None:
    s = started(tactic=tactic, rounds=8)
    while not s.ended:
        s.offer({"remise": 1})
    for ev in of_type(s, "offer_received"):
        assert ev["data"]["offer"]["remise"] >= 8


def test_opening_line_can_name_the_nodes_product() -> None:
    from dataclasses import replace

    from test_engine_helpers import tx
    nego = replace(negotiation_node(), text=tx("Votre {produit.nom} est trop cher."))
    s = make(scenario([
        node("debut", text="Parlons prix.", choices=(choice("go", "Allons-y", "nego"),)),
        nego, end("accord", "succes", "Marché conclu."), end("rupture", "echec", "Au revoir."),
    ]))
    s.choose("go")
    lines = [e["data"]["text"] for e in of_type(s, "client_line")]
    assert "Votre Compresseur VSD 37 est trop cher." in lines
