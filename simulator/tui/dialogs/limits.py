"""Confirmation before a deal below the floor price or beyond the discount delegation.

Such a deal is a blocking fault (scoring C3.4): the trainee must confirm it explicitly,
knowing what is breached; the default button goes back to the negotiation.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from simulator.tui import formatting as fmt


def breaches(facts: dict[str, Any]) -> list[str]:
    """French lines naming each limit the deal breaks (empty when none)."""
    margin = facts.get("margin") or {}
    out: list[str] = []
    if facts.get("below_floor"):
        out.append(f"Prix net de {fmt.euros(margin.get('prix_net'), 2)} sous le prix plancher "
                   f"(écart {fmt.euros(margin.get('ecart_plancher'), 2)} par unité).")
    if facts.get("authority_exceeded"):
        out.append(f"Remise de {fmt.percent(margin.get('remise_effective'))} au-delà de votre "
                   f"délégation ({fmt.percent(facts.get('remise_max'))}), sans l'accord de "
                   "votre responsable.")
    return out


class LimitsDialog(ModalScreen[bool]):
    """Dismissed with True only when the trainee confirms the deal outside the limits."""

    DEFAULT_CSS = """
    LimitsDialog { align: center middle; }
    LimitsDialog > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $error 70%; background: $surface; padding: 1 2;
    }
    LimitsDialog .titre { text-style: bold; color: $error; margin-bottom: 1; }
    LimitsDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    LimitsDialog Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Revenir à la négociation"),
    ]

    def __init__(self, action: str, facts: dict[str, Any]) -> None:
        super().__init__()
        self._action = action
        self._lines = breaches(facts)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Accord hors de vos limites", classes="titre")
            body = "\n".join(f"• {line}" for line in self._lines)
            yield Static(f"{self._action}\n\n{body}\n\nC'est une faute bloquante à "
                         "l'examen : la compétence C3.4 ne sera pas acquise. Confirmer "
                         "quand même\u00a0?")
            with Horizontal():
                yield Button("Revenir à la négociation", id="non", variant="primary")
                yield Button("Confirmer quand même", id="oui", variant="error")

    def on_mount(self) -> None:
        self.query_one("#non", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "oui")

    def action_cancel(self) -> None:
        self.dismiss(False)
