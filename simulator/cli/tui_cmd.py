"""`ntc` with no command, `ntc play`, `ntc replay LOG` (without --verify): open the app.

Textual is imported inside the handlers only: the CLI is also used headless and must start
fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.cli.argtypes import seed
from simulator.cli.errors import UserError

MODES = ("entrainement", "examen")


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `play` (opens the app in a scenario)."""
    del scenario_commands
    play = commands.add_parser(
        "play", help="ouvrir l'application directement dans un scénario",
        description="Ouvre l'application sur le dossier du scénario, prêt à jouer.")
    play.add_argument("scenario", metavar="SCENARIO",
                      help="identifiant d'un scénario livré ou chemin d'un fichier YAML")
    play.add_argument("--seed", type=seed, default=None, metavar="N",
                      help="graine du monde généré et des tirages (défaut : une nouvelle "
                           "graine à chaque séance d'entraînement ; 1 en examen)")
    play.add_argument("--trainee", metavar="NOM", help="nom du stagiaire")
    play.add_argument("--mode", choices=MODES, help="entrainement (défaut) ou examen")
    play.add_argument("--watch", "--surveiller", action="store_true", dest="watch",
                      help="recharger le scénario à chaque enregistrement et rejouer les "
                           "entrées déjà données, tant qu'elles s'appliquent")
    play.set_defaults(handler=open_play)


def _options(**kwargs: Any) -> Any:
    from simulator.tui.options import AppOptions
    from simulator.tui.storage import data_dir

    return AppOptions(data_dir=data_dir(), **kwargs)


def _run(options: Any) -> int:
    from simulator.tui.app import NtcApp

    result = NtcApp(options).run()
    return int(result or 0)


def open_home(args: argparse.Namespace) -> int:
    """Open the home screen."""
    del args
    return _run(_options())


def _check_scenario(ref: str) -> None:
    """Fail before starting Textual when the scenario cannot be found or loaded."""
    from simulator.scenario import ScenarioNotFound
    from simulator.tui import services

    try:
        services.load_scenario(ref)
    except services.ServiceError as exc:    # unknown id / missing file: bad usage (2)
        status = 2 if isinstance(exc.__cause__, ScenarioNotFound) else 1
        raise UserError(str(exc), status) from exc


def open_play(args: argparse.Namespace) -> int:
    """`ntc play SCENARIO`: the app opened on that scenario's dossier."""
    from simulator.tui.options import PlayRequest

    _check_scenario(args.scenario)
    request = PlayRequest(scenario=args.scenario, seed=args.seed, trainee=args.trainee,
                          mode=args.mode, watch=bool(getattr(args, "watch", False)))
    return _run(_options(play=request))


def open_replay(args: argparse.Namespace) -> int:
    """`ntc replay LOG` without --verify: the evaluator replay in the app."""
    path = Path(str(getattr(args, "log", None) or getattr(args, "LOG", "")))
    if not path.is_file():
        raise UserError(f"journal introuvable : {path}")
    return _run(_options(replay=path))
