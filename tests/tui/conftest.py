"""Fixtures of the app tests: an isolated data directory, a fake clock, app factories."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulator.tui.app import NtcApp
from simulator.tui.clock import FakeClock
from simulator.tui.options import AppOptions, PlayRequest
from simulator.tui.storage import ENV_DATA_DIR, Profile, save_profile

HERE = Path(__file__).parent
DEMO = str(HERE / "data" / "demo.yaml")
TRAINEE = "Camille Martin"

AppFactory = Callable[..., NtcApp]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "donnees"
    monkeypatch.setenv(ENV_DATA_DIR, str(folder))
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    return folder


@pytest.fixture
def make_app(data_dir: Path) -> AppFactory:
    """Build an app with a fake clock and no cursor blink; `play=` opens a scenario.

    `trainee=None` starts like a real `ntc`: the login screen asks who is there."""

    def build(*, play: str | None = None, mode: str = "entrainement",
              replay: Path | None = None, trainee: str | None = TRAINEE,
              seed: int = 1) -> NtcApp:
        if trainee:
            save_profile(data_dir, Profile(trainee=trainee, mode=mode))
        request = (PlayRequest(play, seed=seed, trainee=trainee, mode=mode)
                   if play else None)
        return NtcApp(AppOptions(data_dir=data_dir, clock=FakeClock(), cursor_blink=False,
                                 play=request, replay=replay, trainee=trainee, seed=seed))

    return build


@pytest.fixture
def demo_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home catalogue shows only the demo scenario (snapshots stay stable when
    scenarios are added to the library)."""
    from simulator.tui import services

    def catalogue() -> services.Catalogue:
        return services.Catalogue(entries=[services.entry_of(services.load_scenario(DEMO))])

    monkeypatch.setattr(services, "load_catalogue", catalogue)
    monkeypatch.setattr(services, "cached_catalogue", catalogue)


def digit_of(session: Any, choice_id: str) -> str:
    """The key that picks `choice_id` where it is shown (the order is seeded per session)."""
    numbers = [v.number for v in session.choices if v.id == choice_id]
    assert numbers, f"« {choice_id} » not shown: {[v.id for v in session.choices]}"
    return str(numbers[0])
