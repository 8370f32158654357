"""Cohort CSV for a French spreadsheet, for any trainee name; French spacing helpers."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from scoring import ACQUIS, load_referential
from simulator.centre.cohort import Cohort, CohortRow, columns
from simulator.centre.render_cohort import render_csv, render_json
from simulator.centre.text import typo

REF = load_referential("TP-00338")
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@given(st.lists(names, min_size=1, max_size=8))
def test_csv_reads_back_in_a_french_spreadsheet(trainees: list[str]) -> None:
    rows = tuple(CohortRow(name, i, "2026-03-01", "2031-03-01", None,
                           {"C1": (ACQUIS, "2026-03-01")}) for i, name in enumerate(trainees))
    cohort = Cohort(REF, columns(REF), rows)
    text = render_csv(cohort)
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    header = parsed[0]
    assert header[:4] == ["Stagiaire", "Séances", "CCP1", "CCP2"]
    assert [r[0] for r in parsed[1:]] == trainees
    c1 = header.index("C1")
    assert all(r[c1] == "01/03/2026" and r[header.index("CCP1")] == "non évalué"
               for r in parsed[1:])
    assert all(r[header.index("Fin de capitalisation")] == "01/03/2031" for r in parsed[1:])
    import json

    assert [t["stagiaire"] for t in json.loads(render_json(cohort))["stagiaires"]] == trainees


@given(st.text(max_size=80))
def test_typo_is_idempotent_and_keeps_the_words(text: str) -> None:
    once = typo(text)
    assert typo(once) == once
    assert once.replace("\u202f", " ").replace("\u00a0", " ") == \
        text.replace("\u202f", " ").replace("\u00a0", " ")
