"""`ntc nlu analyse` (a contract: tests outside the project rely on its JSON Lines)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import call

from simulator.scenario.model import ACTS


def jsonl(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    code, out, err = call(["nlu", "analyse", str(path), "--format", "jsonl"], capsys)
    return code, [json.loads(line) for line in out.splitlines()], err


def test_one_object_per_line_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    f = tmp_path / "phrases.txt"
    f.write_text("je peux vous faire 3 % si vous signez aujourd'hui\n\nrdv mardi 14 h 30\n",
                 encoding="utf-8")
    code, objs, _ = jsonl(f, capsys)
    assert code == 0 and len(objs) == 3
    first = objs[0]
    assert set(first) == {"texte", "actes", "entites"}
    assert first["texte"] == "je peux vous faire 3 % si vous signez aujourd'hui"
    assert len(first["actes"]) >= 5 and {a["acte"] for a in first["actes"]} <= set(ACTS)
    scores = [a["score"] for a in first["actes"]]
    assert scores == sorted(scores, reverse=True)
    assert first["entites"] == [{"type": "pourcentage", "valeur": 3, "texte": "3 %"}]
    assert objs[1]["texte"] == "" and objs[1]["entites"] == []
    assert {"type": "heure", "valeur": "14:30", "texte": "14 h 30"} in objs[2]["entites"]
    assert {"type": "jour_semaine", "valeur": "mardi", "texte": "mardi"} in objs[2]["entites"]


def test_bad_bytes_are_replaced_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Bonjour, très bien\n".encode("latin-1") + b"ok\n")
    code, objs, err = jsonl(f, capsys)
    assert code == 0 and len(objs) == 2
    assert "latin1.txt:1: texte qui n'est pas de l'UTF-8 valide" in err


def test_binary_file_is_refused_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    f = tmp_path / "image.bin"
    f.write_bytes(b"\x89PNG\x00\x00\x01\x02" * 10)
    code, _out, err = call(["nlu", "analyse", str(f)], capsys)
    assert code == 1 and "semble binaire" in err and "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(["nlu", "analyse", "/nonexistent/x.txt"], capsys)
    assert code == 2 and "introuvable" in err


def test_table_and_stdin_with_odd_lines() -> None:
    lines = "🙂🙂\n" + "x" * 10_000 + "\nHello, can I speak to the manager?\n"
    proc = subprocess.run([sys.executable, "-m", "simulator", "nlu", "analyse", "-"],
                          input=lines.encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert text.count("actes :") == 3 and "Traceback" not in proc.stderr.decode()


def test_train_without_training_data_is_a_french_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    empty = tmp_path / "actes"
    empty.mkdir()
    code, _, err = call(["nlu", "train", "--actes", str(empty), "-o", str(tmp_path / "m.json")],
                        capsys)
    assert code == 1 and "aucun fichier" in err
