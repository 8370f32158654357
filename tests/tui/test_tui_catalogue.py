"""The home catalogue at 80×24: every shipped scenario's title is readable whole (issue 16),
the keyboard moves between scenarios only (headings are skipped) and Entrée opens one."""

from __future__ import annotations

import pytest
from conftest import AppFactory
from textual.geometry import Region
from textual.pilot import Pilot

from simulator.tui.app import NtcApp
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.widgets.catalogue_list import CatalogueList

FRAME = set("│╭╮╰╯─▄▀▐▌█▁▂▃▅▆▇▔▕▎▊")


def _visible_text(widget: CatalogueList) -> str:
    """The list as painted (borders and scrollbar left out), without spaces."""
    width, height = widget.outer_size        # border included
    strips = widget.render_lines(Region(0, 0, width, height))
    return "".join(c for strip in strips for c in strip.text if c not in FRAME
                   and not c.isspace())


async def loaded_home(app: NtcApp, pilot: Pilot[int]) -> tuple[HomeScreen, CatalogueList]:
    """The home screen once its catalogue is shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    home = app.screen
    assert isinstance(home, HomeScreen)
    return home, home.query_one("#scenarios", CatalogueList)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_title_is_shown_whole(make_app: AppFactory,
                                          size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        home, catalogue = await loaded_home(app, pilot)
        shown = catalogue.entries_shown()
        assert {entry.id for _, entry in shown} == {e.id for e in home.catalogue.entries}
        assert any(len(entry.title) > catalogue.size.width for _, entry in shown)
        for _ in shown:                   # as a trainee reads it: one scenario at a time
            entry = catalogue.highlighted_entry
            assert entry is not None
            assert "".join(entry.title.split()) in _visible_text(catalogue), entry.title
            await pilot.press("down")
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()


async def test_keys_move_between_scenarios_and_enter_opens_one(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _, catalogue = await loaded_home(app, pilot)
        assert catalogue.has_focus
        seen = []
        for _ in range(3):
            entry = catalogue.highlighted_entry
            assert entry is not None                    # never a heading
            seen.append(entry)
            await pilot.press("down")
        assert len({id(e) for e in seen}) == 3
        await pilot.press("up")
        await pilot.pause()
        chosen = catalogue.highlighted_entry
        assert chosen is seen[2] or chosen is seen[1]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
