"""`ntc run SCENARIO --resume LOG`: continue an interrupted session in the same log."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_support import run_main as run

from scoring import score_logs
from simulator.cli.main import main
from simulator.log import WORLD_DIR

MINI = Path(__file__).parent / "data" / "valid" / "mini.yaml"
MINIMAL = Path(__file__).parent / "data" / "valid" / "minimal.yaml"
STEPS = [
    "croc_contact",
    "question_arrets",
    "creuser_fournisseur",
    "proposer_rdv",
    "offrir: {remise: 5, delai_paiement: 45}",
    "creuser_prix",
    "accepter",
    "repondre: {ca: 125000, segment: A, cr: \"marge et relance\"}",
]
INPUT_TYPES = {"choice_made", "offer_made", "negotiation_action", "task_answered"}


def write_steps(path: Path, steps: list[str]) -> Path:
    path.write_text("".join(f"{s}\n" for s in steps), encoding="utf-8")
    return path


def rows(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def story(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """What happened, without times, hashes, seq numbers and resume markers."""
    return [(e["type"], e["data"]) for e in events if e["type"] != "session_resumed"]


@pytest.fixture(scope="module")
def ref_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder of the reference log (its world is stored there, in mondes/)."""
    return tmp_path_factory.mktemp("ref")


def with_world(ref: Path, folder: Path) -> None:
    """Copy the reference log's world store next to a cut copy of the log."""
    shutil.copytree(ref / WORLD_DIR, folder / WORLD_DIR, dirs_exist_ok=True)


@pytest.fixture(scope="module")
def full_lines(ref_dir: Path) -> list[bytes]:
    """Lines of a complete log of the whole path, played in one go."""
    tmp = ref_dir
    log = tmp / "ref.jsonl"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["run", str(MINI), "--seed", "1", "--inputs",
                     str(write_steps(tmp / "all.txt", STEPS)), "--log", str(log)]) == 0
    lines = log.read_bytes().splitlines(keepends=True)
    assert json.loads(lines[-1])["type"] == "session_ended"
    return lines


@pytest.mark.parametrize("keep", [1, 2, 5, 9, 13, 14, 17, 22, 27, 30, 33, 38, 44, 50, -1])
def test_cut_log_is_resumed_verified_and_scored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], full_lines: list[bytes],
        keep: int, ref_dir: Path) -> None:
    with_world(ref_dir, tmp_path)
    lines = full_lines
    reference = [json.loads(line) for line in lines]
    events = len(lines) - 1
    keep = events - 1 if keep == -1 else min(keep, events - 1)
    log = tmp_path / "cut.jsonl"
    log.write_bytes(b"".join(lines[: keep + 1]) + b'{"seq": 999, "t_ms": 12, "ty')
    done = sum(1 for r in reference[1: keep + 1] if r["type"] in INPUT_TYPES)
    rest = write_steps(tmp_path / "suite.txt", STEPS[done:])

    code, out, err = run(["run", str(MINI), "--resume", str(log), "--inputs", str(rest)],
                         capsys)
    assert code == 0, err
    assert "reprise de la séance de Stagiaire (graine 1, mode entrainement)" in out
    assert "Issue : succès" in out and f"Journal : {log}" in out
    assert Path(f"{log}.abime-1").read_bytes() == b'{"seq": 999, "t_ms": 12, "ty'

    resumed = rows(log)
    assert resumed[0] == reference[0]                         # same header, same chain start
    assert story(resumed[1:]) == story(reference[1:])         # the same session, resumed
    markers = [r for r in resumed if r["type"] == "session_resumed"]
    if reference[keep]["type"] != "session_ended" and markers:
        after = markers[0]["data"]["after_seq"]
        assert resumed[after]["seq"] == after and after >= keep
    assert len(markers) <= 1

    code, out, err = run(["replay", str(log), "--verify"], capsys)
    assert code == 0, err + out
    assert f"journal vérifié : {len(resumed) - 1} événements, rejeu identique" in out

    report = score_logs([log])
    assert report.problems == ()
    session = report.trainees[0].sessions[0]
    assert session.outcome == "succes" and session.warnings == ()
    assert any(c.decision == "acquis" for c in session.scoring.criteria())


def test_resume_lost_consequences_are_rewritten(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], full_lines: list[bytes],
        ref_dir: Path) -> None:
    """Cut right after an input: its derived events are written back before the marker."""
    with_world(ref_dir, tmp_path)
    lines = full_lines
    first_input = next(i for i, line in enumerate(lines[1:], 1)
                       if json.loads(line)["type"] == "choice_made")
    log = tmp_path / "cut.jsonl"
    log.write_bytes(b"".join(lines[: first_input + 1]))
    rest = write_steps(tmp_path / "suite.txt", STEPS[1:])
    code, out, err = run(["run", str(MINI), "--resume", str(log), "--inputs", str(rest)],
                         capsys)
    assert code == 0, err
    assert "perdu à l'interruption réécrit à l'identique" in out or (
        "perdus à l'interruption réécrits à l'identique" in out)
    resumed = rows(log)
    marker = next(r for r in resumed if r["type"] == "session_resumed")
    assert resumed[marker["seq"] - 1]["type"] == "choices_shown"   # consequences first
    assert main(["replay", str(log), "--verify"]) == 0


def test_resume_with_random_steps_ends_and_verifies(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "r.jsonl"
    code, _, err = run(["run", str(MINI), "--seed", "1", "--inputs",
                        str(write_steps(tmp_path / "a.txt", STEPS[:2])), "--log", str(log)],
                       capsys)
    assert code == 0, err
    code, out, err = run(["run", str(MINI), "--resume", str(log), "--random"], capsys)
    assert code == 0, err
    assert "Journal repris après l'événement n°" in out
    assert rows(log)[-1]["type"] == "session_ended"
    assert main(["replay", str(log), "--verify"]) == 0


def test_unfinished_run_says_how_to_resume(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "u.jsonl"
    code, out, _ = run(["run", str(MINI), "--seed", "1", "--inputs",
                        str(write_steps(tmp_path / "a.txt", STEPS[:1])), "--log", str(log)],
                       capsys)
    assert code == 0
    assert f"--resume {log} --inputs FICHIER" in out
    code, out, err = run(["run", str(MINI), "--resume", str(log), "--inputs",
                          str(write_steps(tmp_path / "b.txt", STEPS[1:]))], capsys)
    assert code == 0, err
    context = out.index("Je n'ai que deux minutes")       # where the trainee left off
    assert context < out.index("Vous : Comment se passe la production d'air comprimé")
    assert "Issue : succès" in out


def _finished(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    log = tmp_path / "fini.jsonl"
    code, _, err = run(["run", str(MINI), "--seed", "1", "--inputs",
                        str(write_steps(tmp_path / "all.txt", STEPS)), "--log", str(log)],
                       capsys)
    assert code == 0, err
    return log


def _tampered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    log = _finished(tmp_path, capsys)
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "altere.jsonl"
    cut.write_text("".join(lines[:8]).replace("Bonjour madame", "Bonjour monsieur"),
                   encoding="utf-8")
    return cut


def _foreign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    log = tmp_path / "autre.jsonl"
    code, _, err = run(["run", str(MINIMAL), "--seed", "1", "--inputs",
                        str(write_steps(tmp_path / "m.txt", [])), "--log", str(log)], capsys)
    assert code == 0, err
    return log


def _not_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "notes.jsonl"
    path.write_text("ceci n'est pas un journal\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("make", "expected"), [
    (_finished, "est déjà terminée"),
    (_tampered, "a été altéré"),
    (_foreign, "enregistré avec le scénario « minimal », pas « mini »"),
    (_not_a_log, "reprise impossible"),
])
def test_resume_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any,
                         expected: str) -> None:
    log = make(tmp_path, capsys)
    before = log.read_bytes()
    rest = write_steps(tmp_path / "suite.txt", STEPS[1:])
    code, out, err = run(["run", str(MINI), "--resume", str(log), "--inputs", str(rest)],
                         capsys)
    assert code == 1
    assert err.startswith("ntc : ") and expected.casefold() in err.casefold(), err
    assert "Traceback" not in err + out
    assert log.read_bytes() == before                       # nothing written


def test_resume_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rest = write_steps(tmp_path / "suite.txt", STEPS)
    code, _, err = run(["run", str(MINI), "--resume", str(tmp_path / "absent.jsonl"),
                        "--inputs", str(rest)], capsys)
    assert code == 2 and "journal introuvable" in err
    log = tmp_path / "u.jsonl"
    assert main(["run", str(MINI), "--seed", "1", "--inputs",
                 str(write_steps(tmp_path / "a.txt", STEPS[:1])), "--log", str(log)]) == 0
    capsys.readouterr()
    for extra in (["--seed", "2"], ["--log", str(tmp_path / "x.jsonl")], ["--mode", "examen"],
                  ["--trainee", "Zoé"]):
        code, _, err = run(["run", str(MINI), "--resume", str(log), "--inputs", str(rest),
                            *extra], capsys)
        assert code == 2 and "ne s'utilise pas avec --resume" in err, extra
    with pytest.raises(SystemExit) as info:                  # --inputs or --random required
        main(["run", str(MINI), "--resume", str(log)])
    assert info.value.code == 2


def test_run_help_documents_resume(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--resume JOURNAL" in out and "reprend une séance interrompue" in out
    assert "--resume sessions/journal.jsonl --inputs suite.txt" in out


def test_resume_with_a_changed_scenario_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    copy = tmp_path / "sc" / "mini.yaml"
    shutil.copytree(MINI.parent / "fragments", copy.parent / "fragments")
    shutil.copy(MINI, copy)
    log = tmp_path / "j.jsonl"
    assert main(["run", str(copy), "--inputs", str(write_steps(tmp_path / "a.txt", STEPS[:2])),
                 "--log", str(log)]) == 0
    copy.write_text(copy.read_text(encoding="utf-8").replace("Le client raccroche.",
                                                             "Le client a raccroché."),
                    encoding="utf-8")
    capsys.readouterr()
    before = log.read_bytes()
    code, _, err = run(["run", str(copy), "--resume", str(log), "--inputs",
                        str(write_steps(tmp_path / "b.txt", STEPS[2:]))], capsys)
    assert code == 1 and "reprise impossible : le scénario a changé" in err, err
    assert log.read_bytes() == before
