"""A non-editable install must ship the data files (scenarios, dossiers, referentials...)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_SUFFIXES = {".yaml", ".yml", ".md", ".tcss", ".csv", ".json"}
PACKAGES = ("simulator", "scoring", "scenarios")


def _data_files() -> set[str]:
    out: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.suffix in DATA_SUFFIXES and "__pycache__" not in path.parts:
                out.add(path.relative_to(ROOT).as_posix())
    return out


def _source_copy(tmp_path: Path) -> Path:
    """Build from a copy so the build never writes `build/` or egg-info into the checkout."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, src / package, ignore=ignore)
    return src


def test_wheel_ships_every_data_file(tmp_path: Path) -> None:
    src = _source_copy(tmp_path)
    out = tmp_path / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(out), str(src)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    wheels = list(out.glob("ntc_simulator-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "ntc = simulator.cli.main:main" in wheel.read(entry_points).decode()
    expected = _data_files()
    assert "scoring/referentiels/TP-00338.yaml" in expected
    assert expected <= names, sorted(expected - names)
