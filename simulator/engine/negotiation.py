"""The client's negotiation behaviour: time-dependent concession (Faratin et al. 1998).

The client moves on each issue from its opening position towards its reservation value along
alpha(t) = k + (1 - k) * (t / T) ** (1 / e). Boulware (e < 1) holds firm and concedes late,
Conceder (e > 1) gives ground early, lineaire (e = 1) concedes evenly. Utilities are linear
per issue: 1 at the client's opening, 0 at its reservation, negative beyond it, so the
client's aspiration at round t is exactly 1 - alpha(t) and it never accepts (or counters)
beyond its reservation. Everything here is pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_E: dict[str, float] = {"boulware": 0.2, "conceder": 3.0, "lineaire": 1.0}
# Weight keys of the scenario → the offer issue they weigh ("prix" weighs the discount).
WEIGHT_ISSUE: dict[str, str] = {
    "prix": "remise", "remise": "remise", "delai_paiement": "delai_paiement",
    "livraison": "livraison", "services": "services", "quantite": "quantite",
}
# Counter-offers are rounded to these decimals per issue (then clamped to the reservation).
ROUNDING: dict[str, int] = {"remise": 1, "delai_paiement": 0, "livraison": 0, "services": 0,
                            "quantite": 0}
INSULT_UTILITY = -0.5


def alpha(t: float, horizon: float, e: float, k: float = 0.0) -> float:
    """Share of the way from opening to reservation conceded at time t (0 ≤ t ≤ horizon)."""
    if horizon <= 0:
        return 1.0
    if e <= 0:
        raise ValueError("e must be > 0")
    ratio = min(max(t / horizon, 0.0), 1.0)
    return k + (1.0 - k) * ratio ** (1.0 / e)


@dataclass(frozen=True)
class ClientModel:
    """The client's private preferences: weights sum to 1, issues in both positions."""

    opening: dict[str, float]
    reservation: dict[str, float]
    weights: dict[str, float]
    e: float
    max_rounds: int
    k: float = 0.0

    @classmethod
    def build(cls, opening: dict[str, float], reservation: dict[str, float],
              weights: dict[str, float], tactic: str, e: float | None,
              max_rounds: int) -> ClientModel:
        """Normalise scenario data: map weight keys to issues, keep shared issues only."""
        issues = [i for i in opening if i in reservation]
        mapped: dict[str, float] = {}
        for key, weight in weights.items():
            issue = WEIGHT_ISSUE.get(key, key)
            if issue in issues and weight > 0:
                mapped[issue] = mapped.get(issue, 0.0) + float(weight)
        if not mapped:
            mapped = {i: 1.0 for i in issues}
        total = sum(mapped.values())
        norm = {i: w / total for i, w in mapped.items()} if total > 0 else {}
        exponent = e if e is not None and e > 0 else DEFAULT_E.get(tactic, 1.0)
        return cls(opening={i: float(opening[i]) for i in norm},
                   reservation={i: float(reservation[i]) for i in norm},
                   weights=norm, e=exponent, max_rounds=max(1, int(max_rounds)))

    def issue_utility(self, issue: str, value: float) -> float:
        """1 at the opening, 0 at the reservation, linear (and unbounded below)."""
        opening, reservation = self.opening[issue], self.reservation[issue]
        if opening == reservation:
            return 1.0          # degenerate: the client does not negotiate this issue
        return min(1.0, (value - reservation) / (opening - reservation))

    def utility(self, values: dict[str, float]) -> float:
        """Weighted utility of an offer (issues absent from `values` count at reservation)."""
        total = 0.0
        for issue, weight in self.weights.items():
            value = values.get(issue, self.reservation[issue])
            total += weight * self.issue_utility(issue, value)
        return total

    def alpha(self, round_no: int) -> float:
        return alpha(round_no, self.max_rounds, self.e, self.k)

    def aspiration(self, round_no: int) -> float:
        """Utility the client still asks for at this round."""
        return 1.0 - self.alpha(round_no)

    def target(self, round_no: int) -> dict[str, float]:
        """The concrete position at this round's aspiration, rounded, never past reservation."""
        a = self.alpha(round_no)
        out: dict[str, float] = {}
        for issue in self.weights:
            opening, reservation = self.opening[issue], self.reservation[issue]
            value = round(opening + a * (reservation - opening), ROUNDING.get(issue, 2))
            low, high = sorted((opening, reservation))
            out[issue] = min(max(value, low), high)
        return out


@dataclass(frozen=True)
class Response:
    decision: str               # accept | counter | break
    utility: float
    aspiration: float
    counter: dict[str, float] | None
    insult: bool


def respond(model: ClientModel, values: dict[str, float], round_no: int,
            patience: int) -> tuple[Response, int]:
    """The client's answer to the trainee's offer number `round_no` (1-based).

    Accepts when the offer is worth at least what it would counter with now; otherwise an
    insulting offer costs one point of patience (break at 0), the last round breaks off, and
    any other offer gets a counter-offer at the current aspiration. Returns the new patience.
    """
    utility = model.utility(values)
    aspiration = model.aspiration(round_no)
    if utility >= aspiration - 1e-9:
        return Response("accept", utility, aspiration, None, False), patience
    insult = utility < INSULT_UTILITY
    if insult:
        patience -= 1
    if (insult and patience <= 0) or round_no >= model.max_rounds:
        return Response("break", utility, aspiration, None, insult), patience
    return Response("counter", utility, aspiration, model.target(round_no), insult), patience


def margin(list_price: float, unit_cost: float, floor_price: float,
           unit_price: float, discount: float, quantity: float) -> dict[str, float]:
    """Seller's margin on an offer: net price, amount, margin (amount, %), floor distance."""
    net = unit_price * (1.0 - discount / 100.0)
    amount = net * quantity
    cost = unit_cost * quantity
    value = amount - cost
    effective = (1.0 - net / list_price) * 100.0 if list_price else 0.0
    return {
        "prix_net": round(net, 2),
        "montant": round(amount, 2),
        "cout": round(cost, 2),
        "marge": round(value, 2),
        "taux_marge": round(value / amount * 100.0, 2) if amount else 0.0,
        "ecart_plancher": round(net - floor_price, 2),
        "remise_effective": round(effective, 2),
    }


def describe_offer_v1(offer: dict[str, Any], issues: Any = None) -> str:
    """Buyer model 1's wording of its counter-offers, frozen so that logs recorded with it
    replay identically ('remise 12 %, paiement à 45 jours, 2 service(s) inclus'); one
    wording of offers, in engine/transcript.py."""
    from simulator.engine.transcript import describe_offer

    return describe_offer(offer, issues, model_1=True)
