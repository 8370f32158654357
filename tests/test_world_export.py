"""Territory files are streamed: compact by default, `--indent` like json.dumps, same bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import call
from cli_support import run_main as run
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.world import generate_world
from simulator.world.export import canonical_json, render_files, write_files

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None)
@given(value=VALUES, indent=st.sampled_from([None, 0, 2, 4]))
def test_streamed_json_is_the_value(value: Any, indent: int | None) -> None:
    text = canonical_json(value, indent)
    assert json.loads(text) == value
    if indent is not None:
        assert text == json.dumps(value, ensure_ascii=False, indent=indent) + "\n"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_files_written_are_the_rendered_ones(tmp_path: Path, fmt: str) -> None:
    world = generate_world(5, companies=30)
    paths = write_files(world, tmp_path, fmt)
    rendered = render_files(world, fmt)
    assert {p.name: p.read_text(encoding="utf-8") for p in paths} == rendered
    monde = json.loads((tmp_path / "monde.json").read_text(encoding="utf-8"))
    assert monde == world
    lines = (tmp_path / "monde.json").read_text(encoding="utf-8").splitlines()
    assert len(lines) > len(world["entreprises"])          # one record per line
    assert all(", " not in line[:40] for line in lines[1:5])  # compact separators


def test_indent_option_and_its_bad_values(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["territory", "generate", "--companies", "20", "--format", "json",
                      "--indent", "2", "--out", str(tmp_path / "i")], capsys)
    assert code == 0
    text = (tmp_path / "i" / "contacts.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    code, _, err = call(["territory", "generate", "--indent", "deux"], capsys)
    assert code == 2 and "nombre entier attendu" in err
