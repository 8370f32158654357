"""SVG snapshots of the login screen and the resume offer at 80×24 and 120×40.

Regenerate after a deliberate change: `pytest tests/tui --snapshot-update`, then review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, AppFactory, digit_of
from test_tui_snapshots import SIZES, keys

from simulator.tui.storage import add_trainee

pytestmark = pytest.mark.usefixtures("demo_catalogue")

TRAINEES = ("Camille Martin", "Léa Roux", "Ahmed Benali", "Zoé Lefèvre")


@pytest.mark.parametrize("size", SIZES)
def test_login_first_trainee(snap_compare: Any, make_app: AppFactory,
                             size: tuple[int, int]) -> None:
    assert snap_compare(make_app(trainee=None), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_login_pick(snap_compare: Any, make_app: AppFactory, data_dir: Path,
                    size: tuple[int, int]) -> None:
    for name in TRAINEES:
        add_trainee(data_dir, name)
    assert snap_compare(make_app(trainee=None), terminal_size=size,
                        run_before=keys("l", "e", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_login_new_name(snap_compare: Any, make_app: AppFactory, data_dir: Path,
                        size: tuple[int, int]) -> None:
    for name in TRAINEES:
        add_trainee(data_dir, name)
    assert snap_compare(make_app(trainee=None), terminal_size=size,
                        run_before=keys(*"Noé Petit"))


@pytest.mark.parametrize("size", SIZES)
def test_resume_offer(snap_compare: Any, make_app: AppFactory, data_dir: Path,
                      size: tuple[int, int]) -> None:
    import asyncio

    from simulator.tui.screens.session import SessionScreen

    async def interrupt() -> None:
        app = make_app(play=DEMO)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            await pilot.press(digit_of(app.screen.session, "presentation"))
            await pilot.pause()
            app.exit()

    asyncio.run(interrupt())
    assert snap_compare(make_app(trainee=None), terminal_size=size,
                        run_before=keys("enter"))
