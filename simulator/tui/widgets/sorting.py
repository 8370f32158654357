"""Sorting shared by the dossier's tables (client file, orders, invoices): by a column,
the same column again reverses the order, `s` cycles through the columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def sort_key(value: Any) -> tuple[int, Any]:
    """Numbers before text, missing values last."""
    if value is None or value == "":
        return (2, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value).casefold())


@dataclass
class Sorting:
    """Which column a table is sorted by, and in which direction."""

    by: str | None = None
    reverse: bool = False

    def toggle(self, column: str) -> None:
        """Sort by a column; the same column again reverses the order."""
        if self.by == column:
            self.reverse = not self.reverse
        else:
            self.by, self.reverse = column, False

    def cycle(self, keys: Sequence[str]) -> None:
        """Column ascending, descending, then the next column."""
        if not keys:
            return
        if self.by not in keys:
            self.by, self.reverse = keys[0], False
        elif not self.reverse:
            self.reverse = True
        else:
            self.by = keys[(keys.index(self.by) + 1) % len(keys)]
            self.reverse = False

    def apply(self, rows: Iterable[dict[str, Any]],
              value: Callable[[dict[str, Any], str], Any] | None = None
              ) -> list[dict[str, Any]]:
        """The rows in this order (`value` reads a row's sort value; default: the field)."""
        out = list(rows)
        if self.by is not None:
            key, read = self.by, value or (lambda row, k: row.get(k))
            out.sort(key=lambda row: sort_key(read(row, key)), reverse=self.reverse)
        return out

    def status(self, headers: Mapping[str, str]) -> str:
        """« tri : Date ▼ », or nothing when unsorted."""
        if self.by is None:
            return ""
        return f"tri : {headers.get(self.by, self.by)} {'▼' if self.reverse else '▲'}"
