"""`ntc scenarios list | validate | graph` (the trainer's tools for the scenario library).

`validate` exit status: 0 when no file has an error (warnings allowed), 1 when any file has
an error — a path that does not exist counts as a failed check (status 1, French message).
`graph` exit status: 2 for an unknown id or a missing file (bad usage), 1 for an invalid
scenario; `-o` never overwrites the scenario, another scenario or a session log.
`scenarios test` and `scenarios fuzz` are registered by play_cmd (they need the engine).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.cli.files import guard_output, write_output
from simulator.cli.loading import load_or_fail

if TYPE_CHECKING:
    from simulator.scenario import Problem


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `list`, `validate` and `graph` to the `scenarios` group."""
    del commands
    p = scenario_commands.add_parser(
        "list", help="lister les scénarios fournis",
        description="Liste les scénarios fournis, regroupés par compétence : identifiant, "
                    "titre, compétences, durée et difficulté ; avec --chemins, le fichier de "
                    "chaque scénario (pour en copier un et l'adapter).")
    p.add_argument("--chemins", action="store_true", dest="show_paths",
                   help="afficher le chemin du fichier de chaque scénario")
    p.set_defaults(handler=run_list)

    p = scenario_commands.add_parser(
        "validate", help="vérifier des scénarios (toutes les vérifications statiques)",
        description="Vérifie la syntaxe YAML, les champs, les types, les cibles, les nœuds "
                    "inaccessibles, les impasses, les boucles sans issue, les expressions, "
                    "les espaces réservés et les preuves.\nChaque problème est affiché "
                    "« fichier:ligne:colonne: message ».\nSans chemin, vérifie tous les "
                    "scénarios fournis et leurs fragments. Un dossier vérifie ses fichiers "
                    ".yaml.\nCode de sortie : 0 sans erreur, 1 si au moins une erreur (ou un "
                    "fichier introuvable).")
    p.add_argument("paths", nargs="*", metavar="CHEMIN",
                   help="fichiers ou dossiers de scénarios, ou identifiants de scénarios "
                        "fournis")
    p.add_argument("--sans-avertissements", action="store_true", dest="no_warnings",
                   help="n'afficher que les erreurs")
    p.add_argument("--watch", "--surveiller", action="store_true", dest="watch",
                   help="surveiller les fichiers (et leurs fragments) et revérifier à chaque "
                        "enregistrement, jusqu'à Ctrl+C")
    p.set_defaults(handler=run_validate)

    p = scenario_commands.add_parser(
        "graph", help="dessiner le graphe d'un scénario (Mermaid ou DOT)",
        description="Affiche le diagramme des états (nœuds) et des transitions (choix) "
                    "d'un scénario, au format Mermaid (par défaut) ou Graphviz DOT.")
    p.add_argument("path", metavar="SCENARIO", help="fichier ou identifiant d'un scénario fourni")
    p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                   help="format de sortie (par défaut : mermaid)")
    p.add_argument("--sortie", "-o", metavar="FICHIER", dest="output",
                   help="écrire le diagramme dans ce fichier au lieu de l'afficher")
    p.set_defaults(handler=run_graph)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def run_validate(args: argparse.Namespace) -> int:
    from simulator.scenario import shipped_scenarios
    from simulator.scenario.library import ScenarioNotFound, resolve, shipped_fragments

    targets: list[Path] = []
    missing = 0
    if args.paths:
        for ref in args.paths:
            if Path(ref).is_dir():
                found = sorted(p for p in Path(ref).glob("*.yaml") if p.is_file())
                targets.extend(found)
                if not found:
                    print(f"{ref}: aucun fichier .yaml dans ce dossier")
                    missing += 1
                continue
            if Path(ref).exists() and not Path(ref).is_file():
                print(f"{ref}: ce n'est pas un fichier ordinaire (périphérique, tube…) : "
                      "donnez le chemin d'un fichier .yaml")
                missing += 1
                continue
            try:
                targets.append(resolve(ref))
            except ScenarioNotFound as exc:
                print(f"{ref}: {exc}", file=sys.stdout)
                missing += 1
    else:
        from simulator.nlu.dataset import act_files

        targets = shipped_scenarios() + shipped_fragments() + act_files()
        if not targets:
            print("Aucun scénario fourni à vérifier.")
            return 0
    if args.watch and targets:
        from simulator.cli.authoring_cmd import watch_validate

        return watch_validate(targets, lambda: _report(targets, missing, args.no_warnings))
    return _report(targets, missing, args.no_warnings)


def _report(targets: list[Path], missing: int, no_warnings: bool) -> int:
    """Check `targets`, print every problem and the summary; the exit status."""
    from simulator.scenario import format_problem, validate
    from simulator.scenario.problems import display_path

    errors = warnings = bad_files = 0
    shown: set[tuple[object, str]] = set()
    act_problems = _act_problems(targets)
    for path in targets:
        if path in act_problems:
            problems = act_problems[path]
        else:
            problems = [p for p in validate(path) if (p.pos, p.message) not in shown]
        shown.update((p.pos, p.message) for p in problems)
        file_errors = sum(1 for p in problems if p.is_error)
        errors += file_errors
        warnings += len(problems) - file_errors
        bad_files += 1 if file_errors else 0
        for p in problems:
            if p.is_error or not no_warnings:
                print(format_problem(p))
        if not problems and len(targets) > 1:
            print(f"{display_path(str(path))} : valide")
    checked = len(targets)
    summary = (f"{_plural(checked, 'fichier')} vérifié{'s' if checked > 1 else ''} : "
               f"{_plural(errors, 'erreur')}, {_plural(warnings, 'avertissement')}")
    if missing:
        summary += f", {_plural(missing, 'fichier')} introuvable{'s' if missing > 1 else ''}"
    print(summary + ".")
    return 1 if errors or missing else 0


def _act_problems(targets: list[Path]) -> dict[Path, list[Problem]]:
    """Problems of the act training files among `targets`, linted with their whole folder
    (a duplicate across acts needs the other files); other files of the folder stay silent."""
    from simulator.nlu.dataset import act_files, is_act_file, load_acts

    wanted = [t for t in targets if is_act_file(t)]
    out: dict[Path, list[Problem]] = {t: [] for t in wanted}
    for folder in sorted({t.parent.resolve() for t in wanted}):
        _data, problems = load_acts(act_files(folder))
        for problem in problems:
            target = next((t for t in wanted if _same_file(problem.pos.path, t)), None)
            if target is not None:
                out[target].append(problem)
    return out


def _same_file(display: str, target: Path) -> bool:
    try:
        return Path(display).resolve() == target.resolve()
    except OSError:
        return False


def _load(ref: str) -> Any:
    return load_or_fail(ref, _invalid_message)


def _invalid_message(problems: Sequence[Problem]) -> str:
    from simulator.scenario import format_problem

    lines = [format_problem(p) for p in problems if p.is_error][:20]
    return ("scénario invalide (corrigez-le avec « ntc scenarios validate ») :\n"
            + "\n".join(lines))


def run_graph(args: argparse.Namespace) -> int:
    from simulator.scenario.graph import render

    if args.output:
        guard_output(args.output, [args.path])
    scenario = _load(args.path)
    text = render(scenario, args.format)
    if args.output:
        write_output(args.output, text, [args.path, scenario.path])
        print(f"Diagramme écrit dans {args.output}.")
    else:
        sys.stdout.write(text)
    return 0


def _duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def run_list(args: argparse.Namespace) -> int:
    from simulator.scenario import shipped_scenarios
    from simulator.scenario.summaries import summarise

    rows: list[tuple[str, str, tuple[str, ...], str, str]] = []
    files: dict[str, str] = {}
    broken: list[str] = []
    for summary in summarise(shipped_scenarios()):     # cached by file hash
        if not summary.playable:
            broken.append(Path(summary.path).stem)
            if not summary.built:
                continue
        rows.append((summary.id, summary.title, summary.competences,
                     _duration(summary.duration_min), summary.difficulty))
        files[summary.id] = str(Path(summary.path).resolve())
    if not rows:
        print("Aucun scénario fourni.")
        return 0
    groups: dict[str, list[tuple[str, str, tuple[str, ...], str, str]]] = {}
    for row in rows:
        for comp in row[2] or ("(sans compétence)",):
            groups.setdefault(comp, []).append(row)
    headers: tuple[str, ...] = ("Identifiant", "Titre", "Compétences", "Durée", "Difficulté")
    table: list[tuple[str, ...]] = [(r[0], r[1], ", ".join(r[2]), r[3], r[4]) for r in rows]
    if args.show_paths:
        headers = (*headers, "Fichier")
        table = [(*t, files[t[0]]) for t in table]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    widths[1] = min(widths[1], 60)

    def fmt(cells: tuple[str, ...]) -> str:
        out = []
        for cell, width in zip(cells, widths, strict=True):
            cell = cell if len(cell) <= width else cell[: width - 1] + "…"
            out.append(cell.ljust(width))
        return "  ".join(out).rstrip()

    for comp in sorted(groups, key=_comp_key):
        print(f"\n{_competence_title(comp)}")
        print(fmt(headers))
        print(fmt(tuple("-" * w for w in widths)))
        for r in sorted(groups[comp]):
            cells = (r[0], r[1], ", ".join(r[2]), r[3], r[4])
            print(fmt((*cells, files[r[0]]) if args.show_paths else cells))
    print(f"\n{_plural(len(rows), 'scénario')} fourni{'s' if len(rows) > 1 else ''}.")
    if broken:
        print("À corriger (ntc scenarios validate) : " + ", ".join(broken))
    return 0


def _comp_key(comp: str) -> tuple[int, str]:
    digits = "".join(ch for ch in comp if ch.isdigit())
    return (int(digits) if digits else 999, comp)


def _competence_title(comp: str) -> str:
    from simulator.scenario.referential import load_referential_ids

    ref = load_referential_ids("TP-00338")
    title = ref.title(comp) if ref is not None else ""
    return f"{comp} — {title}" if title else comp
