"""Adversarial review of the day's features: enum values caught by YAML 1.1, a mistyped
choice id, refusals of `ntc run --resume` worded as one French sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import call

from simulator.cli.resume_auth import refusal
from simulator.scenario import validate
from simulator.scenario.fields import Reader
from simulator.scenario.yamlsource import compose_text

ORDRE = Path(__file__).parent / "data" / "review" / "ordre-choix.yaml"


def _node(text: str):  # type: ignore[no-untyped-def]
    root, problems = compose_text(text, "t.yaml")
    assert problems == [] and root is not None
    return root.get("v")


@pytest.mark.parametrize("raw", ["no", "yes", "off", "On", "n", "~", ""])
def test_enum_value_read_as_boolean_names_the_possible_values(raw: str) -> None:
    """Quoting « no » would not make it a possible value: say what the possible ones are."""
    reader = Reader()
    assert reader.choice(_node(f"v: {raw}\n"), "ordre", ("melange", "fixe")) is None
    message = reader.problems[0].message
    assert "valeurs possibles : melange, fixe" in message
    assert "guillemets" not in message


def test_enum_trap_whose_quoted_form_is_possible_still_says_quote() -> None:
    reader = Reader()
    assert reader.choice(_node("v: off\n"), "mode", ("on", "off")) is None
    assert 'mettez-la entre guillemets : "off"' in reader.problems[0].message


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = ORDRE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "hint"), [
    ("no", "valeurs possibles"), ("yes", "valeurs possibles"),
    ("fix", "vouliez-vous dire « fixe »"), ("mélange", "vouliez-vous dire « melange »")])
def test_validate_ordre_values(tmp_path: Path, value: str, hint: str) -> None:
    path = _variant(tmp_path, "ordre: fixe ", f"ordre: {value} ")
    problems = [p for p in validate(path) if p.is_error]
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}:35:12:") and hint in str(problems[0])


def test_guide_worked_example_validates_cleanly() -> None:
    assert validate(ORDRE) == []


def test_mistyped_choice_id_in_inputs_suggests_the_id(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "data"))
    steps = tmp_path / "in.txt"
    steps.write_text("creusr\n", encoding="utf-8")
    code, _, err = call(["run", str(ORDRE), "--inputs", str(steps), "--seed", "3",
                         "--log", str(tmp_path / "l.jsonl")], capsys)
    assert code == 1 and "vouliez-vous dire « creuser » ?" in err


@pytest.mark.parametrize(("raw", "expected"), [
    ("Fichier de clé introuvable : k.txt (--cle-centre).",
     "reprise impossible : fichier de clé introuvable : k.txt (--cle-centre) ; le journal "
     "est laissé intact"),
    ("Reprise impossible : le journal j a été altéré (x). Il est laissé intact.",
     "reprise impossible : le journal j a été altéré (x) ; le journal est laissé intact"),
    ("reprise impossible, divergence à l'événement n° 3",
     "reprise impossible, divergence à l'événement n° 3 ; le journal est laissé intact"),
    ("NTC_LOG_KEY_FILE absent", "reprise impossible : NTC_LOG_KEY_FILE absent ; le journal "
                                "est laissé intact"),
])
def test_refusal_is_one_sentence(raw: str, expected: str) -> None:
    assert refusal(raw) == expected


def _exam_log(tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "data"))
    key = tmp_path / "cle.txt"
    key.write_text("cle-du-centre-0123456789\n", encoding="utf-8")
    monkeypatch.setenv("NTC_LOG_KEY_FILE", str(key))
    monkeypatch.delenv("NTC_LOG_KEY", raising=False)
    first = tmp_path / "a.txt"
    first.write_text("creuser\n", encoding="utf-8")
    log = tmp_path / "exam.jsonl"
    code, _, err = call(["run", str(ORDRE), "--inputs", str(first), "--mode", "examen",
                         "--log", str(log)], capsys)
    assert code == 0, err
    monkeypatch.delenv("NTC_LOG_KEY_FILE")
    rest = tmp_path / "b.txt"
    rest.write_text("un\n", encoding="utf-8")
    return log, rest


@pytest.mark.parametrize("make", ["absent", "dossier", "vide"])
def test_bad_centre_key_file_refused_in_french(tmp_path: Path, make: str,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    log, rest = _exam_log(tmp_path, capsys, monkeypatch)
    before = log.read_bytes()
    bad = tmp_path / "cle-bad"
    if make == "dossier":
        bad.mkdir()
    elif make == "vide":
        bad.write_text("\n", encoding="utf-8")
    code, _, err = call(["run", str(ORDRE), "--resume", str(log), "--inputs", str(rest),
                         "--cle-centre", str(bad)], capsys)
    assert code == 1 and "Traceback" not in err
    assert "reprise impossible : fichier de clé" in err or \
        "reprise impossible : le fichier de clé" in err
    assert err.rstrip().endswith("le journal est laissé intact")
    assert log.read_bytes() == before


@pytest.mark.parametrize("pad", [8, 10])
def test_field_after_a_one_line_item_says_where_it_goes(tmp_path: Path, pad: int) -> None:
    """Not « colonne 9 est plus indenté que … colonne 9 »: the item is closed by « } »."""
    line = '      - {id: un, texte: "1 — peu satisfait", suite: suite_enquete}\n'
    path = _variant(tmp_path, line, line + " " * pad + "en_dernier: vrai\n")
    problems = validate(path)
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith(f"{path}:38:{pad + 1}:")
    assert "« en_dernier » suit l'élément de la ligne 37" in message
    assert "avant « } »" in message and "plus indenté" not in message


def test_ordre_melange_in_a_negotiation_is_warned(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[1] / "scenarios" / "negociation-prix.yaml"
    text = shipped.read_text(encoding="utf-8")
    assert "    type: negociation\n" in text
    path = tmp_path / "n.yaml"
    path.write_text(text.replace("    type: negociation\n",
                                 "    type: negociation\n    ordre: melange\n", 1),
                    encoding="utf-8")
    problems = validate(path)
    assert [p.severity for p in problems] == ["avertissement"]
    assert "« ordre: melange » est sans effet dans une négociation" in problems[0].message


def test_every_choice_last_is_warned(tmp_path: Path) -> None:
    text = ORDRE.read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("suite: satisfaction\n",
                                 "suite: satisfaction\n        en_dernier: vrai\n"),
                    encoding="utf-8")
    problems = validate(path)
    assert [p.severity for p in problems] == ["avertissement"]
    assert "tous ses choix sont « en_dernier »" in problems[0].message
    assert str(problems[0]).startswith(f"{path}:13:3:")


@pytest.mark.parametrize(("iso", "shown"), [
    ("2026-03-12T14:05:09+00:00", "12/03/2026 15:05"),      # winter: UTC+1
    ("2026-07-01T22:30:00+00:00", "02/07/2026 00:30"),      # summer: UTC+2, next day
    ("2026-07-01T10:00:00", "01/07/2026 10:00"),            # no offset: as written
    ("", "")])
def test_livret_times_are_french_local_time_like_the_score(iso: str, shown: str) -> None:
    from scoring.render.dates import short_datetime
    from simulator.centre.text import fr_datetime

    assert fr_datetime(iso) == shown
    if iso:
        assert fr_datetime(iso) == short_datetime(iso)


def test_centre_key_resume_says_where_it_is_recorded(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    log, rest = _exam_log(tmp_path, capsys, monkeypatch)
    code, out, err = call(["run", str(ORDRE), "--resume", str(log), "--inputs", str(rest),
                           "--cle-centre", str(tmp_path / "cle.txt")], capsys)
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("Reprise autorisée"))
    assert ") (" not in line
    assert line.endswith(", enregistrée dans le fichier d'évaluation du journal.")
