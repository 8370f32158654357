"""World snapshots stored once per hash beside the logs; inline worlds still read (lazily)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_log_support import HEADER, lines_of

from simulator.log import (
    WORLD_DIR,
    LogError,
    LogWriter,
    ManualClock,
    canonical,
    load_world,
    read_log,
    world_path,
)
from simulator.log.header import split_world

WORLD: dict[str, Any] = {
    "client": {"raison_sociale": "Atelier Dupré", "ca_annuel": 2_500_000},
    "entreprises": [{"id": f"E{i:04d}", "nom": "Société é"} for i in range(50)]}


def _write(path: Path, world: Any = WORLD, **kw: Any) -> Path:
    header = {**HEADER, "world": world}
    with LogWriter.create(path, header, kw.pop("key", None), clock=ManualClock(), **kw) as w:
        w.append("session_ended", {"node": "fin", "outcome": "succes", "text": "Fin"})
    return path


def test_world_is_stored_once_by_hash_and_the_header_names_it(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl")
    b = _write(tmp_path / "b.jsonl")
    sha = hashlib.sha256(canonical(WORLD).encode()).hexdigest()
    header = json.loads(lines_of(a)[0])
    assert "world" not in header and header["world_sha256"] == sha
    assert sorted(p.name for p in (tmp_path / WORLD_DIR).iterdir()) == [f"{sha}.json.gz"]
    stored = world_path(tmp_path, sha).read_bytes()
    assert gzip.decompress(stored) == canonical(WORLD).encode()
    assert len(a.read_bytes()) < 1000          # the log itself stays small
    for path in (a, b):
        result = read_log(path)
        assert result.verified and result.header is not None
        assert result.header["world"] == WORLD and result.world() == WORLD


def test_same_world_gives_the_same_bytes(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        _write(tmp_path / folder / "a.jsonl")
    files = [next((tmp_path / d / WORLD_DIR).iterdir()).read_bytes() for d in ("one", "two")]
    assert files[0] == files[1]


def test_missing_world_file_is_a_clear_fault(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl")
    for file in (tmp_path / WORLD_DIR).iterdir():
        file.unlink()
    result = read_log(path)
    assert not result.verified and "world" not in (result.header or {})
    assert any("introuvable" in e and WORLD_DIR in e for e in result.errors)
    lazy = read_log(path, world=False)        # scoring without the world still reads it
    assert lazy.verified
    with pytest.raises(LogError, match="introuvable"):
        lazy.world()


def test_altered_world_file_is_detected(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl")
    file = next((tmp_path / WORLD_DIR).iterdir())
    world = json.loads(gzip.decompress(file.read_bytes()))
    world["client"]["ca_annuel"] = 1
    file.write_bytes(gzip.compress(canonical(world).encode()))
    result = read_log(path)
    assert not result.verified and any("altéré" in e for e in result.errors)
    file.write_bytes(b"pas du gzip")
    assert any("illisible" in e for e in read_log(path).errors)


def test_resume_refuses_a_log_whose_world_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    LogWriter.create(path, {**HEADER, "world": WORLD}, clock=ManualClock()).close()
    for file in (tmp_path / WORLD_DIR).iterdir():
        file.unlink()
    with pytest.raises(LogError, match=r"Reprise impossible.*introuvable"):
        LogWriter.resume(path)


@pytest.mark.parametrize("key", [None, b"cle"])
def test_inline_world_reads_lazily(tmp_path: Path, key: bytes | None) -> None:
    path = _write(tmp_path / "a.jsonl", inline_world=True, key=key)
    assert not (tmp_path / WORLD_DIR).exists()
    line = lines_of(path)[0]
    assert json.loads(line)["world"] == WORLD
    eager = read_log(path, key)
    lazy = read_log(path, key, world=False)
    assert eager.verified and lazy.verified and lazy.signature_checked == (key is not None)
    assert lazy.header is not None and "world" not in lazy.header
    assert {**lazy.header, "world": WORLD} == eager.header
    assert lazy.world() == WORLD and lazy.with_world() == eager.header


def test_inline_header_is_the_canonical_text_of_the_whole_record(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", inline_world=True)
    record = json.loads(lines_of(path)[0])
    stored_hash = record.pop("hash")
    assert read_log(path, strict=True).verified
    assert lines_of(path)[0].startswith(canonical(record)[:-1])
    assert len(stored_hash) == 64


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["world", "hash", "a", "z", ',"world":']), inner,
                      max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(head=st.dictionaries(st.sampled_from(["seed", "scenario", "trainee", "type"]), JSON,
                            max_size=4),
       world=st.dictionaries(st.text(max_size=6) | st.just("world"), JSON, max_size=4))
def test_split_world_agrees_with_a_full_parse(head: dict[str, Any], world: dict[str, Any]
                                              ) -> None:
    record = {**head, "world": world}
    line = canonical(record)[:-1] + ',"hash":"' + "0" * 64 + '"}'
    split = split_world(line)
    full = json.loads(line)
    if split is not None:
        got, text = split
        assert got == {k: v for k, v in full.items() if k != "world"}
        assert json.loads(text) == full["world"]


def test_load_world_refuses_a_bad_hash(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="empreinte"):
        load_world(tmp_path, "../../etc/passwd")


def test_logs_sharing_a_world_share_one_parse(tmp_path: Path) -> None:
    a, b = _write(tmp_path / "a.jsonl"), _write(tmp_path / "b.jsonl")
    first, second = read_log(a).world(), read_log(b).world()
    assert first == WORLD and first is second
    file = next((tmp_path / WORLD_DIR).iterdir())
    file.write_bytes(gzip.compress(canonical({**WORLD, "x": 1}).encode()))
    assert not read_log(a).verified                  # a changed file is read (and refused)


@pytest.mark.parametrize("damage", [b"", b"\x1f\x8b" + b"\0" * 40, "truncated"])
def test_a_world_file_cut_by_a_crash_is_rewritten(tmp_path: Path, damage: bytes | str) -> None:
    """A crash between the rename and the fsync may leave a short file under the final
    name; the next session storing that world rewrites it instead of trusting it."""
    _write(tmp_path / "a.jsonl")
    file = next((tmp_path / WORLD_DIR).iterdir())
    good = file.read_bytes()
    file.write_bytes(good[: len(good) // 2] if isinstance(damage, str) else damage)
    path = _write(tmp_path / "b.jsonl")
    assert file.read_bytes() == good
    assert read_log(path).verified
    assert [p.name for p in (tmp_path / WORLD_DIR).iterdir()] == [file.name]   # no temp left


def test_an_intact_world_file_is_kept(tmp_path: Path) -> None:
    _write(tmp_path / "a.jsonl")
    file = next((tmp_path / WORLD_DIR).iterdir())
    before = file.stat().st_mtime_ns
    _write(tmp_path / "b.jsonl")
    assert file.stat().st_mtime_ns == before


def test_a_large_world_is_two_gzip_members_read_as_one(tmp_path: Path) -> None:
    big = {**WORLD, "entreprises": [{"id": f"E{i:05d}", "nom": f"Société {i} é"}
                                    for i in range(12_000)]}
    text = canonical(big).encode()
    assert len(text) > 256 * 1024
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        path = _write(tmp_path / folder / "a.jsonl", big)
        assert read_log(path).world() == big
    files = [next((tmp_path / d / WORLD_DIR).iterdir()).read_bytes() for d in ("one", "two")]
    assert files[0] == files[1] and gzip.decompress(files[0]) == text
    assert files[0].count(b"\x1f\x8b\x08") >= 2                   # two members
    file = next((tmp_path / "one" / WORLD_DIR).iterdir())
    file.write_bytes(files[0][: len(files[0]) - 100])
    _write(tmp_path / "one" / "b.jsonl", big)
    assert file.read_bytes() == files[0]
