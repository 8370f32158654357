"""SVG snapshots of the « Formateur » screen at 80×24 and 120×40 (fixed records).

Regenerate after a deliberate change: `pytest tests/tui --snapshot-update`, then review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory
from textual.pilot import Pilot

from simulator.centre import CentreRecords, SessionInfo
from simulator.centre.livret import recompute

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _records() -> None:
    """Three trainees × three sessions with fixed dates and decisions."""
    with CentreRecords() as records:
        for t, name in enumerate(["Léa Roux", "Zoé Dupré", "Camille Martin"]):
            for s in range(3):
                sid = f"{t}{s}" * 16
                records.register(SessionInfo(
                    sid, name, "prospection-telephonique", "0" * 64, "examen", s,
                    f"2026-0{s + 1}-1{t}T09:30:00+00:00", None), last_seq=40, status="ended")
                records.progress(sid, 40, "", "ended", s % 2,
                                 ended_at=f"2026-0{s + 1}-1{t}T10:00:00+00:00",
                                 outcome="succes")
                lea = t == 0
                items = {"C1": "acquis" if s >= t else "non acquis", "C2": "acquis",
                         "C3": "acquis" if lea else "non évalué",
                         "C4": "acquis" if lea and s == 2 else "non évalué",
                         "C5": "acquis" if lea else "non évalué",
                         "C6": "acquis" if lea else "non évalué",
                         "C7": "acquis" if lea and s == 1 else "non évalué"}
                records.store_scores(sid, [(k, "competence", v) for k, v in items.items()])
            found = records.find_trainee(name)
            assert found is not None
            recompute(records, found[0], "TP-00338")


async def _open(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("f7")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_trainer(snap_compare: Any, make_app: AppFactory, data_dir: Path,
                 size: tuple[int, int]) -> None:
    _records()
    assert snap_compare(make_app(trainee=None), terminal_size=size, run_before=_open)
