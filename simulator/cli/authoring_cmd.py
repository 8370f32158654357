"""`ntc scenarios test | schema` and `validate --watch`: the trainer's writing loop.

`test` prints one French line per plan, a French summary, then the line
`N passed, N failed` that tools read (DESIGN.md §3). Exit status 1 when a plan fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.cli.errors import UserError

if TYPE_CHECKING:
    from simulator.authoring.watch import Watcher


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `scenarios test` and `scenarios schema`."""
    del commands
    test = scenario_commands.add_parser(
        "test", help="exécuter les plans de test des scénarios",
        description="Exécute les plans de test écrits dans les scénarios (tous les scénarios "
                    "livrés si aucun chemin n'est donné) : étapes, nœud et issue atteints, "
                    "variables, preuves, et décisions de l'évaluation par critère.\n"
                    "La dernière ligne « N passed, N failed » est destinée aux outils.")
    test.add_argument("paths", nargs="*", metavar="CHEMIN",
                      help="fichier de scénario ou identifiant livré (plusieurs possibles)")
    test.set_defaults(handler=test_command)

    schema = scenario_commands.add_parser(
        "schema", help="écrire le schéma JSON du langage de scénarios (pour les éditeurs)",
        description="Écrit le schéma JSON (draft 2020-12) du langage de scénarios : "
                    "complétion, aide au survol et vérification dans VS Code (extension "
                    "YAML) ou tout éditeur qui lit les schémas JSON.",
        epilog="exemple : ntc scenarios schema --sortie .vscode/ntc-scenario.schema.json")
    schema.add_argument("--sortie", "-o", metavar="FICHIER", dest="output",
                        help="écrire le schéma dans ce fichier au lieu de l'afficher")
    schema.set_defaults(handler=schema_command)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n <= 1 else (plural or word + 's')}"


def test_command(args: argparse.Namespace) -> int:
    from simulator.authoring.testplans import run_plans_graded
    from simulator.cli.loading import load_checked as load
    from simulator.engine.worlds import WorldCache
    from simulator.scenario import shipped_scenarios
    from simulator.scenario.problems import display_path

    refs = list(args.paths) or [str(p) for p in shipped_scenarios()]
    passed = failed = 0
    worlds = WorldCache()
    for ref in refs:
        try:
            scenario = load(ref)
        except UserError as exc:
            failed += 1
            print(f"✗ {ref} : {exc}")
            continue
        shown = display_path(scenario.path)
        if not scenario.tests:
            print(f"· {shown} : aucun plan de test")
        for result in run_plans_graded(scenario, worlds):
            if result.ok:
                passed += 1
                print(f"✓ {shown} — {result.name}")
            else:
                failed += 1
                print(f"✗ {shown} — {result.name} : {result.reason}")
                if result.pos is not None:
                    print(f"    {result.pos}")
    total = passed + failed
    verdict = "tous réussis" if not failed else _plural(failed, "échec") + \
        f" sur {_plural(total, 'plan')}"
    print(f"Plans de test : {_plural(passed, 'réussi')}, {_plural(failed, 'échoué')} "
          f"({verdict}).")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def watch_validate(targets: list[Path], check: Callable[[], int],
                   watcher: Watcher | None = None) -> int:
    """Check now, then again after every save, until Ctrl+C (exit status of the last check)."""
    import time

    from simulator.authoring.watch import Watcher

    watcher = watcher or Watcher(targets)
    status = check()
    print("Surveillance des fichiers : chaque enregistrement relance la vérification "
          "(Ctrl+C pour arrêter).", flush=True)

    def again(changed: list[Path]) -> None:
        nonlocal status
        names = ", ".join(p.name for p in changed)
        print(f"\n— {time.strftime('%H:%M:%S')} : {names} modifié, nouvelle vérification —",
              flush=True)
        status = check()
        sys.stdout.flush()

    try:
        watcher.run(again)
    except KeyboardInterrupt:
        print("\nSurveillance arrêtée.")
    return status


def schema_command(args: argparse.Namespace) -> int:
    import json

    from simulator.authoring.schema import scenario_schema
    from simulator.cli.files import guard_output, write_output

    text = json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        guard_output(args.output, [])
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        write_output(args.output, text, [])
        print(f"Schéma écrit dans {args.output}.")
    else:
        sys.stdout.write(text)
    return 0
