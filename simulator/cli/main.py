"""Entry point of the `ntc` command.

The parser is built here; each command lives in its own module exposing
`register(commands, scenario_commands)` which adds sub-parsers and sets `handler`
(a function `(argparse.Namespace) -> int`). Handlers return the exit status of
DESIGN.md §3: 0 ok, 1 the thing checked failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.cli.errors import UserError
from simulator.cli.french import FrenchParser

DESCRIPTION = (
    "Simulateur d'entraînement à l'épreuve de synthèse du titre professionnel\n"
    "Négociateur(trice) technico-commercial(e) (TP-00338).\n"
    "Sans commande, ouvre l'application."
)


def build_parser() -> argparse.ArgumentParser:
    """Build the whole `ntc` parser (importing command modules lazily keeps start-up fast)."""
    from simulator.cli import (
        play_cmd,
        scenarios_cmd,
        score_cmd,
        territory_cmd,
        tui_cmd,
    )

    parser = FrenchParser(prog="ntc", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"ntc {__version__}")
    commands = parser.add_subparsers(title="commandes", dest="command", metavar="COMMANDE",
                                     parser_class=FrenchParser)
    scenarios = commands.add_parser(
        "scenarios", help="lister, valider, tester et dessiner les scénarios",
        description="Outils du formateur pour les scénarios.")
    scenario_commands = scenarios.add_subparsers(
        title="commandes", dest="scenario_command", metavar="COMMANDE",
        parser_class=FrenchParser, required=True)
    for module in (tui_cmd, scenarios_cmd, play_cmd, score_cmd, territory_cmd):
        module.register(commands, scenario_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `ntc` and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from simulator.cli import tui_cmd

        handler = tui_cmd.open_home
    try:
        return int(handler(args))
    except UserError as exc:
        print(f"ntc : {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
