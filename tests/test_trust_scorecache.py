"""Session result cache (issue 17): a warm `ntc score` restores what a cold one computed,
byte for byte, and only for identical bytes (log, sidecar, world, scenario, code)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from scoring.cohort import Cohort
from scoring.render.stream import write_report
from simulator.trust import scorecache
from simulator.trust.bridge import StreamingAuditor
from simulator.trust.scorecache import ScoreCache

SCENARIOS = ("negociation-prix", "prospection-telephonique", "fidelisation")


class Counting(StreamingAuditor):
    """The CLI's auditor, counting its cache hits."""

    def __init__(self) -> None:
        super().__init__()
        self.hits = 0

    def cached(self, path: str, key: bytes | None, referential: Any) -> Any:
        found = super().cached(path, key, referential)
        self.hits += found is not None
        return found


def _play(path: Path, scenario: str, seed: int, trainee: str) -> Path:
    from simulator.engine import Session
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step
    from simulator.scenario import load_scenario

    session = Session.open(load_scenario(scenario), path, seed=seed, trainee=trainee)
    rng = rng_for(seed, "tests-scorecache")
    for _ in range(120):
        step = random_step(session, rng)
        if step is None:
            break
        apply_step(session, step)
    session.close()
    return path


@pytest.fixture()
def cohort(tmp_path: Path) -> list[Path]:
    """Sessions of several shipped scenarios, a copy, an altered log and a foreign file."""
    folder = tmp_path / "journaux"
    folder.mkdir()
    logs = [_play(folder / f"s{i}.jsonl", name, i + 1, ["Zoé Lefèvre", "Éric Dupont"][i % 2])
            for i, name in enumerate(SCENARIOS)]
    shutil.copy(logs[0], folder / "copie.jsonl")
    altered = folder / "altere.jsonl"
    lines = logs[1].read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines[3].index('"t_ms":') + len('"t_ms":')
    lines[3] = lines[3][:at] + "9" + lines[3][at:]         # one digit added to a time
    altered.write_text("".join(lines), encoding="utf-8")
    (folder / "casse.jsonl").write_text("pas un journal\n", encoding="utf-8")
    return sorted(folder.glob("*.jsonl"))


def _score(paths: list[Path], fmt: str = "json",
           auditor: StreamingAuditor | None = None) -> tuple[str, int]:
    cohort = Cohort(paths, "TP-00338", auditor=auditor or Counting())
    out = io.StringIO()
    write_report(cohort, fmt, out)
    return out.getvalue(), cohort.status


def _entries() -> list[Path]:
    return sorted(ScoreCache().directory.rglob("*.json"))


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_warm_run_is_byte_identical_to_the_cold_one(cohort: list[Path], fmt: str) -> None:
    cold, cold_status = _score(cohort, fmt)
    assert len(_entries()) == 3                  # accepted logs only; the copy is the same
    warm_auditor = Counting()
    warm, warm_status = _score(cohort, fmt, warm_auditor)
    assert warm_auditor.hits == 4                # the three sessions and the copy
    assert (warm, warm_status) == (cold, cold_status)
    assert cold_status == 1


def test_refused_and_duplicate_logs_stay_so_on_a_warm_run(cohort: list[Path]) -> None:
    _score(cohort)
    report = json.loads(_score(cohort)[0])
    problems = " ".join(p["message"] for p in report["problemes"])
    assert "altere.jsonl : journal altéré, refusé" in problems
    assert "casse.jsonl" in problems and "séance en double" in problems


def test_an_altered_byte_after_a_warm_run_is_a_miss_and_refused(cohort: list[Path]) -> None:
    log = cohort[cohort.index(next(p for p in cohort if p.name == "s2.jsonl"))]
    _score([log])
    raw = log.read_bytes()
    at = raw.index(b'"t_ms":', raw.index(b"\n") + 1) + len(b'"t_ms":')
    log.write_bytes(raw[:at] + b"7" + raw[at:])           # one byte added to a time
    auditor = Counting()
    text, status = _score([log], "json", auditor)
    assert auditor.hits == 0 and status == 1
    assert "journal altéré, refusé" in text


def _one(cohort: list[Path]) -> Path:
    return next(p for p in cohort if p.name == "s0.jsonl")


def test_changed_sidecar_is_a_miss(cohort: list[Path]) -> None:
    from simulator.log import SidecarWriter

    log = _one(cohort)
    _score([log])
    writer = SidecarWriter.open(log, None)
    try:
        writer.note(2, "bonne écoute du client", "Mme Durand")
    finally:
        writer.close()
    auditor = Counting()
    cold = _score([log], "json", auditor)
    assert auditor.hits == 0 and "Mme Durand" in cold[0]
    again = Counting()
    assert _score([log], "json", again) == cold and again.hits == 1


def test_changed_world_file_is_a_miss(cohort: list[Path]) -> None:
    log = _one(cohort)
    _score([log])
    world = next((log.parent / "mondes").iterdir())
    world.write_bytes(world.read_bytes() + b"\n")
    auditor = Counting()
    text, status = _score([log], "json", auditor)
    assert auditor.hits == 0 and status == 1 and "refusé" in text


def test_changed_code_version_is_a_miss(cohort: list[Path],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    log = _one(cohort)
    cold = _score([log])
    monkeypatch.setattr(scorecache, "code_version", lambda: "une autre version")
    auditor = Counting()
    assert _score([log], "json", auditor) == cold and auditor.hits == 0


@pytest.mark.parametrize("damage", [b"", b"{", b"[]", b'{"format": "ntc-score/1"}',
                                    b'{"format": "ntc-score/0", "key": "k", "value": {}}'])
def test_corrupt_or_foreign_entry_is_a_miss(cohort: list[Path], damage: bytes) -> None:
    log = _one(cohort)
    cold = _score([log])
    (entry,) = _entries()
    entry.write_bytes(damage)
    auditor = Counting()
    assert _score([log], "json", auditor) == cold and auditor.hits == 0


def _rewrite(entry: Path, change: Any) -> None:
    """Change an entry's value and give it a matching digest (a well-formed bad entry)."""
    import hashlib

    head, _, body = entry.read_bytes().partition(b"\n")
    value = json.loads(body)
    change(value)
    body = json.dumps(value).encode()
    meta = {**json.loads(head), "sha256": hashlib.sha256(body).hexdigest()}
    entry.write_bytes(json.dumps(meta).encode() + b"\n" + body)


@pytest.mark.parametrize("change", [
    lambda v: v["fold"]["trace"].update(times=["x"]),
    lambda v: v["audit"].update(reexecuted=False),
    lambda v: v["fold"].update(head="os.system"),
    lambda v: v["fold"]["evidence"].append([1, 2]),
])
def test_well_formed_entry_with_a_bad_value_is_a_miss(cohort: list[Path], change: Any) -> None:
    log = _one(cohort)
    cold = _score([log])
    (entry,) = _entries()
    _rewrite(entry, change)
    auditor = Counting()
    assert _score([log], "json", auditor) == cold and auditor.hits == 0


def test_damaged_value_that_still_parses_is_a_miss(cohort: list[Path]) -> None:
    log = _one(cohort)
    cold = _score([log])
    (entry,) = _entries()
    entry.write_bytes(entry.read_bytes().replace(b'"count": ', b'"count": 1', 1))
    auditor = Counting()
    assert _score([log], "json", auditor) == cold and auditor.hits == 0


def test_world_rewritten_with_its_time_restored_is_a_miss(cohort: list[Path]) -> None:
    """Same size, mtime set back: the change time (which no program can set back) still
    tells the world file changed, so its remembered hash is not used."""
    import os

    log = _one(cohort)
    _score([log])
    world = next((log.parent / "mondes").iterdir())
    before = world.stat()
    raw = bytearray(world.read_bytes())
    raw[len(raw) // 2] ^= 0xFF                              # one byte flipped, same size
    world.write_bytes(bytes(raw))
    os.utime(world, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert world.stat().st_size == before.st_size
    assert world.stat().st_mtime_ns == before.st_mtime_ns
    scorecache._world_sha.cache_clear()                     # a new process
    auditor = Counting()
    text, status = _score([log], "json", auditor)
    assert auditor.hits == 0 and status == 1 and "refusé" in text


def test_a_warm_run_does_not_read_the_worlds_again(cohort: list[Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    log = _one(cohort)
    cold = _score([log])
    scorecache._world_sha.cache_clear()                     # a new process
    read: list[str] = []
    real = scorecache.raw_sha

    def counting(path: Any, head: bool = False) -> Any:
        read.append(str(path))
        return real(path, head)

    monkeypatch.setattr(scorecache, "raw_sha", counting)
    auditor = Counting()
    assert _score([log], "json", auditor) == cold and auditor.hits == 1
    assert not [p for p in read if "mondes" in p]           # the log itself is hashed
    assert [p for p in read if p.endswith(log.name)]
