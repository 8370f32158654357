"""The cohort view: one row per trainee, one column per CCP and competence.

Read in one query from the decisions the livret rules stored (`livret.recompute`), so a
centre's 2,000 trainees × 40 sessions show in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring import ACQUIS, NON_ACQUIS, NON_EVALUE, Referential
from simulator.centre.livret import EN_COURS, _referential
from simulator.centre.records import CentreRecords

SCHEMA = "ntc-cohorte/1"


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    kind: str          # ccp | competence


@dataclass
class CohortRow:
    trainee: str
    sessions: int
    first_ccp_on: str | None
    deadline: str | None
    title_on: str | None
    cells: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # status, date

    def cell(self, item: str) -> tuple[str, str | None]:
        return self.cells.get(item, (NON_EVALUE, None))


@dataclass(frozen=True)
class Cohort:
    referential: Referential
    columns: tuple[Column, ...]
    rows: tuple[CohortRow, ...]

    def counts(self, item: str) -> dict[str, int]:
        """How many trainees are in each status for one column."""
        out = {ACQUIS: 0, EN_COURS: 0, NON_ACQUIS: 0, NON_EVALUE: 0}
        for row in self.rows:
            status = row.cell(item)[0]
            out[status] = out.get(status, 0) + 1
        return out


def columns(referential: Referential) -> tuple[Column, ...]:
    out = [Column(c.id, c.title, "ccp") for c in referential.ccps]
    out += [Column(comp.id, comp.title, "competence")
            for c in referential.ccps for comp in c.competences]
    return tuple(out)


def load_cohort(records: CentreRecords, referential_id: str = "TP-00338") -> Cohort:
    referential = _referential(referential_id)
    rows: dict[int, CohortRow] = {}
    for tid, name, first, deadline, title, count, item, status, decided in \
            records.cohort_rows():
        row = rows.get(tid)
        if row is None:
            row = rows[tid] = CohortRow(name, int(count), first, deadline, title)
        if item is not None:
            row.cells[item] = (status, decided)
    return Cohort(referential, columns(referential), tuple(rows.values()))


__all__ = ["ACQUIS", "EN_COURS", "NON_ACQUIS", "NON_EVALUE", "Cohort", "CohortRow",
           "Column", "load_cohort"]
