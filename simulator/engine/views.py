"""Read-only views of a session's state, for the TUI and the CLI.

The views are plain frozen dataclasses built from the session on demand: a front-end never
touches the engine's mutable state, and a view can be compared in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Speaker of a transcript line written by the trainee (choices, free text, offers, answers).
TRAINEE = "stagiaire"
# Speaker of coach feedback lines (training mode only).
COACH = "coach"
# Speaker of engine messages (timer, task results, negotiation summaries).
SYSTEM = "systeme"


@dataclass(frozen=True)
class Line:
    """One line of the transcript: who speaks, the rendered text, the event `seq` it comes from."""

    speaker: str          # a model Speaker, or TRAINEE / COACH / SYSTEM
    text: str
    seq: int


@dataclass(frozen=True)
class ChoiceView:
    """A choice as the trainee sees it. Hidden choices are never listed.

    `number` is 1-based among the listed choices (what `choose(2)` means). Disabled choices
    (condition false with a `raison`) are listed with `enabled=False` in training mode only.
    """

    number: int
    id: str
    text: str
    enabled: bool
    reason: str | None = None


@dataclass(frozen=True)
class FieldView:
    """A task field. For `selection` / `tournee`, `rows` is the world collection to pick from."""

    id: str
    kind: str                                   # nombre | choix | texte | selection | tournee
    label: str
    options: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class NegotiationView:
    """State of the negotiation on the current node (seller's side numbers included)."""

    product: dict[str, Any]
    quantity: int
    round: int                                  # offers made so far by the trainee
    max_rounds: int
    list_price: float
    floor_price: float
    unit_cost: float
    max_discount: float                         # seller's authority (vendeur.remise_max, %)
    client_offer: dict[str, Any] | None         # client's last position (opening/counter)
    last_offer: dict[str, Any] | None           # trainee's last offer
    patience: int
    agreement: dict[str, Any] | None = None
    persona: str | None = None                  # buyer model 2: the buyer's persona label


@dataclass(frozen=True)
class NodeView:
    """The current node: id, kind, speaker and the rendered line (placeholders filled)."""

    id: str
    kind: str                                   # dialogue | negociation | tache | fin
    speaker: str
    text: str
    visit: int
    instructions: str | None = None             # tache
    fields: tuple[FieldView, ...] = ()          # tache
    negotiation: NegotiationView | None = None  # negociation
    outcome: str | None = None                  # fin
    extra: dict[str, Any] = field(default_factory=dict)
