"""Replay and verify of session logs, resume after a crash."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from test_engine_helpers import (
    P,
    TaskField,
    Timer,
    branches,
    choice,
    draw,
    end,
    ex,
    negotiation_node,
    node,
    random_next,
    scenario,
    task_node,
    variables,
    world,
)

from simulator.engine import Session
from simulator.engine.autoplay import random_step
from simulator.engine.replay import CHANGED_SCENARIO, resume_session, verify_log
from simulator.engine.rng import rng_for
from simulator.engine.steps import apply_step
from simulator.log.clock import ManualClock
from simulator.log.reader import read_log
from simulator.log.writer import LogWriter


def rich() -> object:
    return scenario([
        node("accueil", text="{client.raison_sociale}, bonjour.", speaker="barrage", choices=(
            choice("croc", "Bonjour, {stagiaire}.", random_next(decideur=2, accueil=1),
                   effects=["confiance += 1"], once=True, coach="Bien."),
            choice("tirage", "Objection ?", draw("obj1", "obj2", otherwise="decideur")),
        )),
        node("obj1", text="Envoyez une doc.", choices=(choice("r", "Retour", "accueil"),)),
        node("obj2", text="On a un fournisseur.", choices=(choice("r", "Retour", "accueil"),)),
        node("decideur", text="Oui ? {confiance}", choices=(
            choice("prix", "Parlons prix", "nego"),
            choice("etude", "Étude", "etude"),
            choice("fin", "Au revoir", branches(("confiance > 0", "bof"), (None, "echec"))),
        )),
        negotiation_node(on_agreement="etude", on_break="echec",
                         manager_agreement=ex("confiance >= 2")),
        task_node([TaskField("ca", "nombre", "CA", P, expected=ex("indicateurs.ca_total"),
                             tolerance=0.01, tolerance_relative=True, criterion="C7.1"),
                   TaskField("tournee", "tournee", "Tournée", P, source="visites",
                             criterion="C6.4")], nxt="bravo"),
        end("bravo"), end("bof", "partiel"), end("echec", "echec"),
        end("temps", "abandon", "Temps écoulé."),
    ], vars=variables(confiance=("entier", 0)), timer=Timer(120_000, "temps", ("examen",), P))


def play_random(path: Path, seed: int, sc: object, steps: int = 200) -> Session:
    mode = "examen" if seed % 2 else "entrainement"
    s = Session.open(sc, path, seed=seed, world=world(), trainee="Camille", mode=mode)
    rng = rng_for(seed, "test")
    t = 0
    for _ in range(steps):
        step = random_step(s, rng)
        if step is None:
            break
        t += rng.randint(100, 15_000)
        apply_step(s, step, t_ms=t)
    s.close()
    return s


def finished_short(path: Path) -> object:
    """A one-choice scenario, played to its end into `path`."""
    sc = scenario([node("a", text="x", choices=(choice("c", "c", "b"),)), end("b")])
    s = Session.open(sc, path, world=world())
    s.choose("c")
    s.close()
    return sc


def after_draw(path: Path) -> object:
    """The rich scenario, closed into `path` right after its first (random) choice."""
    sc = rich()
    s = Session.open(sc, path, seed=1, world=world(), trainee="Camille")
    s.choose("tirage", t_ms=100)
    s.close()
    return sc


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_random_sessions_replay_identically(tmp_path: Path) -> None:
    sc = rich()
    outcomes = set()
    for seed in range(1, 41):
        path = tmp_path / f"s{seed}.jsonl"
        s = play_random(path, seed, sc)
        outcomes.add(s.outcome)
        result = verify_log(path, sc)
        assert result.ok, (seed, result.message)
        assert result.events == len(s.events) == len(lines(path)) - 1
        assert result.message == f"journal vérifié : {result.events} événements, rejeu identique"
    assert len(outcomes) >= 3


def test_header_built_by_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    play_random(path, 3, rich())
    header = json.loads(lines(path)[0])
    # The path is stored absolute: the log verifies from any working directory.
    assert header["scenario"] == {"id": "essai", "version": "1.0", "sha256": "0" * 64,
                                  "path": str(Path("essai.yaml").resolve())}
    assert header["referential"]["id"] == "TP-00338" and header["referential"]["version"]
    assert header["seed"] == 3 and header["mode"] == "examen" and header["trainee"] == "Camille"
    # The world is stored once by content hash beside the log, named by the header.
    assert "world" not in header and len(header["world_sha256"]) == 64
    assert read_log(path).header["world"]["client"]["raison_sociale"] == "Plastiques Dupont"
    assert header["format"] == "ntc-log/1" and header["session_id"]


def test_tampered_line_reported_before_replay(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    play_random(path, 2, rich())
    content = lines(path)
    content[3] = content[3].replace('"seq":3', '"seq":3 ', 1).replace("bonjour", "bonsoir")
    path.write_text("\n".join(content) + "\n", encoding="utf-8")
    result = verify_log(path, rich())
    assert not result.ok
    assert "ligne 4" in result.message


def test_deleted_line_reported(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    play_random(path, 4, rich())
    content = lines(path)
    del content[5]
    path.write_text("\n".join(content) + "\n", encoding="utf-8")
    result = verify_log(path, rich())
    assert not result.ok and "ligne 6" in result.message


def rewrite(src: Path, dst: Path, change: object) -> None:
    """Re-chain a log with one event changed (a forger with no key)."""
    rows = [json.loads(line) for line in lines(src)]
    header = {k: v for k, v in rows[0].items() if k not in ("hash", "mac")}
    writer = LogWriter.create(dst, header, clock=ManualClock())
    for row in rows[1:]:
        row = change(row)  # type: ignore[operator]
        writer.append(row["type"], row["data"], t_ms=row["t_ms"], time=row["time"])
    writer.close()


def test_forged_but_rechained_log_diverges_with_seq_and_values(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    play_random(src, 6, rich())

    def change(row: dict) -> dict:
        if row["type"] == "client_line" and row["seq"] == 3:
            row["data"]["text"] = "Texte modifié"
        return row

    rewrite(src, dst, change)
    result = verify_log(dst, rich())
    assert not result.ok
    assert "divergence à l'événement n° 3" in result.message
    assert "Texte modifié" in result.message and "Plastiques Dupont" in result.message


def test_changed_scenario_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    play_random(path, 5, rich())
    changed = replace(rich(), sha256="1" * 64)  # type: ignore[type-var]
    result = verify_log(path, changed)
    assert not result.ok and CHANGED_SCENARIO in result.message


def test_resume_after_truncation(tmp_path: Path) -> None:
    sc = rich()
    path = tmp_path / "r.jsonl"
    s = Session.open(sc, path, seed=1, world=world(), trainee="Camille")
    s.choose("tirage", t_ms=100)
    s.choose("r", t_ms=200)
    count = len(s.events)
    s.close()
    with path.open("ab") as handle:           # a crash in the middle of a line
        handle.write(b'{"seq": 99, "t_ms": 3')
    resumed = resume_session(path, sc)
    assert resumed.events[-1]["type"] == "session_resumed"
    assert resumed.events[-1]["data"] == {"after_seq": count}
    assert resumed.node.id == "accueil"
    resumed.choose("tirage")
    resumed.close()
    result = verify_log(path, sc)
    assert result.ok, result.message
    assert result.events == count + 1 + len(resumed.events) - count - 1


def test_resume_of_a_finished_session_is_refused(tmp_path: Path) -> None:
    from simulator.log.errors import LogError

    path = tmp_path / "f.jsonl"
    sc = finished_short(path)
    with pytest.raises(LogError, match="terminée"):
        resume_session(path, sc)


def test_interrupted_between_derived_events_still_verifies(tmp_path: Path) -> None:
    src, cut = tmp_path / "full.jsonl", tmp_path / "cut.jsonl"
    sc = after_draw(src)
    content = lines(src)
    made = next(i for i, line in enumerate(content) if '"choice_made"' in line)
    cut.write_text("\n".join(content[: made + 2]) + "\n", encoding="utf-8")
    result = verify_log(cut, sc)
    assert result.ok, result.message
    assert result.events == made + 1 and "interrompue" in result.note


def test_resume_writes_back_the_cut_consequences_of_an_input(tmp_path: Path) -> None:
    src, cut = tmp_path / "full.jsonl", tmp_path / "cut.jsonl"
    sc = after_draw(src)
    full = [json.loads(line) for line in lines(src)]
    made = next(i for i, row in enumerate(full) if row["type"] == "choice_made")
    cut.write_text("\n".join(lines(src)[: made + 2]) + "\n", encoding="utf-8")
    resumed = resume_session(cut, sc)
    resumed.close()
    rows = [json.loads(line) for line in lines(cut)]
    assert rows[0] == full[0]
    assert [(r["type"], r["data"], r["t_ms"]) for r in rows[1:len(full)]] == [
        (r["type"], r["data"], r["t_ms"]) for r in full[1:]]
    assert rows[-1]["type"] == "session_resumed"
    assert rows[-1]["data"] == {"after_seq": len(full) - 1}
    assert [e["seq"] for e in resumed.events] == list(range(1, len(rows)))
    assert verify_log(cut, sc).ok


def test_resume_when_only_the_end_was_cut_finishes_the_log(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    sc = finished_short(path)
    content = lines(path)
    path.write_text("\n".join(content[:-1]) + "\n", encoding="utf-8")   # session_ended lost
    resumed = resume_session(path, sc)
    resumed.close()
    assert resumed.ended and resumed.outcome == "succes"
    rows = [json.loads(line) for line in lines(path)]
    assert [r["type"] for r in rows[-2:]] == ["client_line", "session_ended"]
    assert not any(r["type"] == "session_resumed" for r in rows)
    result = verify_log(path, sc)
    assert result.ok and not result.note


def test_completed_log_with_missing_events_diverges(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    sc = scenario([node("a", text="x", choices=(choice("c", "c", "b", coach="Bien."),)),
                   end("b")])
    s = Session.open(sc, src, world=world())
    s.choose("c")
    s.close()
    rows = [json.loads(line) for line in lines(src)]
    header = {k: v for k, v in rows[0].items() if k not in ("hash", "mac")}
    writer = LogWriter.create(dst, header, clock=ManualClock())
    for row in rows[1:]:
        if row["type"] != "feedback_shown":
            writer.append(row["type"], row["data"], t_ms=row["t_ms"], time=row["time"])
    writer.close()
    result = verify_log(dst, sc)
    assert not result.ok and "feedback_shown" in result.message


def test_shipped_scenarios_replay_identically(tmp_path: Path) -> None:
    from simulator.engine.worlds import WorldCache
    from simulator.scenario import load_scenario, shipped_scenarios

    worlds = WorldCache()
    shipped = shipped_scenarios()
    if not shipped:
        pytest.skip("aucun scénario livré")
    for file in shipped:
        sc = load_scenario(file)
        for seed in range(1, 6):
            path = tmp_path / f"{sc.id}-{seed}.jsonl"
            mode = "examen" if seed % 2 else "entrainement"
            s = Session.open(sc, path, seed=seed, world=worlds.get(sc, seed), mode=mode)
            rng = rng_for(seed, "shipped")
            for _ in range(300):
                step = random_step(s, rng)
                if step is None:
                    break
                apply_step(s, step, t_ms=len(s.events) * 700)
            s.close()
            result = verify_log(path)
            assert result.ok, (sc.id, seed, result.message)


def test_engine_never_imports_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, simulator.engine, simulator.engine.replay, simulator.engine.fuzz, "
            "simulator.engine.steps; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
