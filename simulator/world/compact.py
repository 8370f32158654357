"""Smaller records for large worlds: same dicts, same order, same JSON, less memory.

A 100,000-company territory holds ~700,000 records (contacts, orders, invoices), most of
their memory being dict tables and repeated strings (dates, first names, job titles,
product names). `Compactor.records` rebuilds each record as the `__dict__` of an instance of
one class per collection — CPython then shares one key table between all of them ("split"
dicts, up to 30 keys) — and makes equal strings (and equal non-zero floats) one object.
The result is an ordinary
`dict` with the same keys in the same order and equal values: nothing downstream can tell,
and the JSON written is byte-identical. Records with more keys than CPython shares stay
ordinary dicts (their strings are still shared).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

Record = dict[str, Any]
SHARED_KEYS_MAX = 30       # CPython's limit for a class's shared key table
SAMPLE = 2000              # values of a key looked at before deciding whether it repeats
MIN_REPEAT = 0.3           # below this share of repeats, a key's values are left alone


class Compactor:
    """One collection's records (`name` for the class shown in a debugger)."""

    def __init__(self, name: str, strings: dict[str, str] | None = None) -> None:
        self._layout: type = type(f"_{name}", (), {})
        self._strings = strings if strings is not None else {}
        self._floats: dict[float, float] = {}     # prices, rates, dates repeat
        # Per key, [values looked up, of which already pooled]: a key whose values hardly
        # repeat (ids, phones, e-mails) stops being pooled after a sample, else the pool
        # itself would hold an entry per unique value (more than it saves).
        self._stats: dict[str, list[int]] = {}
        self._unique: set[str] = set()

    def records(self, records: Iterable[Record]) -> list[Record]:
        """Equal records, compacted (a new list; the old records can be dropped)."""
        return [self.record(r) for r in records]

    def _shared(self, key: str, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            pool: dict[Any, Any] = self._strings
        elif kind is float and value:     # never 0.0: -0.0 == 0.0 but prints differently
            pool = self._floats
        else:
            return value
        if key in self._unique:
            return value
        stats = self._stats.setdefault(key, [0, 0])
        stats[0] += 1
        shared = pool.setdefault(value, value)
        if shared is not value:
            stats[1] += 1
        if stats[0] == SAMPLE and stats[1] < SAMPLE * MIN_REPEAT:
            self._unique.add(key)
        return shared

    def record(self, record: MutableMapping[str, Any]) -> Record:
        """An equal record, compacted; one with more keys than CPython shares (a company)
        is kept, its values shared in place (it must be the record at its final size)."""
        if len(record) >= SHARED_KEYS_MAX:    # a dict, or a record.Company
            for key, value in record.items():
                record[key] = self._shared(key, value)
            return record  # type: ignore[return-value]
        holder = self._layout()
        for key, value in record.items():
            setattr(holder, key, self._shared(key, value))
        shared: Record = holder.__dict__
        return shared
