"""Every test gets its own data directory (profile, logs, centre records), never the
developer's: `ntc run` registers its sessions in the centre records of NTC_DATA_DIR."""

from __future__ import annotations

import pytest

from simulator.datadir import ENV_DATA_DIR


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path_factory.mktemp("donnees-ntc")))
    for name in ("NTC_LRS_URL", "NTC_LRS_USER", "NTC_LRS_PASSWORD", "NTC_LRS_HOMEPAGE"):
        monkeypatch.delenv(name, raising=False)


