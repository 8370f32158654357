"""Form of a CCP2 task: numbers, choices, short texts, a selection in the client file and
a visit route to put in order (kilometres shown as you reorder)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, RadioSet
from textual.widgets.option_list import Option

from simulator.engine.answers import shown_row
from simulator.nlu.numbers import number_or_text
from simulator.tui import formatting as fmt
from simulator.tui.widgets.filtered_selection import FilteredSelection
from simulator.tui.widgets.wrapping import WrappingRadioButton


def row_label(row: dict[str, Any]) -> str:
    """Short description of a world row (company, visit...)."""
    name = row.get("raison_sociale") or row.get("nom") or row.get("id", "?")
    parts = [str(name)]
    for key in ("commune", "statut", "segment", "potentiel", "motif"):
        if row.get(key):
            parts.append(str(row[key]))
    if isinstance(row.get("ca_annuel"), int | float):
        parts.append(fmt.euros(row["ca_annuel"]))
    return " · ".join(parts)


class RouteOrder(OptionList):
    """Visits to order: Ctrl+↑ / Ctrl+↓ (or - / +) move the highlighted visit."""

    DEFAULT_CSS = """
    RouteOrder { height: auto; max-height: 10; border: round $primary 40%; }
    RouteOrder:focus { border: round $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+up,minus", "move(-1)", "Monter l'étape"),
        Binding("ctrl+down,plus", "move(1)", "Descendre l'étape"),
    ]

    @dataclass
    class Reordered(Message):
        route: RouteOrder

    def __init__(self, rows: list[dict[str, Any]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows

    def on_mount(self) -> None:
        self._render_rows()
        if self.rows:
            self.highlighted = 0

    def order(self) -> list[str]:
        return [str(r.get("id")) for r in self.rows]

    def _render_rows(self) -> None:
        self.clear_options()
        for i, row in enumerate(self.rows, start=1):
            self.add_option(Option(f"{i}. {escape(row_label(row))}", id=str(row.get("id"))))

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self.rows):
            return
        self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
        self._render_rows()
        self.highlighted = target
        self.post_message(self.Reordered(self))


class TaskForm(VerticalScroll):
    """One widget per field; `Submitted` carries the answers keyed by field id."""

    DEFAULT_CSS = """
    TaskForm { height: 1fr; border: round $primary 50%; padding: 0 1; }
    TaskForm .libelle { text-style: bold; }
    TaskForm Input { width: 60; max-width: 100%; background: $boost; }
    TaskForm Input:focus { background: $accent 20%; }
    TaskForm RadioSet { height: auto; layout: horizontal; border: none; padding: 0; }
    TaskForm RadioSet:focus { background: $accent 20%; }
    TaskForm RadioSet RadioButton { width: auto; }
    TaskForm .tournee { height: auto; }
    TaskForm SelectionList { height: auto; max-height: 10; }
    TaskForm .km { color: $text-muted; }
    TaskForm #valider { margin-top: 1; }
    """

    @dataclass
    class Submitted(Message):
        answers: dict[str, Any]

    @dataclass
    class RouteChanged(Message):
        order: list[str]

    def __init__(self, fields: tuple[Any, ...], *,
                 km: Callable[[list[str]], float | None] | None = None,
                 hidden: Mapping[str, frozenset[str]] | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.fields = fields
        # per list field, the columns the dossier shows « à calculer »
        self.hidden: Mapping[str, frozenset[str]] = hidden or {}
        self._km = km
        self.border_title = "Tâche (Ctrl+S pour valider)"

    def compose(self) -> ComposeResult:
        for f in self.fields:
            yield Label(escape(f.label), classes="libelle")
            if f.kind == "nombre":
                yield Input(id=f"champ-{f.id}", placeholder="nombre", compact=True)
            elif f.kind == "texte":
                yield Input(id=f"champ-{f.id}", placeholder="votre réponse", compact=True)
            elif f.kind == "choix":
                with RadioSet(id=f"champ-{f.id}"):
                    for option in f.options:
                        yield WrappingRadioButton(escape(str(option)))
            elif f.kind == "selection":
                yield FilteredSelection(
                    [(escape(row_label(shown_row(r, self.hidden.get(f.id, ())))),
                      str(r.get("id"))) for r in f.rows],
                    id=f"champ-{f.id}")
                yield Label("Espace pour cocher / décocher.", classes="km")
            elif f.kind == "tournee":
                with Vertical(classes="tournee"):
                    yield RouteOrder([shown_row(r, self.hidden.get(f.id, ())) for r in f.rows],
                                     id=f"champ-{f.id}")
                    yield Label("", id=f"km-{f.id}", classes="km")
        yield Button("Valider les réponses", id="valider", variant="primary")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        for f in self.fields:
            if f.kind == "tournee":
                self._show_km(f.id)

    def focus_first_field(self) -> None:
        """Put the cursor in the first field of the form."""
        fields = self.query("Input, RadioSet, SelectionList, RouteOrder")
        if fields:
            fields.first().focus()

    def _show_km(self, field_id: str) -> None:
        route = self.query_one(f"#champ-{field_id}", RouteOrder)
        km = self._km(route.order()) if self._km else None
        text = (f"Tournée base → visites → base : {fmt.number(km, 1)} km "
                "(Ctrl+↑ / Ctrl+↓ ou - / + pour déplacer une étape)"
                if km is not None else "Ctrl+↑ / Ctrl+↓ ou - / + pour déplacer une étape")
        self.query_one(f"#km-{field_id}", Label).update(text)

    def on_route_order_reordered(self, event: RouteOrder.Reordered) -> None:
        event.stop()
        field_id = (event.route.id or "").removeprefix("champ-")
        self._show_km(field_id)
        self.post_message(self.RouteChanged(event.route.order()))

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget_id = f"#champ-{f.id}"
            if f.kind == "nombre":
                # graded by the engine's parser; what was typed is kept when not a number
                typed = self.query_one(widget_id, Input).value
                out[f.id] = number_or_text(typed) if typed.strip() else None
            elif f.kind == "texte":
                out[f.id] = self.query_one(widget_id, Input).value
            elif f.kind == "choix":
                radios = self.query_one(widget_id, RadioSet)
                index = radios.pressed_index
                out[f.id] = f.options[index] if 0 <= index < len(f.options) else None
            elif f.kind == "selection":
                out[f.id] = self.query_one(widget_id, FilteredSelection).selected
            elif f.kind == "tournee":
                out[f.id] = self.query_one(widget_id, RouteOrder).order()
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "valider":
            event.stop()
            self.post_message(self.Submitted(self.answers()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
