"""The client file as a sortable, filterable table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label

from simulator.tui import formatting as fmt
from simulator.tui.widgets.sorting import Sorting, sort_key

__all__ = ["COLUMNS", "ClientTable", "matches", "sort_key"]

# column key, header, formatter
COLUMNS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("raison_sociale", "Raison sociale", lambda v: str(v or "")),
    ("commune", "Commune", lambda v: str(v or "")),
    ("statut", "Statut", lambda v: str(v or "")),
    ("segment", "Seg.", lambda v: str(v or "")),
    ("secteur_libelle", "Secteur", lambda v: str(v or "")),
    ("effectif", "Effectif", lambda v: fmt.number(v) if v is not None else ""),
    ("ca_annuel", "CA annuel", lambda v: fmt.euros(v) if v is not None else ""),
    ("potentiel", "Potentiel", lambda v: str(v or "")),
    ("ca_12_mois", "CA 12 mois", lambda v: fmt.euros(v) if v is not None else ""),
    ("distance_km", "Dist. km", lambda v: fmt.number(v) if v is not None else ""),
)


WIDTHS: dict[str, int] = {"raison_sociale": 28, "commune": 18, "secteur_libelle": 14}
TO_COMPUTE = "à calculer"


def matches(row: dict[str, Any], query: str,
            hidden: frozenset[str] = frozenset()) -> bool:
    """Every word of the query appears in one of the shown fields (case-insensitive)."""
    if not query.strip():
        return True
    haystack = " ".join(str(row.get(key, "")) for key, _, _ in COLUMNS
                        if key not in hidden).casefold()
    return all(word in haystack for word in query.casefold().split())


class ClientTable(Vertical):
    """Filter box + DataTable. `s` sorts by the cursor column (again: reverse order).

    Columns in `hidden` (answers the trainee has to compute) read « à calculer » and
    neither filter nor sort.
    """

    DEFAULT_CSS = """
    ClientTable { height: 1fr; }
    ClientTable > Horizontal { height: 1; margin-bottom: 1; }
    ClientTable Label { width: auto; padding-right: 1; }
    ClientTable Input { border: none; height: 1; padding: 0; width: 1fr; }
    ClientTable #compte { width: auto; padding-left: 1; color: $text-muted; }
    ClientTable DataTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_column", "Trier la colonne"),
        Binding("slash", "focus_filter", "Filtrer"),
    ]

    def __init__(self, rows: list[dict[str, Any]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.contacts: list[dict[str, Any]] = []
        self.hidden: frozenset[str] = frozenset()
        self.sorting = Sorting()
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("Filtrer :")
            yield Input(placeholder="commune, secteur, statut… (/)", id="filtre")
            yield Label("", id="compte")
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True, id="table")
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, header, _ in COLUMNS:
            table.add_column(header, key=key, width=WIDTHS.get(key))
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink_enabled", True)
        self.reload()

    def visible_rows(self) -> list[dict[str, Any]]:
        """Rows after filter and sort, as shown."""
        return self.sorting.apply(r for r in self.rows
                                  if matches(r, self.query_text, self.hidden))

    def reload(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.clear()
        shown = self.visible_rows()
        for i, row in enumerate(shown):
            table.add_row(*(TO_COMPUTE if k in self.hidden else f(row.get(k))
                            for k, _, f in COLUMNS),
                          key=str(row.get("id", i)))
        status = f"{len(shown)}/{len(self.rows)}"
        if self.sorting.by is not None:
            status += " · " + self.sorting.status({k: h for k, h, _ in COLUMNS})
        self.query_one("#compte", Label).update(status)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def sort(self, column: str) -> None:
        """Sort by a column key; the same column again reverses the order."""
        if column in self.hidden:
            return
        self.sorting.toggle(column)
        self.reload()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort(str(event.column_key.value))

    def action_sort_column(self) -> None:
        """Cycle: column ascending, descending, then the next column."""
        self.sorting.cycle([k for k, _, _ in COLUMNS if k not in self.hidden])
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the company's card with its contacts."""
        event.stop()
        from simulator.tui.dialogs.company import CompanyDialog

        key = event.row_key.value
        company = next((r for r in self.rows if str(r.get("id")) == key), None)
        if company is None:
            return
        contacts = [c for c in self.contacts if c.get("entreprise_id") == company.get("id")]
        self.app.push_screen(CompanyDialog(company, contacts, hidden=self.hidden))

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()
