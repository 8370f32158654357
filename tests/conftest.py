"""Every test gets its own data directory (profile, logs, centre records), never the
developer's: `ntc run` registers its sessions in the centre records of NTC_DATA_DIR.

Under CI, property tests draw their examples from a fixed seed (a red CI must be
reproducible); on a developer's machine they keep exploring new examples each run."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from simulator.datadir import ENV_DATA_DIR

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path_factory.mktemp("donnees-ntc")))
    for name in ("NTC_LRS_URL", "NTC_LRS_USER", "NTC_LRS_PASSWORD", "NTC_LRS_HOMEPAGE"):
        monkeypatch.delenv(name, raising=False)


