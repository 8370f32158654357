"""`ntc score LOG...`: score session logs against the referential (scoring package)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError
from simulator.cli.files import guard_output, write_output

FORMATS = ("table", "json", "csv", "html")

DESCRIPTION = """\
Évalue un ou plusieurs journaux de session (fichiers .jsonl, ou dossiers qui en contiennent)
selon les deux CCP du référentiel : chaque critère est « acquis », « non acquis » ou
« non évalué », avec les preuves (n° d'événements) et une justification. Les sessions d'un
même stagiaire sont regroupées ; les décisions de l'évaluateur (<journal>.eval.jsonl) sont
appliquées et signalées.

Chaque séance est rejouée par le moteur comme avec « ntc replay --verify » et n'est évaluée
que si le rejeu retrouve exactement les événements enregistrés (une divergence refuse le
journal en nommant le premier événement divergent). Un rejeu réussi est mémorisé dans le
dossier de données (clé : contenu du journal, scénario, version du moteur) : un même
journal n'est rejoué qu'une fois (NTC_VERIFY_CACHE=0 désactive ce cache).

Statut de sortie : 0 tout est évalué ; 1 un journal est refusé (altéré, divergent, étranger)
ou signalé (session incomplète, scénario modifié, signature non vérifiée, séance d'examen
non signée ou reprise sans l'évaluateur, session en double) — comme « replay --verify » ;
2 mauvaise utilisation (journal introuvable — les autres sont tout de même évalués —,
clé ou référentiel inconnus).
Avec --out, un journal, un scénario ou un fichier lu par la commande n'est jamais écrasé.
Clé de vérification des journaux signés : NTC_LOG_KEY ou NTC_LOG_KEY_FILE."""


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `ntc score`."""
    del scenario_commands
    parser = commands.add_parser(
        "score", help="évaluer des journaux de session selon les CCP du référentiel",
        description=DESCRIPTION)
    parser.add_argument("logs", nargs="+", metavar="JOURNAL",
                        help="journal de session (.jsonl) ou dossier de journaux")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="présentation : table (terminal), json, csv ou html "
                             "(grille imprimable) ; défaut : table")
    parser.add_argument("--referential", "--referentiel", dest="referential",
                        default=None, metavar="ID",
                        help="référentiel (fichier scoring/referentiels/ID.yaml) ; "
                             "défaut : TP-00338")
    parser.add_argument("--out", metavar="FICHIER",
                        help="écrire le rapport dans ce fichier au lieu de l'afficher")
    parser.set_defaults(handler=run)


def _existing(paths: list[str]) -> tuple[list[str], bool]:
    """The paths that exist; a missing one is reported (bad usage, like `replay`)."""
    kept: list[str] = []
    missing = False
    for given in paths:
        path = Path(given)
        if not given.strip() or not path.exists():      # Path("") would be "."
            print(f"ntc : journal introuvable : « {given} »" if not given.strip()
                  else f"ntc : journal introuvable : {given}", file=sys.stderr)
            missing = True
            continue
        if path.is_dir() and not any(path.glob("*.jsonl")):
            print(f"ntc : attention : {given} est un dossier sans journal de session (.jsonl)",
                  file=sys.stderr)
        kept.append(given)
    return kept, missing


def run(args: argparse.Namespace) -> int:
    """Score the logs, print problems on stderr and the report on stdout (or --out).

    Status: `report.status` (0/1), or 2 when a path given does not exist (the other logs
    are still scored) or the usage is wrong (key file, referential, --out).
    """
    from scoring import DEFAULT_REFERENTIAL, ScoringError, render, score_logs
    from scoring.scorer import expand_paths
    from simulator.log import LogError, sidecar_path, signing_key

    try:
        key = signing_key()
    except LogError as exc:
        raise UserError(str(exc), 2) from None
    paths, missing = _existing(list(args.logs))
    if not paths:
        return 2
    if args.out is not None:
        files = expand_paths(paths)
        guard_output(args.out, [*files, *(sidecar_path(f) for f in files)])
    from simulator.trust.bridge import make_auditor

    try:
        report = score_logs(paths, args.referential or DEFAULT_REFERENTIAL, key,
                            auditor=make_auditor())
    except ScoringError as exc:
        raise UserError(str(exc), 2) from None
    status = 2 if missing else report.status
    in_report = args.format == "table" and args.out is None and report.trainees
    for problem in () if in_report else report.problems:   # the table already shows them
        label = "refusé" if problem.refused else "attention"
        print(f"ntc : {label} : {problem.message}", file=sys.stderr)
    if not report.trainees and args.format == "table":
        print("ntc : aucune session n'a pu être évaluée.", file=sys.stderr)
        return max(status, 1)
    color = args.out is None and args.format == "table" and sys.stdout.isatty()
    text = render(report, args.format, color=color)
    if args.out is None:
        sys.stdout.write(text)
        return status
    write_output(args.out, text)
    print(f"Rapport écrit : {args.out}", file=sys.stderr)
    return status
