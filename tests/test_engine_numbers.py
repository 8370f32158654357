"""Numbers typed by users go through the one parser, in grading and in inputs files."""

from __future__ import annotations

import pytest

from simulator.engine.steps import StepError, make_step
from simulator.engine.tasks import grade_number, to_number
from simulator.nlu.numbers import parse_number
from simulator.scenario.model import Pos

P = Pos("entrees.txt", 1, 1)


@pytest.mark.parametrize("text", ["265 483 €", "265\u202f483 €", "19,8 %", "12 500,50 € HT",
                                  "12 k€", "1 250", "-3,5", "nan", "inf", "1e400", "abc", "",
                                  "12,5,3"])
def test_grading_reads_numbers_like_the_core_parser(text: str) -> None:
    assert to_number(text) == parse_number(text)


def test_french_amounts_are_graded_right() -> None:
    assert grade_number("265 483 €", 265483, 0, False)[0]
    assert grade_number("19,8 %", 19.8, 0, False)[0]
    assert not grade_number("19,9 %", 19.8, 0, False)[0]
    ok, detail = grade_number("dix-neuf", 19.8, 0, False)
    assert not ok and "non numérique" in detail


def test_inputs_file_offer_accepts_french_numbers() -> None:
    step = make_step({"offrir": {"remise": "3,5 %", "prix_unitaire": "1 250 €"}}, P)
    assert step.value == {"remise": 3.5, "prix_unitaire": 1250.0}
    with pytest.raises(StepError, match="doit être un nombre"):
        make_step({"offrir": {"remise": "beaucoup"}}, P)
