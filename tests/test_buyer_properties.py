"""The buyer (model 2) is rational for every offer, seed and persona (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import Session
from simulator.engine.autoplay import random_step
from simulator.engine.buyer import PERSONAS, BuyerState, persona_model, respond
from simulator.engine.negotiation import ClientModel
from simulator.engine.steps import apply_step
from simulator.engine.worlds import WorldCache
from simulator.scenario import load_scenario
from simulator.scenario.model import COUNTERPARTS

ISSUES = ("remise", "delai_paiement", "livraison", "services")
# Higher is better for the buyer (+1) or lower is (-1), as the buyer sees an offer.
BUYER_BETTER = {"remise": 1, "delai_paiement": 1, "livraison": -1, "services": 1,
                "quantite": -1}
NEGOTIATIONS = ("negociation-prix", "negociation-conceder", "epreuve-complete")
WORLDS = WorldCache()

models = st.builds(
    lambda w, tactic, rounds: ClientModel.build(
        {"remise": 20, "delai_paiement": 60, "livraison": 15, "services": 3},
        {"remise": 6, "delai_paiement": 30, "livraison": 45, "services": 0},
        dict(zip(ISSUES, w, strict=True)), tactic, None, rounds),
    st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4),
    st.sampled_from(["boulware", "conceder", "lineaire"]), st.integers(2, 8))
offers = st.fixed_dictionaries({
    "remise": st.floats(0, 40), "delai_paiement": st.integers(0, 90),
    "livraison": st.integers(1, 90), "services": st.integers(0, 5)})
counterparts = st.lists(st.sampled_from(sorted(COUNTERPARTS)), max_size=3, unique=True)
personas = st.sampled_from(sorted(PERSONAS))


def _worse_for_buyer(counter: dict[str, float], offer: dict[str, float], issue: str) -> bool:
    return (counter[issue] - offer[issue]) * BUYER_BETTER[issue] < -1e-9


@settings(max_examples=300, deadline=None)
@given(models, personas, st.lists(st.tuples(offers, counterparts), min_size=1, max_size=10))
def test_no_counter_worse_for_the_buyer_and_no_deal_below_reservation(
        model: ClientModel, persona_id: str,
        sequence: list[tuple[dict[str, float], list[str]]]) -> None:
    persona = PERSONAS[persona_id]
    model = persona_model(model, persona)
    state = BuyerState(patience=3)
    for round_no, (offer, asked) in enumerate(sequence, start=1):
        r = respond(model, persona, state, offer, tuple(asked), round_no, absurd=False)
        if r.decision == "counter":
            assert r.counter is not None
            for issue in model.weights:
                assert not _worse_for_buyer(r.counter, offer, issue), issue
                if issue in r.satisfied:              # no counter on a satisfied issue
                    assert r.counter[issue] == offer[issue]
        if r.decision == "accept":
            assert r.utility >= -1e-9                 # never below its reservation
            assert r.utility >= r.aspiration - 1e-9
        if r.decision != "counter":
            break


@settings(max_examples=200, deadline=None)
@given(models, personas, offers, counterparts, st.integers(3, 12))
def test_patience_only_falls_under_repetition_and_it_never_wins(
        model: ClientModel, persona_id: str, offer: dict[str, float], asked: list[str],
        repeats: int) -> None:
    persona = PERSONAS[persona_id]
    model = ClientModel(model.opening, model.reservation, model.weights, model.e, 20)
    state = BuyerState(patience=4)
    first = respond(model, persona, state, offer, tuple(asked), 1, absurd=False)
    if first.decision != "counter":
        return
    patience = [state.patience]
    for round_no in range(2, repeats + 1):
        r = respond(model, persona, state, offer, tuple(asked), round_no, absurd=False)
        assert r.stale and r.decision != "accept"    # attrition alone never wins
        assert state.patience < patience[-1]          # strictly eroded by each repetition
        patience.append(state.patience)
        if r.decision == "break":
            break
    assert patience == sorted(patience, reverse=True)


def _start_negotiation(sid: str, seed: int) -> Session:
    """A session of a shipped scenario moved (random choices) up to its negotiation."""
    scenario = load_scenario(sid)
    rng = random.Random(seed)
    for attempt in range(40):
        session = Session(scenario, seed=seed + attempt,
                          world=WORLDS.get(scenario, seed + attempt))
        session.start()
        for _ in range(80):
            node = session.current_node
            if session.ended or node.kind == "negociation":
                break
            if node.kind == "tache":
                step = random_step(session, rng)
                assert step is not None
                apply_step(session, step)
            else:
                enabled = [c for c in session.choices if c.enabled]
                if not enabled:
                    break
                session.choose(rng.choice(enabled).id)
        if not session.ended and session.current_node.kind == "negociation":
            return session
    raise AssertionError(f"{sid}: no random path reached the negotiation")


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(NEGOTIATIONS), st.integers(1, 10_000),
       st.sampled_from([{"remise": 1}, {"remise": 3, "delai_paiement": 45},
                        {"remise": 0, "livraison": 60}]))
def test_twelve_identical_offers_never_end_in_an_agreement(sid: str, seed: int,
                                                           offer: dict[str, float]) -> None:
    session = _start_negotiation(sid, seed)
    for _ in range(12):
        if session.ended or session.current_node.kind != "negociation":
            break
        session.offer(dict(offer))
    decisions = [e["data"]["decision"] for e in session.events
                 if e["type"] == "offer_received" and e["data"]["round"] > 0]
    assert "accept" not in decisions
    assert decisions[-1] == "break"


def _counters_worse(session: Session) -> list[str]:
    """Counter-offers worse for the buyer than the seller's offer they answer."""
    faults: list[str] = []
    made: dict[tuple[str, int], dict[str, float]] = {}
    lists: dict[str, float] = {}
    for e in session.events:
        data = e["data"]
        if e["type"] == "offer_made":
            made[(data["node"], data["round"])] = data["offer"]
            lists[data["node"]] = float(data["margin"]["prix_net"])
        elif e["type"] == "offer_received" and data["decision"] == "counter" and \
                data["round"] > 0:
            offer = made[(data["node"], data["round"])]
            counter = data["offer"]
            net_offer = offer["prix_unitaire"] * (1 - offer["remise"] / 100)
            net_counter = counter["prix_unitaire"] * (1 - counter["remise"] / 100)
            if net_counter > net_offer + 0.01:
                faults.append(f"prix net {net_counter} > {net_offer}")
            for issue in ("delai_paiement", "livraison", "services"):
                if _worse_for_buyer(counter, offer, issue):
                    faults.append(f"{issue} {counter[issue]} vs {offer[issue]}")
    return faults


def test_fifty_random_negotiations_never_counter_worse_for_the_buyer() -> None:
    counters = 0
    for play in range(50):
        sid = NEGOTIATIONS[play % len(NEGOTIATIONS)]
        session = _start_negotiation(sid, 1000 + play)
        rng = random.Random(play)
        for _ in range(60):
            step = random_step(session, rng)
            if step is None:
                break
            apply_step(session, step)
            if session.current_node.kind != "negociation":
                break
        assert _counters_worse(session) == [], (sid, play)
        counters += sum(1 for e in session.events if e["type"] == "offer_received"
                        and e["data"]["decision"] == "counter" and e["data"]["round"] > 0)
    assert counters >= 40          # the property was exercised on real counter-offers


def test_crac_reading_of_typed_answers() -> None:
    from simulator.engine.objections import OBJECTIONS, crac_of_text, verdict

    full = ("Si je comprends bien, vous craignez une panne ? Qu'est-ce qui vous inquiète "
            "précisément ? Notre intervention est garantie sous 8 heures. Est-ce que cela "
            "vous rassure ?")
    steps = crac_of_text(full, OBJECTIONS["garanties"])
    assert steps == {"creuser": True, "reformuler": True, "argumenter": True,
                     "controler": True}
    assert verdict(OBJECTIONS["garanties"], steps)[0] == 1
    off_topic = crac_of_text("Nos prix sont les meilleurs.", OBJECTIONS["autorite"])
    assert not any(off_topic.values())
    assert verdict(OBJECTIONS["autorite"], off_topic)[0] == -1
