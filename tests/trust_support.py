"""Real, re-executable sessions for the trust tests, and the attacker's tools.

Logs are played by the engine (seeded random steps), so `ntc score` can re-execute them;
the attacks then edit them as a trainee could: by hand, recomputing the chain with plain
hashlib, cutting lines, copying files, resuming.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from simulator.cli.main import main

Capture = pytest.CaptureFixture[str]


def play(path: Path, scenario: Any = "negociation-prix", *, seed: int = 1,
         mode: str = "entrainement", trainee: str = "Camille Martin",
         stop_after: int | None = None) -> Path:
    """Play a whole session (or its first `stop_after` inputs) with seeded random steps."""
    from simulator.engine import Session
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step
    from simulator.scenario import load_scenario

    sc = load_scenario(scenario)
    session = Session.open(sc, path, seed=seed, trainee=trainee, mode=mode)
    rng = rng_for(seed, "tests-trust")
    for done in range(500):
        if stop_after is not None and done >= stop_after:
            break
        step = random_step(session, rng)
        if step is None:
            break
        apply_step(session, step)
    session.close()
    return path


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def rechain(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write records with a freshly computed hash chain, as an attacker with hashlib would."""
    prev = "0" * 64
    out = []
    for record in records:
        body = {k: v for k, v in record.items() if k not in ("hash", "mac")}
        text = canonical(body)
        digest = hashlib.sha256((prev + text).encode("utf-8")).hexdigest()
        prev = digest
        out.append(text[:-1] + f',"hash":"{digest}"}}')
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def score_json(capsys: Capture, *paths: Path, extra: tuple[str, ...] = ()
               ) -> tuple[int, dict[str, Any], str]:
    status = main(["score", "--format", "json", *extra, *map(str, paths)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, json.loads(out), err


def sessions(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for t in report["stagiaires"] for s in t["sessions"]]


def flagged(status: int, report: dict[str, Any]) -> bool:
    """The issue's rule: refused, or `verifie: false`, or non-empty warnings."""
    found = sessions(report)
    return status == 1 and (not found or any(
        not s["verifie"] or s["avertissements"] for s in found))


def criteria(scoring: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for p in scoring["ccp"] for comp in p["competences"]
            for c in comp["criteres"]}
