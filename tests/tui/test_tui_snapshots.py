"""SVG snapshots of every screen at 80×24 and 120×40 (fixed seed, trainee and clock).

Regenerate after a deliberate change: `pytest tests/tui --snapshot-update`, then review the
SVG files in tests/tui/__snapshots__/ like code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import DEMO, AppFactory, digit_of
from textual.pilot import Pilot

pytestmark = pytest.mark.usefixtures("demo_catalogue")

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*presses: str) -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in presses:
            if key.startswith("choix:"):     # the digit where that reply is shown
                key = digit_of(pilot.app.screen.session, key.removeprefix("choix:"))
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


START = ("f5",)
TO_NEGOTIATION = (*START, "choix:presentation", "1")
OFFER = (*TO_NEGOTIATION, "f4", "home", "ctrl+k", "4", "ctrl+o")
TO_TASK = (*OFFER, "f7")
TO_END = (*START, "choix:raccrocher")
BREAK_OFF = (*TO_NEGOTIATION, "f8", "o")


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("f1"))


@pytest.mark.parametrize("tab", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("size", SIZES)
def test_dossier(snap_compare: Any, make_app: AppFactory, size: tuple[int, int],
                 tab: int) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*(["ctrl+right"] * tab)))


@pytest.mark.parametrize("size", SIZES)
def test_interview(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*START, "choix:presentation"))


@pytest.mark.parametrize("size", SIZES)
def test_interview_exam(snap_compare: Any, make_app: AppFactory,
                        size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO, mode="examen"), terminal_size=size,
                        run_before=keys(*START))


@pytest.mark.parametrize("size", SIZES)
def test_negotiation(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size, run_before=keys(*OFFER))


@pytest.mark.parametrize("size", SIZES)
def test_negotiation_counterparts(snap_compare: Any, make_app: AppFactory,
                                  size: tuple[int, int]) -> None:
    """The counterparts list (F6), one ticked."""
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*TO_NEGOTIATION, "f6", "down", "space"))


@pytest.mark.parametrize("size", SIZES)
def test_task(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size, run_before=keys(*TO_TASK))


@pytest.mark.parametrize("size", SIZES)
def test_session_end(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size, run_before=keys(*TO_END))


@pytest.mark.parametrize("size", SIZES)
def test_debrief(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*BREAK_OFF, "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_replay(snap_compare: Any, make_app: AppFactory, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*BREAK_OFF, "enter", "r", "n", "n", "n", "n"))


@pytest.mark.parametrize("size", SIZES)
def test_confirm_abandon(snap_compare: Any, make_app: AppFactory,
                         size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*START, "escape"))


@pytest.mark.parametrize("size", SIZES)
def test_confirm_break_off(snap_compare: Any, make_app: AppFactory,
                           size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*TO_NEGOTIATION, "f8"))


@pytest.mark.parametrize("size", SIZES)
def test_open_log_dialog(snap_compare: Any, make_app: AppFactory,
                         size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("ctrl+o"))


@pytest.mark.parametrize("size", SIZES)
def test_company_dialog(snap_compare: Any, make_app: AppFactory,
                        size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys("ctrl+right", "ctrl+right", "/", "enter", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_evaluator_dialog(snap_compare: Any, make_app: AppFactory,
                          size: tuple[int, int]) -> None:
    assert snap_compare(make_app(play=DEMO), terminal_size=size,
                        run_before=keys(*BREAK_OFF, "enter", "r", "n", "a"))
