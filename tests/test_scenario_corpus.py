"""Broken corpus: every file in tests/data/broken/ fails validation at the announced place.

Each file starts with `# attendu: LINE:COL KEYWORD  (description)`; validation must exit 1,
print a problem at that line:col containing the keyword, and never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.cli.main import main

BROKEN = Path(__file__).parent / "data" / "broken"
HEADER = re.compile(r"^# (attendu|premier): (\d+):(\d+) (.+?)  \(")
FILES = sorted(BROKEN.glob("*.yaml"))


def test_corpus_is_large_enough() -> None:
    assert len(FILES) >= 35


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_broken_file_reports_problem_at_position(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    m = HEADER.match(header)
    assert m, f"en-tête « # attendu: L:C mot » manquant dans {path.name}"
    first, line, col, keyword = m.group(1) == "premier", m.group(2), m.group(3), m.group(4)
    status = main(["scenarios", "validate", str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    hits = [ln for ln in out.splitlines() if f":{line}:{col}: " in ln and keyword in ln]
    assert hits, f"attendu {line}:{col} « {keyword} », obtenu :\n{out}"
    if first:
        # Root cause first: the mistake gives one message, and nothing that follows from it.
        assert out.splitlines()[0] == hits[0], out
        assert "1 erreur," in out.splitlines()[-1], out
    assert out.strip().splitlines()[-1].startswith("1 fichier vérifié")


def test_python_tag_never_executes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canary = tmp_path / "pwned"
    scenario = tmp_path / "piege.yaml"
    scenario.write_text(
        "id: piege\n"
        f"titre: !!python/object/apply:os.system [\"touch {canary}\"]\n"
        f"version: !!python/object/apply:subprocess.call [[\"touch\", \"{canary}\"]]\n",
        encoding="utf-8")
    assert main(["scenarios", "validate", str(scenario)]) == 1
    out = capsys.readouterr().out
    assert "étiquette Python" in out
    assert not canary.exists()
    # The committed corpus file too.
    main(["scenarios", "validate", str(BROKEN / "etiquette-python.yaml")])
    assert not Path("/tmp/ntc-pwned-canary").exists()


def test_file_over_size_limit_is_refused(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "enorme.yaml"
    line = "# " + "x" * 1000 + "\n"
    big.write_text("id: enorme\n" + line * 2200, encoding="utf-8")   # ~2.2 MB
    assert big.stat().st_size > 2 * 1024 * 1024
    assert main(["scenarios", "validate", str(big)]) == 1
    out = capsys.readouterr().out
    assert f"{big}:1:1: fichier trop volumineux" in out or "enorme.yaml:1:1: fichier trop" in out


def test_one_megabyte_file_is_read_quickly(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "gros.yaml"
    filler = "".join(f"  - {{id: o{i}, texte: \"Objection numéro {i}.\"}}\n"
                     for i in range(25_000))
    big.write_text("id: gros\npersona:\n objections:\n" + filler.replace("  - ", "   - "),
                   encoding="utf-8")
    assert big.stat().st_size > 1024 * 1024
    assert main(["scenarios", "validate", str(big)]) == 1    # incomplete scenario, but read
    out = capsys.readouterr().out
    assert "champ obligatoire « titre » manquant" in out
    assert "Traceback" not in out


def test_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("id: cas\ntitre: \"Négociation\"\n".encode("latin-1"))
    assert main(["scenarios", "validate", str(bad)]) == 1
    assert "latin1.yaml:2:10: le fichier n'est pas encodé en UTF-8" in capsys.readouterr().out


def test_deep_nesting_generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "profond.yaml"
    deep.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert main(["scenarios", "validate", str(deep)]) == 1
    assert "imbrication trop profonde" in capsys.readouterr().out
