"""The act training files and their lint (`ntc scenarios validate` on scenarios/actes/)."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator.nlu.dataset import act_files, acts_dir, load_acts, training_pairs
from simulator.scenario.model import ACTS


def folder_with(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / "actes"
    shutil.copytree(acts_dir(), target)
    (target / name).write_text(text, encoding="utf-8")
    return target


def messages(folder: Path) -> list[str]:
    _data, problems = load_acts(act_files(folder))
    return [f"{p.pos.path.rsplit('/', 1)[-1]}:{p.pos.line}:{p.pos.col}: {p.message}"
            for p in problems]


def test_shipped_files_cover_every_act_with_many_examples() -> None:
    data, problems = load_acts()
    assert problems == []
    counts = {a: 0 for a in ACTS}
    for d in data:
        counts[d.act] += len(d.examples)
    assert min(counts.values()) >= 60
    assert len(training_pairs(data)) == sum(counts.values())


def test_unknown_act_and_bad_patterns_are_located(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "extra.yaml", (
        'acte: concesion\nexemples:\n  - "Je vous fais 2 %."\n'
        'motifs:\n  - "a("\n  - "Bonjour"\n  - {motif: "x", poids: 20}\n'))
    found = messages(folder)
    assert any(m.startswith("extra.yaml:1:7: acte inconnu « concesion » ; vouliez-vous dire "
                            "« concession »") for m in found)
    assert any(m.startswith("extra.yaml:5:6: motifs : motif « a( » invalide") for m in found)
    assert any(m.startswith("extra.yaml:6:6: motifs : motif « Bonjour » ne peut jamais")
               for m in found)
    assert any("poids : un nombre entre 0 (exclu) et 10" in m for m in found)


def test_an_example_given_to_two_acts_is_an_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "concession-plus.yaml", (
        'acte: concession\nexemples:\n  - "BONJOUR madame !"\n'))
    found = messages(folder)
    assert any("exemple déjà donné à l'acte « concession »" in m or
               "exemple déjà donné à l'acte « salutation »" in m for m in found)


def test_too_few_examples(tmp_path: Path) -> None:
    target = tmp_path / "actes"
    target.mkdir()
    (target / "relance.yaml").write_text('acte: relance\nexemples:\n  - "Je vous relance."\n',
                                         encoding="utf-8")
    assert messages(target) == ["relance.yaml:1:1: acte « relance » : 1 exemple seulement, il "
                                "en faut au moins 10 (visez 40 et plus, variés)"]


def test_an_alias_is_refused_in_act_files(tmp_path: Path) -> None:
    target = tmp_path / "actes"
    target.mkdir()
    (target / "argument.yaml").write_text('acte: argument\nexemples: ["a"]\n', encoding="utf-8")
    assert "c'est un ancien nom, écrivez « argumentation »" in messages(target)[0]


def test_choices_accept_examples_and_patterns(tmp_path: Path) -> None:
    """A trainer can add phrasings (`exemples`) and patterns (`motifs`) to a choice."""
    from simulator.scenario import validate
    from simulator.scenario.loader import load_file

    src = tmp_path / "s.yaml"
    src.write_text(
        'id: s\ntitre: "T"\nversion: "1"\ncompetences: [C1]\nduree: "5 min"\ndebut: a\n'
        "noeuds:\n  a:\n    type: dialogue\n    texte: \"Allô ?\"\n    choix:\n"
        "      - id: c\n        texte: \"Bonjour.\"\n        actes: [salutation]\n"
        "        exemples: [\"bjr\", \"salut\"]\n"
        "        motifs: [\"\\\\bbonjour\\\\b\", {motif: \"\\\\bsalut\\\\b\", poids: 2}]\n"
        "        suite: f\n  f:\n    type: fin\n    issue: succes\n    texte: \"Fin.\"\n",
        encoding="utf-8")
    scenario, _problems = load_file(src, str(src))
    assert scenario is not None
    choice = scenario.nodes["a"].choices[0]
    assert [e.value for e in choice.examples] == ["bjr", "salut"]
    assert [(p.regex, p.weight) for p in choice.patterns] == [(r"\bbonjour\b", 1.0),
                                                              (r"\bsalut\b", 2.0)]
    src.write_text(src.read_text(encoding="utf-8").replace(r"\\bsalut\\b", "Salut("),
                   encoding="utf-8")
    assert any("motif « Salut( » invalide" in p.message for p in validate(src))


def test_new_acts_and_aliases_are_accepted_in_scenarios() -> None:
    from simulator.scenario.model import SPEECH_ACTS, canonical_act

    assert {"demande_interlocuteur", "proposition_rdv", "argument", "contrepartie"} <= SPEECH_ACTS
    assert canonical_act("argument") == "argumentation"
    assert canonical_act("contrepartie") == "demande_contrepartie"
