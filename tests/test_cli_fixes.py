"""Fixes of the QA defects in the non-engine parts of `ntc` (score, scenarios, log reader,
argparse French, stdout errors). In-process `main()` calls; subprocesses only where a real
pipe or /dev/full is needed.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import call, clear_key, run_with_inputs
from test_cli_bad_input import SCENARIO

from simulator.cli import argtypes, tui_cmd
from simulator.cli.errors import UserError
from simulator.cli.files import guard_output, looks_precious
from simulator.cli.french import FrenchParser
from simulator.cli.main import main
from simulator.log import KEY_ENV, KEY_FILE_ENV, LogError, LogWriter, read_log, signing_key
from simulator.log import reader as log_reader
from simulator.oserrors import os_reason
from simulator.scenario import yamlsource
from simulator.scenario.library import shipped_ids

ENGLISH = ("No such file", "Is a directory", "Permission denied", "No space left",
           "Traceback", "invalid int value", "(int)", "unacceptable character",
           "show program's", "Exception ignored")


def assert_french(*texts: str) -> None:
    for text in texts:
        for word in ENGLISH:
            assert word not in text, f"{word!r} dans : {text}"


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_key(monkeypatch)


@pytest.fixture()
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "essai.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def play(scenario: Path, log: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A finished session log of the test scenario at `log`."""
    code, _, err = run_with_inputs(scenario, log.with_name(log.name + ".entrees.txt"), log,
                                   "croc\ninsister\nrepondre: {ca: 1}\n", capsys)
    assert code == 0, err
    return log


@pytest.fixture()
def log(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return play(scenario, tmp_path / "j.jsonl", capsys)


def env_without_key() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in (KEY_ENV, KEY_FILE_ENV)}


# -- 1. an output never destroys an input, a log or a scenario -------------------------------
def test_score_out_refuses_its_own_input_and_other_logs(
        log: Path, scenario: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = log.read_bytes()
    code, _, err = call(["score", str(log), "--format", "json", "--out", str(log)], capsys)
    assert code == 2 and "est aussi un fichier lu par cette commande" in err
    other = tmp_path / "autre" / "k.jsonl"
    other.parent.mkdir()
    other.write_bytes(before)
    link = tmp_path / "lien.json"
    link.symlink_to(log)
    for target, words in ((other, "semble être un journal de session"),
                          (link, "est aussi un fichier lu"),
                          (tmp_path / "j.jsonl.eval.jsonl", "refus de l'écraser"),
                          (scenario, "semble être un fichier de scénario"),
                          (tmp_path, "est un dossier")):
        if target.name.endswith(".eval.jsonl"):
            target.write_bytes(b'{"type":"header","format":"ntc-eval/1"}\n')
        saved = target.read_bytes() if target.is_file() else None
        code, _, err = call(["score", str(log), "--out", str(target)], capsys)
        assert code == 2 and words in err, (target, err)
        assert saved is None or target.read_bytes() == saved
        assert_french(err)
    assert log.read_bytes() == before and other.read_bytes() == before


def test_score_out_may_overwrite_a_previous_report(log: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "rapport.json"
    for _ in range(2):
        code, _, err = call(["score", str(log), "--format", "json", "--out", str(report)],
                            capsys)
        assert code == 0, err
        assert json.loads(report.read_text(encoding="utf-8"))["stagiaires"]


def test_graph_output_never_overwrites_a_scenario(scenario: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    before = scenario.read_bytes()
    other = tmp_path / "autre.yml"
    other.write_text("id: autre\nnoeuds: {}\n", encoding="utf-8")
    link = tmp_path / "lien.md"
    link.symlink_to(scenario)
    for target in (scenario, other, link):
        saved = target.read_bytes()
        code, out, err = call(["scenarios", "graph", str(scenario), "-o", str(target)], capsys)
        assert code == 2 and "refus de l'écraser" in err
        assert target.read_bytes() == saved
        assert_french(out, err)
    assert scenario.read_bytes() == before
    diagram = tmp_path / "graphe.md"
    for _ in range(2):             # a previous diagram may be replaced
        code, out, err = call(["scenarios", "graph", str(scenario), "-o", str(diagram)],
                              capsys)
        assert code == 0 and "Diagramme écrit" in out
    assert "stateDiagram" in diagram.read_text(encoding="utf-8")


def test_guard_output_recognises_precious_files(tmp_path: Path) -> None:
    log = tmp_path / "sans-extension"
    log.write_bytes(b'{"app_version":"0.1.0","format":"ntc-log/1","type":"header"}\n')
    scen = tmp_path / "scenario.txt"
    scen.write_text("titre: x\ndebut: a\nnoeuds:\n  a: {}\n", encoding="utf-8")
    report = tmp_path / "rapport.csv"
    report.write_text("stagiaire,session\n", encoding="utf-8")
    assert looks_precious(log) == "un journal de session"
    assert looks_precious(scen) == "un fichier de scénario"
    assert looks_precious(report) is None
    assert looks_precious(tmp_path / "absent.yaml") is None
    assert guard_output(report) == report
    with pytest.raises(UserError) as exc:
        guard_output(tmp_path / "./rapport.csv", [report])
    assert exc.value.status == 2


def test_output_write_errors_are_french(log: Path, scenario: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent" / "x.txt"
    for argv in (["score", str(log), "--out", str(missing)],
                 ["scenarios", "graph", str(scenario), "-o", str(missing)]):
        code, out, err = call(argv, capsys)
        assert code == 1 and "impossible d'écrire" in err and "chemin introuvable" in err
        assert_french(out, err)


# -- 2. standard output that cannot be written ------------------------------------------------
def test_stdout_on_a_full_disk_is_a_french_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full absent")
    for argv in (["scenarios", "list"], ["--help"]):   # argparse used to swallow the error
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "simulator", *argv],
                                  stdout=full, stderr=subprocess.PIPE, env=env_without_key(),
                                  timeout=60, check=False)
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 1, argv
        assert "écriture de la sortie impossible : plus de place sur le disque" in err
        assert_french(err)


def test_closed_pipe_is_silent_and_not_a_success(tmp_path: Path) -> None:
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("id: x\ntitre: [\n", encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)              # the reader is gone before anything is written
    try:
        proc = subprocess.run([sys.executable, "-m", "simulator", "scenarios", "validate",
                               str(tmp_path)], stdout=write_end, stderr=subprocess.PIPE,
                              env=env_without_key(), timeout=60, check=False)
    finally:
        os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr.decode("utf-8") == ""


# -- 3. exit statuses: a wrong name on the command line is bad usage (2) ------------------------
def test_unknown_or_missing_scenario_is_usage_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    def no_tui(options: object) -> int:
        raise AssertionError("l'application ne doit pas démarrer")

    monkeypatch.setattr(tui_cmd, "_run", no_tui)
    for command in (["scenarios", "graph"], ["play"]):
        for ref in ("scenario-qui-n-existe-pas", str(tmp_path / "absent.yaml")):
            code, out, err = call([*command, ref], capsys)
            assert code == 2, (command, ref, err)
            assert "scénario inconnu" in err or "fichier introuvable" in err
            assert_french(out, err)
    invalid = tmp_path / "vide.yaml"
    invalid.write_bytes(b"")
    code, _, _ = call(["scenarios", "graph", str(invalid)], capsys)
    assert code == 1                       # found but invalid: the check failed


def test_score_missing_log_is_usage_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(["score", str(tmp_path / "absent.jsonl")], capsys)
    assert code == 2 and f"journal introuvable : {tmp_path / 'absent.jsonl'}" in err
    assert out == ""


# -- 4. French everywhere -----------------------------------------------------------------------
def test_help_is_french_with_french_typography(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(["--help"], capsys)
    assert code == 0
    assert "afficher la version et quitter" in out
    assert "commandes :" in out and "options :" in out and "commandes:" not in out
    code, out, _ = call(["scenarios", "graph", "--help"], capsys)
    assert "arguments :" in out and "options :" in out
    assert_french(out, err)


def test_french_type_converters() -> None:
    assert argtypes.integer(" 12 ") == 12 and argtypes.integer("-3") == -3
    assert argtypes.seed("1_000") == 1000
    assert argtypes.positive_int("5") == 5 and argtypes.non_negative_int("0") == 0
    for func, text, words in ((argtypes.seed, "abc", "graine entière attendue, pas « abc »"),
                              (argtypes.integer, "²", "nombre entier attendu"),
                              (argtypes.positive_int, "0", "d'au moins 1"),
                              (argtypes.non_negative_int, "-1", "positif ou nul"),
                              (argtypes.seed, str(2**70), "graine trop grande")):
        with pytest.raises(argparse.ArgumentTypeError, match=words):
            func(text)


def test_converter_error_through_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    parser = FrenchParser(prog="ntc essai")
    parser.add_argument("--seed", type=argtypes.seed)
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["--seed", "abc"])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "argument --seed : graine entière attendue, pas « abc »" in err
    assert_french(err)


def test_os_reasons_are_french() -> None:
    assert os_reason(OSError(errno.ENOENT, "No such file or directory")) == "chemin introuvable"
    assert os_reason(OSError(errno.ENOSPC, "x")) == "plus de place sur le disque"
    assert os_reason(OSError(errno.EISDIR, "x")) == "un dossier porte ce nom"
    assert os_reason(OSError(errno.ECHILD, "x")).startswith("erreur système")
    assert os_reason(OSError("sans numéro")) == "erreur système"


def test_log_creation_errors_are_french(tmp_path: Path) -> None:
    with pytest.raises(LogError) as exc:
        LogWriter.create(tmp_path / "absent" / "j.jsonl", {"scenario": {}})
    assert "chemin introuvable" in str(exc.value)
    assert_french(str(exc.value))


def test_nul_and_control_characters_in_a_scenario(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"id: x\ntitre: a\x00b\n")
    bell = tmp_path / "bell.yaml"
    bell.write_bytes(b'id: x\ntitre: "a\x07"\n')
    code, out, err = call(["scenarios", "validate", str(nul), str(bell)], capsys)
    assert code == 1
    assert f"{nul}:2:9: caractère nul interdit" in out
    assert f"{bell}:2:10: caractère de contrôle interdit dans un fichier YAML (U+0007)" in out
    assert_french(out, err)


def test_scenario_size_uses_a_decimal_comma(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "gros.yaml"
    big.write_bytes(b"#" * (3 * 1024 * 1024 // 2))
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 1024 * 1024)
    with pytest.raises(yamlsource.YamlFailure) as exc:
        yamlsource.read_text(big, "gros.yaml")
    assert "(1,5 Mo)" in exc.value.problems[0].message


# -- 5. log and key readers: regular files only, bounded, any bytes -----------------------------
def test_score_of_a_named_pipe_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "tube.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "simulator", "score", str(fifo)],
                          capture_output=True, env=env_without_key(), timeout=60, check=False)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "n'est pas un fichier ordinaire" in err
    assert_french(err)


def test_reader_refuses_devices_directories_and_huge_files(
        log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if Path("/dev/zero").exists():
        assert "n'est pas un fichier ordinaire" in read_log("/dev/zero").errors[0]
    folder = tmp_path / "dossier.jsonl"
    folder.mkdir()
    assert read_log(folder).errors == [f"{folder} est un dossier, pas un journal"]
    monkeypatch.setattr(log_reader, "MAX_FILE_BYTES", 1000)
    result = read_log(log)
    assert result.header is None and "trop volumineux" in result.errors[0]
    assert "limite : 0,0 Mo" in result.errors[0]


def test_reader_refuses_overlong_lines(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = log.read_bytes().split(b"\n")
    header_size = len(lines[0])
    longest_event = max(len(line) for line in lines[1:])
    monkeypatch.setattr(log_reader, "MAX_LINE_BYTES", max(header_size, 1) + 1)
    if longest_event > header_size + 1:
        result = read_log(log)
        assert not result.verified and "ligne trop longue" in " ".join(result.errors)
    monkeypatch.setattr(log_reader, "MAX_LINE_BYTES", header_size - 1)
    result = read_log(log)
    assert result.header is None and "première ligne trop longue" in result.errors[0]


def test_key_files_that_cannot_be_keys(tmp_path: Path) -> None:
    empty = tmp_path / "vide.cle"
    empty.write_bytes(b"\n")
    cases = [(empty, "est vide"), (tmp_path, "est un dossier, pas un fichier de clé"),
             (tmp_path / "absente", "Fichier de clé introuvable")]
    fifo = tmp_path / "tube.cle"
    os.mkfifo(fifo)
    cases.append((fifo, "n'est pas un fichier ordinaire"))
    for path, words in cases:
        with pytest.raises(LogError, match=words) as exc:
            signing_key({KEY_FILE_ENV: str(path)})
        assert KEY_FILE_ENV in str(exc.value)
        assert_french(str(exc.value))


def test_non_utf8_key_and_scenario_path(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, os.fsdecode(b"cl\xe9-\xff"))
    assert signing_key() == b"cl\xe9-\xff"
    odd = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    odd.write_text(SCENARIO, encoding="utf-8")
    log = tmp_path / os.fsdecode(b"j\xe9.jsonl")

    def run(argv: list[str]) -> tuple[int, bytes]:
        """main() on a strict UTF-8 stdout (as under a fr_FR.UTF-8 locale)."""
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
        monkeypatch.setattr(sys, "stdout", out)
        code = main(argv)
        out.flush()
        return code, out.buffer.getvalue()   # type: ignore[attr-defined]

    code, out = run(["run", str(odd), "--random", "--log", str(log)])
    assert code == 0 and b"j\xe9.jsonl" in out       # the file name's own bytes
    result = read_log(log, signing_key())
    assert result.verified and result.signature_checked
    assert result.header is not None and result.header["scenario"]["path"] == str(odd)
    code, out = run(["score", str(log), "--format", "json"])
    assert code == 0 and json.loads(out.decode("utf-8", "surrogateescape"))["stagiaires"]
    report = tmp_path / os.fsdecode(b"rapport-\xe9.csv")
    code, _ = run(["score", str(log), "--format", "csv", "--out", str(report)])
    assert code == 0 and b"j\xe9.jsonl" in report.read_bytes()


# -- 6. scoring finds the scenario like replay --verify does -----------------------------------
def test_score_prefers_the_recorded_scenario_file(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    shipped = shipped_ids()[0]
    copy = tmp_path / "copie.yaml"
    copy.write_text(SCENARIO.replace("id: essai-mauvaises-entrees", f"id: {shipped}"),
                    encoding="utf-8")
    log = play(copy, tmp_path / "j.jsonl", capsys)
    code, out, err = call(["score", str(log), "--format", "json"], capsys)
    # replayed against the recorded copy, but a copy cannot pass for the shipped scenario
    assert code == 1 and "scénario modifié" in err
    session = json.loads(out)["stagiaires"][0]["sessions"][0]
    assert session["rejoue"] and session["provenance"] == "modifié"


def test_score_warns_about_a_directory_without_logs(
        log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "vide"
    empty.mkdir()
    code, out, err = call(["score", str(log), str(empty), "--format", "json"], capsys)
    assert code == 0 and f"{empty} est un dossier sans journal de session" in err
    assert len(json.loads(out)["stagiaires"]) == 1


def test_validate_names_a_device_as_not_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli.main import main

    assert main(["scenarios", "validate", "/dev/zero"]) == 1
    out = capsys.readouterr().out
    assert "pas un fichier ordinaire" in out
    assert "introuvable" in out.splitlines()[-1]  # still counted in the summary line
