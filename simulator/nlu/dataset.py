"""The act training data: one YAML file per dialogue act under `scenarios/actes/`.

Trainers extend it like any scenario file, so it is read with the scenario reader (positions,
YAML traps, French problems) and linted by `ntc scenarios validate`: unknown act, an example
given to two acts, too few examples, a bad pattern. An act may be spread over several files
(`concession.yaml`, `concession-salon.yaml`): they are merged.

    acte: reformulation
    description: "Le stagiaire reprend les propos du client…"
    exemples:
      - "Si je comprends bien, vous voulez réduire vos arrêts."
    motifs:
      - {motif: "\\bsi je comprends bien\\b", poids: 3}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from simulator.nlu.text import normalise
from simulator.scenario.fields import Reader, did_you_mean
from simulator.scenario.model import ACT_ALIASES, ACTS, ChoicePattern, Pos, Text
from simulator.scenario.problems import Problem, display_path
from simulator.scenario.yamlsource import YamlFailure, compose_file

MIN_EXAMPLES = 40           # below: a warning (the act is poorly learnt)
MIN_EXAMPLES_ERROR = 10     # below: an error (the act cannot be learnt)
FILE_FIELDS = ("acte", "description", "exemples", "motifs")


@dataclass(frozen=True)
class ActData:
    """One act's description, examples and weighted patterns, with their positions."""

    act: str
    description: str
    examples: tuple[Text, ...]
    patterns: tuple[ChoicePattern, ...]
    path: Path
    pos: Pos


def acts_dir() -> Path:
    """The shipped training folder (`scenarios/actes/`)."""
    from simulator.scenario.library import scenarios_dir

    return scenarios_dir() / "actes"


def act_files(folder: Path | None = None) -> list[Path]:
    return sorted(p for p in (folder or acts_dir()).glob("*.yaml") if p.is_file())


def is_act_file(path: Path) -> bool:
    """True for a file of an `actes` folder (validated as training data, not as a scenario)."""
    return path.parent.name == "actes" and path.suffix in (".yaml", ".yml")


def _display(path: Path) -> str:
    return display_path(str(path.resolve()))


class _ActReader(Reader):
    def read(self, path: Path) -> ActData | None:
        display = _display(path)
        try:
            root, problems = compose_file(path, display)
        except YamlFailure as exc:
            self.problems.extend(exc.problems)
            return None
        self.problems.extend(problems)
        if root is None:
            self.report(Pos(display, 1, 1), "fichier vide : un fichier d'acte attend « acte », "
                                            "« description » et « exemples »")
            return None
        if self.mapping(root, "le fichier d'acte", FILE_FIELDS,
                        ("acte", "exemples")) is None:
            return None
        act = self.ident(root.get("acte"), "acte")
        act_node = root.get("acte")
        known = act is not None and act_node is not None
        if known and act in ACT_ALIASES:
            self.report(act_node.pos, f"acte « {act} » : c'est un ancien nom, écrivez "  # type: ignore[union-attr]
                                      f"« {ACT_ALIASES[act]} »")
            known = False
        elif known and act not in ACTS:
            self.report(act_node.pos,  # type: ignore[union-attr]
                        f"acte inconnu « {act} »{did_you_mean(str(act), ACTS)}")
            known = False
        elif known and not path.stem.startswith(str(act)):
            self.report(act_node.pos,  # type: ignore[union-attr]
                        f"le nom du fichier de l'acte « {act} » devrait commencer par « {act} »",
                        "avertissement")
        examples = self.list_of(root.get("exemples"), "exemples", self.text)
        for ex in examples:
            if not normalise(ex.value):
                self.report(ex.pos, "exemples : exemple vide")
        examples = [ex for ex in examples if normalise(ex.value)]
        patterns = self.list_of(root.get("motifs"), "motifs", self.pattern)
        description = self.string(root.get("description"), "description") or ""
        if not known or act is None:
            return None
        return ActData(act, description, tuple(examples), tuple(patterns), path, root.pos)


def load_acts(paths: list[Path] | None = None) -> tuple[list[ActData], list[Problem]]:
    """Read the act files (default: the shipped folder) and lint them as one set."""
    files = paths if paths is not None else act_files()
    reader = _ActReader()
    data = [d for d in (reader.read(p) for p in files) if d is not None]
    problems = list(reader.problems) + _lint(data)
    problems.sort(key=lambda p: (p.pos.path, p.pos.line, p.pos.col))
    return data, problems


def _lint(data: list[ActData]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, tuple[str, Pos]] = {}
    counts: dict[str, int] = {}
    first: dict[str, ActData] = {}
    for d in data:
        first.setdefault(d.act, d)
        counts[d.act] = counts.get(d.act, 0) + len(d.examples)
        for ex in d.examples:
            key = normalise(ex.value)
            if key not in seen:
                seen[key] = (d.act, ex.pos)
                continue
            other_act, other_pos = seen[key]
            if other_act == d.act:
                where = f"ligne {other_pos.line}" if other_pos.path == ex.pos.path \
                    else str(other_pos)
                problems.append(Problem(ex.pos, f"exemple en double (déjà donné {where})",
                                        "avertissement"))
            else:
                problems.append(Problem(ex.pos, f"exemple déjà donné à l'acte « {other_act} » "
                                                f"({other_pos}) : un même texte ne peut pas "
                                                "apprendre deux actes"))
    for act, count in counts.items():
        pos = first[act].pos
        if count < MIN_EXAMPLES_ERROR:
            problems.append(Problem(pos, f"acte « {act} » : {count} exemple"
                                         f"{'s' if count > 1 else ''} seulement, il en faut au "
                                         f"moins {MIN_EXAMPLES_ERROR} (visez {MIN_EXAMPLES} et "
                                         "plus, variés)"))
        elif count < MIN_EXAMPLES:
            problems.append(Problem(pos, f"acte « {act} » : {count} exemples seulement ; visez "
                                         f"au moins {MIN_EXAMPLES} exemples variés",
                                    "avertissement"))
    return problems


def missing_acts(data: list[ActData]) -> list[str]:
    present = {d.act for d in data}
    return [a for a in ACTS if a not in present]


def training_pairs(data: list[ActData]) -> list[tuple[str, str]]:
    """(text, act) pairs of every file; a text given to two acts stays with the first."""
    owner: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for d in data:
        for ex in d.examples:
            key = normalise(ex.value)
            if key in owner:
                continue
            owner[key] = d.act
            pairs.append((ex.value, d.act))
    return pairs


def inputs_sha256(data: list[ActData]) -> str:
    """SHA-256 of what training reads (acts, examples, patterns): names the model's inputs."""
    canon = [{"acte": d.act, "fichier": d.path.name,
              "exemples": [e.value for e in d.examples],
              "motifs": [[p.regex, p.weight] for p in d.patterns]}
             for d in sorted(data, key=lambda d: (d.act, d.path.name))]
    text = json.dumps(canon, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
