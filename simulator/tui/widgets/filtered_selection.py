"""A checklist with a filter line: 120 companies become the few the trainee looks for, and
rows ticked before filtering stay ticked."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, SelectionList


def _matches(label: str, query: str) -> bool:
    words = query.lower().split()
    text = label.lower()
    return all(w in text for w in words)


class FilteredSelection(Vertical):
    """`rows` are (label, value); `selected` lists every ticked value, shown or filtered out,
    in the order they were ticked."""

    DEFAULT_CSS = """
    FilteredSelection { height: auto; }
    FilteredSelection > Input { height: 1; border: none; padding: 0 1; background: $boost; }
    FilteredSelection > Input:focus { background: $accent 20%; }
    FilteredSelection > SelectionList { height: auto; max-height: 10; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_filter", "Filtrer la liste", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self._ticked: list[str] = []

    def compose(self) -> ComposeResult:
        field = Input(placeholder="Ctrl+F pour filtrer : raison sociale, commune, secteur…",
                      compact=True, classes="filtre")
        # Out of the Tab order (the form's fields keep theirs); Ctrl+F enters it.
        field.can_focus = False
        yield field
        yield SelectionList[str](*self.rows)

    @property
    def selected(self) -> list[str]:
        return list(self._ticked)

    def action_focus_filter(self) -> None:
        field = self.query_one(Input)
        field.can_focus = True
        field.focus()

    def on_descendant_blur(self, event: object) -> None:
        field = self.query_one(Input)
        if not field.has_focus:
            field.can_focus = False

    def on_selection_list_selected_changed(
            self, event: SelectionList.SelectedChanged[str]) -> None:
        """Ticks of shown rows follow the list; ticks of filtered-out rows are kept."""
        shown = self.query_one(SelectionList)
        visible = {shown.get_option_at_index(i).value for i in range(shown.option_count)}
        now = list(shown.selected)
        self._ticked = [v for v in self._ticked if v not in visible or v in now]
        self._ticked += [v for v in now if v not in self._ticked]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        shown = self.query_one(SelectionList)
        shown.clear_options()
        shown.add_options([(label, value, value in self._ticked) for label, value in self.rows
                           if _matches(label, event.value)])
        shown.highlighted = 0 if shown.option_count else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the list, it does not send the form."""
        event.stop()
        self.query_one(SelectionList).focus()
        self.query_one(Input).can_focus = False
