"""`ntc territory generate | list`: files written, French summary, exit statuses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from simulator.cli.main import main


def test_generate_csv_writes_files_and_summary(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t"
    assert main(["territory", "generate", "--seed", "5", "--companies", "60",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "60 entreprises" in text and "Défauts injectés" in text and "Segments ABC" in text
    for name in ("entreprises.csv", "contacts.csv", "commandes.csv", "factures.csv",
                 "defauts.csv", "marche_segments.csv", "indicateurs.csv", "monde.json"):
        assert (out / name).is_file(), name
    with (out / "entreprises.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 60 and rows[0]["actif"] in ("oui", "non")


def test_generate_is_reproducible_and_json(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b"):
        assert main(["territory", "generate", "--seed", "9", "--companies", "30",
                     "--format", "json", "--out", str(tmp_path / name)]) == 0
    capsys.readouterr()
    a = (tmp_path / "a" / "monde.json").read_bytes()
    assert a == (tmp_path / "b" / "monde.json").read_bytes()
    companies = json.loads((tmp_path / "a" / "entreprises.json").read_text(encoding="utf-8"))
    assert len(companies) == 30


def test_negative_count_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["territory", "generate", "--companies", "-4"])
    assert exc.value.code == 2
    assert "positif" in capsys.readouterr().err


def test_unwritable_directory_is_status_1(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    assert main(["territory", "generate", "--companies", "10",
                 "--out", str(blocker / "sous")]) == 1
    err = capsys.readouterr().err
    assert "impossible d'écrire" in err and "Traceback" not in err


def test_unknown_dossier_is_status_2(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["territory", "generate", "--dossier", "nope", "--out", str(tmp_path)]) == 2
    assert "dossier vendeur inconnu" in capsys.readouterr().err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["territory", "list"]) == 0
    out = capsys.readouterr().out
    assert "rhone-alpes" in out and "manutention" in out
