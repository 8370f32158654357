"""Cohorts of distinct session logs for the scoring benchmarks.

Sources are real sessions of shipped scenarios played by the random auto-player (worlds
stored by hash in `mondes/`, as `ntc run` writes them), one trainee each (the name is part
of what the engine derives: a copy cannot rename its trainee). Each copy gets its own
session id and start time and is re-chained, so that every file is a distinct session for
`ntc score` (none is a duplicate: the start time is part of a session's fingerprint) and
its re-execution still matches. `inline=True` writes the older format instead: the world
inside the header (~95 % of the bytes), which every reader used to parse.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

SCENARIOS = ("negociation-prix", "prospection-telephonique", "decouverte-solution",
             "fidelisation", "bilan-activite", "fichier-fiable")


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def rechain(records: list[dict[str, Any]]) -> str:
    prev, out = "0" * 64, []
    for record in records:
        text = _canonical({k: v for k, v in record.items() if k not in ("hash", "mac")})
        prev = hashlib.sha256((prev + text).encode("utf-8")).hexdigest()
        out.append(text[:-1] + f',"hash":"{prev}"}}')
    return "\n".join(out) + "\n"


def play_sources(folder: Path, n: int, scenarios: tuple[str, ...] = SCENARIOS) -> list[Path]:
    """`n` sessions (scenarios in turn, seeds 1…, trainee « Stagiaire <i> ») played to
    their end or 300 steps."""
    from simulator.engine import Session
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step
    from simulator.scenario import load_scenario

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        scenario = load_scenario(scenarios[i % len(scenarios)])
        path = folder / f"source-{i:02d}.jsonl"
        session = Session.open(scenario, path, seed=i + 1, trainee=f"Stagiaire {i:04d}")
        rng = rng_for(i + 1, "bench-cohort")
        for _ in range(300):
            step = random_step(session, rng)
            if step is None:
                break
            apply_step(session, step)
        session.close()
        out.append(path)
    return out


def make_cohort(folder: Path, count: int, sources: list[Path], *,
                inline: bool = False) -> Path:
    """`count` distinct logs in `folder` (with its `mondes/` unless `inline`): copy `i` is
    of source `i % len(sources)`, so each trainee has `count / len(sources)` sessions."""
    from simulator.log.worlds import WORLD_REF_KEY, load_world

    folder.mkdir(parents=True, exist_ok=True)
    originals = [[json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
                 for p in sources]
    if inline:
        for records, source in zip(originals, sources, strict=True):
            head = dict(records[0])
            head["world"] = load_world(source.parent, head.pop(WORLD_REF_KEY))
            records[0] = head
    else:
        shutil.copytree(sources[0].parent / "mondes", folder / "mondes", dirs_exist_ok=True)
    for i in range(count):
        records = list(originals[i % len(originals)])
        records[0] = {**records[0], "session_id": f"bench-{i:05d}",
                      "started_at": f"2026-11-{1 + i % 28:02d}T{8 + i % 10:02d}:"
                                    f"{i % 60:02d}:00+00:00"}
        (folder / f"j{i:05d}.jsonl").write_text(rechain(records), encoding="utf-8")
    return folder
