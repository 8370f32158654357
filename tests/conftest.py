"""Every test gets its own user data directory (verification cache, evaluation register)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    if "NTC_DATA_DIR" not in os.environ or os.environ.get("NTC_TEST_KEEP_DATA_DIR") != "1":
        monkeypatch.setenv("NTC_DATA_DIR", str(Path(tmp_path_factory.mktemp("ntc-data"))))
