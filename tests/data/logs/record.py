"""Record the reference logs of tests/data/logs (run once, with the code of the day).

These logs were recorded by the engine BEFORE the issue-10 restructure (commit adaac7a) and
must keep verifying and scoring identically with every later engine (see
tests/test_recorded_logs.py). Do not re-record them to make a test pass: a difference means
old logs written by trainees would stop verifying.

The scenarios they were played on are frozen copies in `scenarios/` beside this file (a
revised shipped scenario would change its fingerprint). `signe-negociation.jsonl` is signed
with the test key `SIGNED_KEY` below (given to the engine through NTC_LOG_KEY).

Usage: .venv/bin/python tests/data/logs/record.py
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from simulator.engine.session import Session  # noqa: E402
from simulator.log.clock import ManualClock  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402

SIGNED_KEY = "cle-de-test-journaux-ntc"     # test-only signing key of signe-negociation
FROZEN = HERE / "scenarios"


def frozen(name: str) -> Any:
    """The frozen copy of a shipped scenario (with its fragments)."""
    FROZEN.mkdir(exist_ok=True)
    src = ROOT / "scenarios" / f"{name}.yaml"
    dst = FROZEN / f"{name}.yaml"
    shutil.copyfile(src, dst)
    text = src.read_text(encoding="utf-8")
    if "fragments/" in text:
        shutil.copytree(ROOT / "scenarios" / "fragments", FROZEN / "fragments",
                        dirs_exist_ok=True)
    return load_scenario(dst)


def opened(name: str, log: str, seed: int, **kw: Any) -> tuple[Session, ManualClock]:
    clock = ManualClock()
    path = HERE / log
    path.unlink(missing_ok=True)
    session = Session.open(frozen(name), path, seed=seed, clock=clock,
                           session_id=f"ref-{log.removesuffix('.jsonl')}",
                           started_at="2026-12-02T01:00:00.000+00:00", **kw)
    return session, clock


class Player:
    """Plays the session with a seeded rng; t_ms advances by whole seconds."""

    def __init__(self, session: Session, seed: int) -> None:
        self.s = session
        self.rng = random.Random(seed)
        self.t = 0

    def tick(self) -> int:
        self.t += self.rng.randint(3, 25) * 1000
        return self.t

    def dialogue(self, free_text_every: int = 0) -> bool:
        enabled = [c for c in self.s.choices if c.enabled]
        if not enabled:
            return False
        pick = self.rng.choice(enabled)
        if free_text_every and self.rng.randrange(free_text_every) == 0:
            words = pick.text.split()
            self.s.say(" ".join(words[: max(3, len(words) * 2 // 3)]), t_ms=self.tick())
        else:
            self.s.choose(pick.id, t_ms=self.tick())
        return True

    def task(self, wrong: int = 0) -> None:
        answers: dict[str, Any] = {}
        for i, f in enumerate(self.s.current_node.fields):
            exp = self.s.expected(f)
            if f.kind == "nombre":
                value = float(exp)  # type: ignore[arg-type]
                if i < wrong:
                    value *= 1.5
                answers[f.id] = (f"{value:,.2f}".replace(",", " ").replace(".", ",")
                                 if i % 2 else value)
            elif f.kind == "choix":
                answers[f.id] = exp if i >= wrong else (f.options[-1] if f.options else "x")
            elif f.kind == "texte":
                answers[f.id] = " ".join(exp) + " en résumé"  # type: ignore[arg-type]
            elif f.kind == "selection":
                ids = list(exp)  # type: ignore[arg-type]
                answers[f.id] = ids[:-1] if i < wrong and ids else ids
            else:
                order = list(exp["order"])  # type: ignore[index]
                answers[f.id] = order if i >= wrong else list(reversed(order))
        self.s.answer(answers, t_ms=self.tick())

    def play(self, offers: list[dict[str, Any]], free_text_every: int = 0,
             wrong: int = 0, limit: int = 60, stop_after: int | None = None) -> None:
        pending = list(offers)
        steps = 0
        while not self.s.ended and steps < limit:
            if stop_after is not None and steps >= stop_after:
                return
            steps += 1
            kind = self.s.current_node.kind
            if kind == "tache":
                self.task(wrong)
            elif kind == "negociation":
                if pending:
                    self.s.offer(pending.pop(0), t_ms=self.tick())
                elif self.s.node.negotiation and self.s.node.negotiation.client_offer:
                    self.s.accept(t_ms=self.tick())
                else:
                    self.s.break_off(t_ms=self.tick())
            elif not self.dialogue(free_text_every):
                return


def score(log: str, env: dict[str, str]) -> None:
    out = subprocess.run([sys.executable, "-m", "simulator", "score", "--format",
                          "json", str(HERE / log)], capture_output=True, text=True,
                         env={**os.environ, **env}, cwd=ROOT, check=False)
    (HERE / log.replace(".jsonl", ".score.json")).write_text(out.stdout, encoding="utf-8")
    print(log, "score exit", out.returncode, out.stderr.strip()[:200])


def main() -> None:
    os.environ.pop("NTC_LOG_KEY", None)
    os.environ.pop("NTC_LOG_KEY_FILE", None)
    nego_offers = [{"remise": 3}, {"remise": 5, "delai_paiement": 45},
                   {"remise": 6, "livraison": 10, "services": 1}]

    s, _ = opened("prospection-telephonique", "dialogue-texte-libre.jsonl", 11)
    Player(s, 11).play([], free_text_every=2)
    s.close()

    for seed in range(12, 400):        # first seed whose random dialogue reaches the talk
        s, _ = opened("negociation-prix", "negociation-offres.jsonl", 12)
        Player(s, seed).play(nego_offers)
        s.close()
        kinds = [e["type"] for e in s.events]
        if "offer_made" in kinds and "negotiation_action" in kinds:
            print("negociation-prix player seed", seed)
            break

    s, _ = opened("bilan-activite", "ccp2-taches.jsonl", 13)
    Player(s, 13).play([], wrong=1)
    s.close()

    s, _ = opened("decouverte-solution", "reprise.jsonl", 14)
    player = Player(s, 14)
    player.play([], stop_after=3)
    s.close()
    resumed = Session.resume(HERE / "reprise.jsonl")
    player.s = resumed
    player.t = max(player.t, resumed.events[-1]["t_ms"])
    player.play([], wrong=1)
    resumed.close()

    os.environ["NTC_LOG_KEY"] = SIGNED_KEY
    s, _ = opened("negociation-conceder", "signe-negociation.jsonl", 15)
    Player(s, 15).play([{"remise": 2}, {"remise": 4, "delai_paiement": 45}])
    s.close()
    os.environ.pop("NTC_LOG_KEY")

    for log in ("dialogue-texte-libre.jsonl", "negociation-offres.jsonl", "ccp2-taches.jsonl",
                "reprise.jsonl"):
        score(log, {})
    score("signe-negociation.jsonl", {"NTC_LOG_KEY": SIGNED_KEY})
    for log in sorted(HERE.glob("*.jsonl")):
        kinds = [json.loads(line).get("type") for line in log.read_text().splitlines()]
        print(log.name, len(kinds), kinds.count("session_resumed"), kinds[-1])


if __name__ == "__main__":
    main()
