"""A raw file of the dossier (orders, invoices) as a table sortable like the client file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from simulator.tui.widgets.data_panes import TO_COMPUTE, FileColumn
from simulator.tui.widgets.sorting import Sorting


class FileTable(Vertical):
    """Title + DataTable. `s` sorts by the next column (again: reverse order), a click on
    a header sorts by it. Columns in `hidden` read « à calculer » and do not sort."""

    DEFAULT_CSS = """
    FileTable { height: auto; margin-top: 1; }
    FileTable > Label { text-style: bold; }
    FileTable DataTable { height: auto; max-height: 16; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_column", "Trier la colonne"),
    ]

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.rows: list[dict[str, Any]] = []
        self.columns: tuple[FileColumn, ...] = ()
        self.hidden: frozenset[str] = frozenset()
        self.sorting = Sorting()

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="titre")
        yield DataTable[Text | str](cursor_type="row", zebra_stripes=True)

    def load(self, rows: Sequence[dict[str, Any]], columns: tuple[FileColumn, ...],
             hidden: frozenset[str] = frozenset()) -> None:
        """Show these rows (in their given order until sorted)."""
        self.rows, self.columns, self.hidden = list(rows), columns, hidden
        self.sorting = Sorting()
        table: DataTable[Text | str] = self.query_one(DataTable)
        table.clear(columns=True)
        for column in columns:
            table.add_column(Text(column.header, justify="right" if column.right else "left"),
                             key=column.key)
        self.reload()

    def visible_rows(self) -> list[dict[str, Any]]:
        """The rows in the order shown."""
        values = {c.key: c.value for c in self.columns}
        return self.sorting.apply(self.rows, lambda row, key: values[key](row))

    def reload(self) -> None:
        table: DataTable[Text | str] = self.query_one(DataTable)
        table.clear()
        for i, row in enumerate(self.visible_rows()):
            table.add_row(*(self._cell(c, row) for c in self.columns), key=str(i))
        status = self.sorting.status({c.key: c.header for c in self.columns})
        self.query_one(Label).update(
            f"{self.title} ({len(self.rows)})" + (f" · {status}" if status else ""))

    def _cell(self, column: FileColumn, row: dict[str, Any]) -> Text | str:
        if column.key in self.hidden:
            return Text(TO_COMPUTE, style="italic")
        return Text(column.show(column.value(row)),
                    justify="right" if column.right else "left")

    def sort(self, column: str) -> None:
        """Sort by a column key; the same column again reverses the order."""
        if column in self.hidden or column not in {c.key for c in self.columns}:
            return
        self.sorting.toggle(column)
        self.reload()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort(str(event.column_key.value))

    def action_sort_column(self) -> None:
        self.sorting.cycle([c.key for c in self.columns if c.key not in self.hidden])
        self.reload()
