"""`ntc score LOG...`: score session logs against the referential (scoring package)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError

FORMATS = ("table", "json", "csv", "html")

DESCRIPTION = """\
Évalue un ou plusieurs journaux de session (fichiers .jsonl, ou dossiers qui en contiennent)
selon les deux CCP du référentiel : chaque critère est « acquis », « non acquis » ou
« non évalué », avec les preuves (n° d'événements) et une justification. Les sessions d'un
même stagiaire sont regroupées ; les décisions de l'évaluateur (<journal>.eval.jsonl) sont
appliquées et signalées.

Statut de sortie : 0 tout est évalué ; 1 un journal est refusé (altéré, étranger) ou signalé
(session incomplète, scénario inconnu ou modifié) ; 2 mauvaise utilisation.
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


def run(args: argparse.Namespace) -> int:
    """Score the logs, print problems on stderr and the report on stdout (or --out)."""
    from scoring import DEFAULT_REFERENTIAL, ScoringError, render, score_logs
    from simulator.log import LogError, signing_key

    try:
        key = signing_key()
    except LogError as exc:
        raise UserError(str(exc), 2) from None
    try:
        report = score_logs(args.logs, args.referential or DEFAULT_REFERENTIAL, key)
    except ScoringError as exc:
        raise UserError(str(exc), 2) from None
    in_report = args.format == "table" and args.out is None and report.trainees
    for problem in () if in_report else report.problems:   # the table already shows them
        label = "refusé" if problem.refused else "attention"
        print(f"ntc : {label} : {problem.message}", file=sys.stderr)
    if not report.trainees and args.format == "table":
        print("ntc : aucune session n'a pu être évaluée.", file=sys.stderr)
        return 1
    color = args.out is None and args.format == "table" and sys.stdout.isatty()
    text = render(report, args.format, color=color)
    if args.out is None:
        sys.stdout.write(text)
        return report.status
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"impossible d'écrire {args.out} : {exc.strerror or exc}.") from None
    print(f"Rapport écrit : {args.out}", file=sys.stderr)
    return report.status
