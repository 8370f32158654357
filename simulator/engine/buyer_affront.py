"""Absurd and insulting offers, judged against the persona's own positions (buyer model 3).

Buyer model 2 used fixed thresholds (a net price under 35 % of the floor, a discount over
70 %). Model 3 measures each issue in the buyer's own scale: 0 at its reservation, 1 at its
opening demand (what it asks at best), so the same rule fits every product and persona:

- absurd: the seller gives far more than the buyer itself dares ask (beyond the opening by
  `ABSURD_SPANS` opening–reservation spans: a 60 % discount to a buyer who asks 15 %, a
  payment at 200 days to one who asks 60), or a net unit price under `ABSURD_COST_SHARE` of
  the unit cost (« 0 € », « 8 € » for a 30 000 € machine): no seller can mean it;
- insulting: an issue far worse than the buyer's reservation (beyond it by
  `INSULT_SPANS` spans: a delivery at 120 days to one who accepts 35), or words the act
  model reads as aggressive in the text the offer was typed with (any clause: « et
  franchement, vous êtes des escrocs »).

One such offer costs patience; a second one ends the talk (buyer.respond). Pure and
deterministic given the act model named in the log header and its `models.ton` (the
version of the rude-text check, `TONE_KEY`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from simulator.engine.negotiation import ClientModel

MODEL = 3                      # the buyer model that judges offers this way
ABSURD_SPANS = 2.0
ABSURD_COST_SHARE = 0.5
INSULT_SPANS = 3.0
AFFRONTS_TO_BREAK = 2          # the second absurd or insulting offer ends the talk
RUDE_SCORE = 0.35              # least act-model score of « agressif » in a clause …
RUDE_MARGIN = 0.05             # … within this much of the clause's best act
TONE_KEY = "ton"              # header `models` key versioning the rude-text check
MIN_MODEL_WORDS = 2            # tone 2: a one-word clause (« Franchement, … ») is not
                               # judged by the act model alone (the lexicon still is)
# tone 2: a lexicon word (`radin`) also matches its plural and feminine forms (`radins`,
# `radine`, `radines`); an `-eur` word its `-euse` form (`menteuse`)
_INFLECT = "(?:e|s|es|x)?"
_PLAIN_WORD = re.compile(r"[a-z']+")
_CLAUSES = re.compile(r"[,;:.!?…]+|\s+(?:et|mais|alors|sinon|parce que|car)\s+",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Affront:
    """What makes an offer absurd or insulting (empty: a normal offer)."""

    absurd: tuple[str, ...] = ()        # issues (or "prix") no seller can mean
    insulting: tuple[str, ...] = ()     # issues far worse than the reservation
    rude: bool = False                  # the typed text is aggressive

    @property
    def any(self) -> bool:
        return bool(self.absurd or self.insulting or self.rude)


def position(model: ClientModel, issue: str, value: float) -> float | None:
    """`value` on the buyer's scale (0 reservation, 1 opening, unbounded); None when the
    buyer does not negotiate the issue."""
    opening, reservation = model.opening.get(issue), model.reservation.get(issue)
    if opening is None or reservation is None or opening == reservation:
        return None
    return (value - reservation) / (opening - reservation)


def tone_model(models: dict[str, int]) -> int:
    """The rude-text check a session's header `models` names (1 when absent)."""
    return int(models.get(TONE_KEY, 1))


def assess(model: ClientModel, values: dict[str, float], net_price: float,
           unit_cost: float, text: str | None = None, tone: int = 1) -> Affront:
    """The affront an offer is, if any (`values` as the buyer weighs them)."""
    absurd: list[str] = []
    insulting: list[str] = []
    if net_price <= 0 or (unit_cost > 0 and net_price < unit_cost * ABSURD_COST_SHARE):
        absurd.append("prix")
    for issue in model.weights:
        if issue not in values:
            continue
        place = position(model, issue, values[issue])
        if place is None:
            continue
        if place > 1 + ABSURD_SPANS and not (issue == "remise" and "prix" in absurd):
            absurd.append(issue)
        elif place < -INSULT_SPANS:
            insulting.append(issue)
    return Affront(tuple(absurd), tuple(insulting), bool(text) and rude(str(text), tone))


@lru_cache(maxsize=2)
def _rude_patterns(tone: int = 1) -> tuple[re.Pattern[str], ...]:
    """The `motifs` of the « agressif » act (scenarios/actes/agressif.yaml), compiled;
    from tone 2 their single words inflected (`inflect`)."""
    from simulator.nlu.dataset import acts_dir, load_acts

    data, _ = load_acts([acts_dir() / "agressif.yaml"])
    regexes = [p.regex for d in data if d.act == "agressif" for p in d.patterns]
    return tuple(re.compile(inflect(r) if tone >= 2 else r) for r in regexes)


def inflect(regex: str) -> str:
    """`\\b(w1|w2 w3|…)\\b` with each plain single word also matching its plural and
    feminine forms; any other shape of pattern is kept as written."""
    match = re.fullmatch(r"\\b\((.*)\)\\b", regex)
    if match is None or any(c in match.group(1) for c in "()[]\\"):
        return regex
    forms: list[str] = []
    for word in match.group(1).split("|"):
        if _PLAIN_WORD.fullmatch(word):
            forms.append(word + _INFLECT)
            if word.endswith("eur"):
                forms.append(word[:-3] + "euses?")
            elif word[-1] in "lnt":
                forms.append(word + word[-1] + "es?")   # nul -> nulle, nulles
        else:
            forms.append(word)
    return r"\b(" + "|".join(forms) + r")\b"


def rude(text: str, tone: int = 1) -> bool:
    """Whether `text` reads as aggressive: a clause the act model ranks « agressif », or
    one of that act's patterns (the shipped French data, not a list in the code).

    Tone 1 counted a clause whose « agressif » score came within `RUDE_MARGIN` of its best
    act (« c'est radical comme baisse » : écoute 0,40, agressif 0,37); tone 2 wants it the
    best act, in a clause of at least `MIN_MODEL_WORDS` words.
    """
    from simulator.nlu.model import load_model
    from simulator.nlu.text import normalise

    folded = normalise(text)
    if any(p.search(folded) for p in _rude_patterns(2 if tone >= 2 else 1)):
        return True
    model = load_model()
    margin = RUDE_MARGIN if tone < 2 else 0.0
    clauses = [c.strip() for c in _CLAUSES.split(text) if c and c.strip()]
    for clause in clauses:                 # each clause alone: a rude aside shows
        if tone >= 2 and len(normalise(clause).split()) < MIN_MODEL_WORDS:
            continue
        acts = model.rank(clause)          # the acts only: no entities needed here
        if not acts:
            continue
        score = next((a.score for a in acts if a.act == "agressif"), 0.0)
        if score >= RUDE_SCORE and score >= acts[0].score - margin:
            return True
    return False
