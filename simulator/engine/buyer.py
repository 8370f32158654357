"""The negotiating buyer, model 2: per-issue reasoning, counterparts, patience, personas.

Model 1 (engine/negotiation.py `respond`) is kept unchanged for logs recorded before it:
a log header without `models.buyer` replays with model 1. Model 2 reasons like a buyer:

- per issue: it never counters worse for itself than what the seller already offers on an
  issue, and it leaves an issue alone once the seller's offer satisfies it;
- its concession clock moves only when the seller moves (a better offer for the buyer, or
  a counterpart the buyer welcomes): time alone, attrition, never wins the deal;
- an offer repeated without movement, argument or counterpart erodes patience: an
  ultimatum when one point is left, a break-off at zero;
- an insulting offer (far below its reservation) costs patience, a grossly insulting one
  ends the talk; an absurd one (a price no seller can mean) is never accepted, costs
  credibility and ends the talk with a wary buyer; model 3 (engine/buyer_affront.py) judges
  both against the persona's own positions per issue, reads the typed text's tone, and
  ends the talk at the second affront;
- counterparts (scenario.model.COUNTERPARTS) are valued through the persona: a cost for
  the buyer (signing today, a deposit) or a welcome guarantee (a maintenance contract).

Everything here is pure and deterministic; words are in engine/buyer_lines.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.engine.buyer_affront import AFFRONTS_TO_BREAK, Affront
from simulator.engine.negotiation import ClientModel
from simulator.engine.rng import rng_for

BUYER_MODEL = 2
INSULT_UTILITY = -0.5          # an offer this far below the reservation is an insult
OUTRAGE_UTILITY = -1.5         # ... and this far ends the talk at once
MOVE_EPSILON = 0.005           # utility gain that counts as a movement of the seller
ABSURD_NET_SHARE = 0.35        # a net price under this share of the floor is not credible
ABSURD_DISCOUNT = 70.0         # nor is a discount (%) above this


@dataclass(frozen=True)
class BuyerPersona:
    """How one kind of buyer negotiates; chosen per negotiation by the session's seed."""

    id: str
    label: str                              # French, shown in the debrief and the TUI
    e_factor: float                         # multiplies the concession exponent
    patience_delta: int
    counterparts: dict[str, float]          # utility for the buyer (< 0: a cost)
    objections: tuple[str, ...]             # objection ids it may raise (buyer_lines)
    leaves_on_absurd: bool = False


PERSONAS: dict[str, BuyerPersona] = {p.id: p for p in (
    BuyerPersona("boulware", "acheteur coriace (Boulware)", 0.5, 0, {
        "commande_ferme": -0.04, "volume": -0.06, "duree_engagement": -0.05,
        "acompte": -0.08, "reference_client": -0.02, "contrat_maintenance": -0.03,
        "paiement_comptant": -0.1}, ("concurrent", "autorite")),
    BuyerPersona("conceder", "acheteur conciliant (Conceder)", 2.0, 1, {
        "commande_ferme": -0.02, "volume": -0.03, "duree_engagement": -0.02,
        "acompte": -0.04, "reference_client": 0.01, "contrat_maintenance": 0.02,
        "paiement_comptant": -0.05}, ("references", "garanties")),
    BuyerPersona("presse", "acheteur pressé", 1.0, -1, {
        "commande_ferme": 0.03, "volume": -0.04, "duree_engagement": -0.04,
        "acompte": -0.05, "reference_client": -0.01, "contrat_maintenance": 0.01,
        "paiement_comptant": -0.06}, ("delai", "autorite")),
    BuyerPersona("mefiant", "acheteur méfiant", 0.8, 0, {
        "commande_ferme": -0.08, "volume": -0.06, "duree_engagement": -0.07,
        "acompte": -0.12, "reference_client": -0.01, "contrat_maintenance": 0.04,
        "paiement_comptant": -0.12}, ("garanties", "references"), leaves_on_absurd=True),
)}


def pick_persona(seed: int, node_id: str) -> BuyerPersona:
    """The persona of the negotiation on `node_id` for this seed."""
    ids = sorted(PERSONAS)
    return PERSONAS[ids[rng_for(seed, f"acheteur:{node_id}").randrange(len(ids))]]


def persona_model(model: ClientModel, persona: BuyerPersona) -> ClientModel:
    """The scenario's client model with the persona's concession exponent."""
    return ClientModel(opening=model.opening, reservation=model.reservation,
                       weights=model.weights, e=model.e * persona.e_factor,
                       max_rounds=model.max_rounds, k=model.k)


@dataclass
class BuyerState:
    """What the buyer remembers between offers."""

    patience: int
    clock: int = 0                              # seller movements so far
    best_utility: float | None = None           # of the seller's offers so far
    last_counterparts: tuple[str, ...] = ()
    argued: bool = False                        # an argument since the last offer
    raised: list[str] = field(default_factory=list)   # objections raised so far
    pending: str | None = None                  # an objection waiting for an answer
    affronts: int = 0                           # absurd or insulting offers (model 3)


@dataclass(frozen=True)
class BuyerResponse:
    decision: str                      # accept | counter | break
    utility: float                     # of the offer, counterparts included
    aspiration: float
    counter: dict[str, float] | None   # the buyer's position on every issue it weighs
    countered: tuple[str, ...]         # issues where the counter asks for more
    satisfied: tuple[str, ...]         # issues the seller's offer already satisfies
    insult: bool
    absurd: bool
    stale: bool                        # repeated without movement, argument or counterpart
    ultimatum: bool
    drop_counterparts: tuple[str, ...]  # counterparts the buyer refuses (costly to it)
    patience: int


def counterpart_value(persona: BuyerPersona, counterparts: tuple[str, ...]) -> float:
    return sum(persona.counterparts.get(c, 0.0) for c in counterparts)


def is_absurd(net_price: float, floor_price: float, discount: float) -> bool:
    """A price no seller can mean (a typo, or a test of the buyer's credulity)."""
    return (floor_price > 0 and net_price < floor_price * ABSURD_NET_SHARE) or (
        discount > ABSURD_DISCOUNT)


def respond(model: ClientModel, persona: BuyerPersona, state: BuyerState,
            values: dict[str, float], counterparts: tuple[str, ...], round_no: int,
            absurd: bool, affront: Affront | None = None) -> BuyerResponse:
    """The buyer's answer to the seller's offer number `round_no` (1-based); updates state.

    `values` are the offer's issues as the buyer sees them (the discount as an effective
    discount on the list price). `affront` (buyer model 3, engine/buyer_affront.py) judges
    absurd and insulting offers against the persona; None keeps model 2's thresholds.
    """
    base = model.utility(values)
    utility = base + counterpart_value(persona, counterparts)
    moved = state.best_utility is None or utility > state.best_utility + MOVE_EPSILON
    welcomed = any(persona.counterparts.get(c, 0.0) > 0 for c in counterparts
                   if c not in state.last_counterparts)
    stale = not moved and not welcomed and not state.argued
    if moved or welcomed:
        state.clock += 1
    state.best_utility = utility if state.best_utility is None else max(state.best_utility,
                                                                         utility)
    state.last_counterparts = counterparts
    state.argued = False
    aspiration = model.aspiration(min(state.clock, model.max_rounds))
    insult = base < INSULT_UTILITY
    if affront is not None:
        absurd = bool(affront.absurd)
        insult = insult or bool(affront.insulting) or affront.rude
    if insult or absurd or stale:
        state.patience -= 1
    outraged = base < OUTRAGE_UTILITY or (absurd and persona.leaves_on_absurd)
    if affront is not None and (insult or absurd):
        # Model 3: every persona hears the first affront out (one point of patience);
        # the second one ends the talk.
        state.affronts += 1
        outraged = base < OUTRAGE_UTILITY or state.affronts >= AFFRONTS_TO_BREAK
    acceptable = not absurd and utility >= aspiration - 1e-9 and utility >= -1e-9
    if acceptable:
        return _response("accept", utility, aspiration, None, (), (), insult, absurd,
                         stale, False, (), state)
    if outraged or state.patience <= 0 or round_no >= model.max_rounds:
        return _response("break", utility, aspiration, None, (), (), insult, absurd, stale,
                         False, (), state)
    counter, countered, satisfied = per_issue_counter(model, values,
                                                      model.target(min(state.clock,
                                                                       model.max_rounds)))
    costly = tuple(c for c in counterparts if persona.counterparts.get(c, 0.0) < 0)
    ultimatum = state.patience == 1 or round_no == model.max_rounds - 1
    return _response("counter", utility, aspiration, counter, countered, satisfied, insult,
                     absurd, stale, ultimatum, costly, state)


def per_issue_counter(model: ClientModel, values: dict[str, float],
                      target: dict[str, float]) -> tuple[dict[str, float], tuple[str, ...],
                                                         tuple[str, ...]]:
    """The counter-offer: on each issue the buyer's target, unless the seller's offer is
    already at least as good for the buyer (then the seller's own value, unchanged)."""
    counter: dict[str, float] = {}
    countered: list[str] = []
    satisfied: list[str] = []
    for issue in model.weights:
        offered = values.get(issue, model.reservation[issue])
        wanted = target[issue]
        if model.issue_utility(issue, offered) >= model.issue_utility(issue, wanted) - 1e-9:
            counter[issue] = offered
            satisfied.append(issue)
        else:
            counter[issue] = wanted
            countered.append(issue)
    return counter, tuple(countered), tuple(satisfied)


def _response(decision: str, utility: float, aspiration: float,
              counter: dict[str, float] | None, countered: tuple[str, ...],
              satisfied: tuple[str, ...], insult: bool, absurd: bool, stale: bool,
              ultimatum: bool, drop: tuple[str, ...], state: BuyerState) -> BuyerResponse:
    return BuyerResponse(decision, utility, aspiration, counter, countered, satisfied, insult,
                         absurd, stale, ultimatum, drop, state.patience)
