"""Entry point of the `ntc` command.

The parser is built here; each command lives in its own module exposing
`register(commands, scenario_commands)` which adds sub-parsers and sets `handler`
(a function `(argparse.Namespace) -> int`). Handlers return the exit status of
DESIGN.md §3: 0 ok, 1 the thing checked failed, 2 bad usage. When the standard output
cannot be written, `main` returns 141 for a closed pipe (`ntc … | head -1`, silent) and 1
with a French message otherwise (`ntc … > /dev/full`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.cli.errors import UserError
from simulator.cli.french import FrenchParser

EXIT_BROKEN_PIPE = 141            # 128 + SIGPIPE, what a shell shows for `cmd | head -1`
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EPIPE})

DESCRIPTION = (
    "Simulateur d'entraînement à l'épreuve de synthèse du titre professionnel\n"
    "Négociateur technico-commercial (TP-00338).\n"
    "Sans commande, ouvre l'application."
)


def build_parser() -> argparse.ArgumentParser:
    """Build the whole `ntc` parser (importing command modules lazily keeps start-up fast)."""
    from simulator.cli import (
        authoring_cmd,
        livret_cmd,
        lrs_cmd,
        nlu_cmd,
        play_cmd,
        scenarios_cmd,
        score_cmd,
        serve_cmd,
        territory_cmd,
        tui_cmd,
    )

    parser = FrenchParser(prog="ntc", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"ntc {__version__}",
                        help="afficher la version et quitter")
    commands = parser.add_subparsers(title="commandes", dest="command", metavar="COMMANDE",
                                     parser_class=FrenchParser)
    scenarios = commands.add_parser(
        "scenarios", help="lister, valider, tester et dessiner les scénarios",
        description="Outils du formateur pour les scénarios.")
    scenario_commands = scenarios.add_subparsers(
        title="commandes", dest="scenario_command", metavar="COMMANDE",
        parser_class=FrenchParser, required=True)
    for module in (tui_cmd, scenarios_cmd, authoring_cmd, play_cmd, score_cmd, territory_cmd,
                   livret_cmd, lrs_cmd, serve_cmd, nlu_cmd):
        module.register(commands, scenario_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `ntc` and return its exit status."""
    _keep_file_name_bytes()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)    # SystemExit after --help, --version, usage error
    except OSError as exc:                # help or usage could not be written
        if not _stdout_failed(exc):
            raise
        return _stdout_error(exc)
    handler = getattr(args, "handler", None)
    if handler is None:
        from simulator.cli import tui_cmd

        handler = tui_cmd.open_home
    try:
        status = int(handler(args))
        sys.stdout.flush()          # a full disk or closed pipe shows up here, not at exit
        return status
    except UserError as exc:
        print(f"ntc : {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
    except OSError as exc:
        if not _stdout_failed(exc):
            raise
        return _stdout_error(exc)


def _keep_file_name_bytes() -> None:
    """Print non-UTF-8 file names back as their original bytes instead of crashing.

    Python reads such names as lone surrogates; a UTF-8 stdout with errors="strict" (the
    default under a fr_FR.UTF-8 locale) would raise UnicodeEncodeError on them.
    """
    stream = sys.stdout
    if (isinstance(stream, io.TextIOWrapper) and stream.errors == "strict"
            and stream.encoding.lower().replace("-", "").replace("_", "") == "utf8"):
        stream.reconfigure(errors="surrogateescape")


def _stdout_failed(exc: OSError) -> bool:
    """True when `exc` comes from writing the standard output (not from a file)."""
    if isinstance(exc, BrokenPipeError):
        return True
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return exc.filename is None and exc.errno in _OUTPUT_ERRNOS


def _stdout_error(exc: OSError) -> int:
    """End after a failed write to stdout: French message (except for a closed pipe).

    The output is redirected to /dev/null so the interpreter's final flush does not print
    « Exception ignored … » (recipe of the Python documentation on SIGPIPE). A closed pipe
    (`ntc … | head -1`) exits with 141 like a program killed by SIGPIPE (128 + 13), silently;
    any other failure (`> /dev/full`: disk full) prints why and exits with 1.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no file descriptor
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return EXIT_BROKEN_PIPE
    from simulator.oserrors import os_reason

    with contextlib.suppress(OSError):
        print(f"ntc : écriture de la sortie impossible : {os_reason(exc)}.", file=sys.stderr)
    return 1
