"""The client's concession curve (Faratin et al.) and margin maths."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import negotiation as nego


def model(tactic: str = "boulware", rounds: int = 6) -> nego.ClientModel:
    return nego.ClientModel.build(
        opening={"remise": 20, "delai_paiement": 60, "livraison": 10, "services": 2},
        reservation={"remise": 8, "delai_paiement": 30, "livraison": 30, "services": 0},
        weights={"prix": 0.5, "delai_paiement": 0.2, "livraison": 0.2, "services": 0.1},
        tactic=tactic, e=None, max_rounds=rounds)


@pytest.mark.parametrize("e", [0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 10.0])
def test_alpha_is_monotonic_from_k_to_one(e: float) -> None:
    values = [nego.alpha(t, 10, e) for t in range(11)]
    assert values[0] == 0.0
    assert values[-1] == pytest.approx(1.0)
    assert all(a <= b for a, b in itertools.pairwise(values))


def test_boulware_concedes_late_and_conceder_early() -> None:
    half = 5
    boulware = nego.alpha(half, 10, nego.DEFAULT_E["boulware"])
    linear = nego.alpha(half, 10, nego.DEFAULT_E["lineaire"])
    conceder = nego.alpha(half, 10, nego.DEFAULT_E["conceder"])
    assert boulware < 0.05
    assert linear == pytest.approx(0.5)
    assert conceder > 0.75


def test_default_exponents_per_tactic() -> None:
    assert model("boulware").e == 0.2
    assert model("conceder").e == 3.0
    assert model("lineaire").e == 1.0


def test_weights_are_normalised_and_prix_weighs_the_discount() -> None:
    m = model()
    assert set(m.weights) == {"remise", "delai_paiement", "livraison", "services"}
    assert sum(m.weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("tactic", ["boulware", "conceder", "lineaire"])
def test_targets_never_cross_the_reservation(tactic: str) -> None:
    m = model(tactic, rounds=8)
    previous = None
    for t in range(0, 9):
        target = m.target(t)
        assert 8 <= target["remise"] <= 20
        assert 30 <= target["delai_paiement"] <= 60
        assert 10 <= target["livraison"] <= 30
        assert 0 <= target["services"] <= 2
        if previous is not None:      # the client only ever concedes
            assert target["remise"] <= previous["remise"]
            assert target["livraison"] >= previous["livraison"]
        previous = target
    assert m.target(8)["remise"] == 8


def test_utility_is_one_at_opening_zero_at_reservation_negative_beyond() -> None:
    m = model()
    best = {"remise": 20, "delai_paiement": 60, "livraison": 10, "services": 2}
    worst = {"remise": 8, "delai_paiement": 30, "livraison": 30, "services": 0}
    assert m.utility(best) == pytest.approx(1)
    assert m.utility(worst) == pytest.approx(0)
    assert m.utility({"remise": 0, "delai_paiement": 30, "livraison": 30, "services": 0}) < 0


def test_accepts_an_offer_worth_its_aspiration() -> None:
    m = model("lineaire", rounds=4)
    generous = {"remise": 20, "delai_paiement": 60, "livraison": 10, "services": 2}
    response, patience = nego.respond(m, generous, 1, 3)
    assert response.decision == "accept" and patience == 3


def test_counters_then_breaks_at_the_last_round() -> None:
    m = model("boulware", rounds=3)
    stingy = {"remise": 5, "delai_paiement": 30, "livraison": 30, "services": 0}
    first, _ = nego.respond(m, stingy, 1, 3)
    assert first.decision == "counter" and first.counter is not None
    last, _ = nego.respond(m, stingy, 3, 3)
    assert last.decision == "break"


def test_never_accepts_below_reservation_even_at_deadline() -> None:
    m = model("conceder", rounds=3)
    below = {"remise": 7.5, "delai_paiement": 30, "livraison": 30, "services": 0}
    response, _ = nego.respond(m, below, 3, 3)
    assert response.decision == "break"
    at_reservation = {"remise": 8, "delai_paiement": 30, "livraison": 30, "services": 0}
    assert nego.respond(m, at_reservation, 3, 3)[0].decision == "accept"


def test_insults_cost_patience_until_break() -> None:
    m = model(rounds=10)
    insult = {"remise": 0, "delai_paiement": 0, "livraison": 90, "services": 0}
    first, patience = nego.respond(m, insult, 1, 2)
    assert first.insult and first.decision == "counter" and patience == 1
    second, patience = nego.respond(m, insult, 2, patience)
    assert second.decision == "break" and patience == 0


def test_respond_is_deterministic() -> None:
    m = model()
    offer = {"remise": 9, "delai_paiement": 45, "livraison": 20, "services": 1}
    assert [nego.respond(m, offer, r, 3) for r in range(1, 6)] == \
        [nego.respond(m, offer, r, 3) for r in range(1, 6)]


def test_margin_figures() -> None:
    m = nego.margin(list_price=30000, unit_cost=19500, floor_price=25500, unit_price=30000,
                    discount=10, quantity=2)
    assert m["prix_net"] == 27000
    assert m["montant"] == 54000
    assert m["marge"] == 15000
    assert m["taux_marge"] == pytest.approx(27.78)
    assert m["ecart_plancher"] == 1500
    assert m["remise_effective"] == 10



@settings(max_examples=200, deadline=None)
@given(open_r=st.floats(0, 40), res_r=st.floats(0, 40), open_d=st.integers(0, 90),
       res_d=st.integers(0, 90), e=st.floats(0.05, 10), rounds=st.integers(1, 12),
       offer_r=st.floats(0, 40), offer_d=st.integers(0, 90))
def test_property_reservation_never_crossed(open_r: float, res_r: float, open_d: int,
                                            res_d: int, e: float, rounds: int,
                                            offer_r: float, offer_d: int) -> None:
    m = nego.ClientModel.build({"remise": open_r, "delai_paiement": open_d},
                               {"remise": res_r, "delai_paiement": res_d},
                               {"prix": 0.7, "delai_paiement": 0.3}, "lineaire", e, rounds)
    low_r, high_r = sorted((open_r, res_r))
    low_d, high_d = sorted((open_d, res_d))
    previous = None
    for t in range(rounds + 1):
        target = m.target(t)
        assert low_r - 1e-9 <= target["remise"] <= high_r + 1e-9
        assert low_d <= target["delai_paiement"] <= high_d
        a = m.alpha(t)
        assert previous is None or a >= previous
        previous = a
    for r in range(1, rounds + 1):
        response, _ = nego.respond(m, {"remise": offer_r, "delai_paiement": offer_d}, r, 3)
        if response.decision == "accept":
            assert response.utility >= -1e-9
