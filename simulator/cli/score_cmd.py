"""`ntc score LOG...`: score session logs against the referential (scoring package)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError
from simulator.cli.files import guard_output

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
journal n'est rejoué qu'une fois (NTC_VERIFY_CACHE=0 désactive ce cache). Le résultat
d'une séance évaluée est lui aussi mémorisé, et réutilisé seulement pour des octets
identiques : même journal, même fichier d'évaluation, même monde, même scénario, même
version du simulateur, même clé et même référentiel (un octet modifié et tout est relu et
rejoué) ; le rapport d'un stagiaire n'est recomposé que si l'une de ses séances, l'un de
ses avertissements ou une décision de l'évaluateur a changé. Le registre du centre, le
registre des évaluations et les sessions en double sont vérifiés à chaque fois
(NTC_SCORE_CACHE=0 désactive ces caches).

Statut de sortie : 0 tout est évalué ; 1 un journal est refusé (altéré, divergent, étranger)
ou signalé (session incomplète, scénario modifié, signature non vérifiée, séance d'examen
non signée ou reprise sans l'évaluateur, séance en double) — comme « replay --verify » ;
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
    parser.add_argument("--detail", action="store_true",
                        help="format table : la grille complète de chaque stagiaire même pour "
                             "une grande cohorte (au-delà de 30 journaux, une synthèse d'une "
                             "ligne par stagiaire est affichée par défaut)")
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
    """Score the logs trainee by trainee, writing the report as it is produced.

    Status: the cohort's (0/1), or 2 when a path given does not exist (the other logs
    are still scored) or the usage is wrong (key file, referential, --out).
    """
    from scoring import DEFAULT_REFERENTIAL, ScoringError
    from scoring.cohort import Cohort
    from scoring.render.stream import COMPACT_AT, write_report
    from scoring.scorer import expand_paths
    from simulator.log import LogError, sidecar_path, signing_key
    from simulator.trust.bridge import make_auditor
    from simulator.trust.scorecache import ReportCache

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
    try:
        cohort = Cohort(paths, args.referential or DEFAULT_REFERENTIAL, key,
                        auditor=make_auditor(), reports=ReportCache())
    except ScoringError as exc:
        raise UserError(str(exc), 2) from None
    table = args.format == "table"
    # The detailed table shows the problems at its top; the summary, at its end.
    in_report = table and args.out is None
    color = args.out is None and table and sys.stdout.isatty() and (
        args.detail or len(cohort) <= COMPACT_AT)
    if args.out is None:
        write_report(cohort, args.format, sys.stdout, color=color, detail=args.detail)
        sys.stdout.flush()
    else:
        _write_file(args.out, cohort, args.format, args.detail)
    status = 2 if missing else cohort.status
    if not in_report or cohort.sessions_scored == 0:
        for problem in cohort.problems:
            label = "refusé" if problem.refused else "attention"
            print(f"ntc : {label} : {problem.message}", file=sys.stderr)
    if cohort.sessions_scored == 0 and table:
        print("ntc : aucune session n'a pu être évaluée.", file=sys.stderr)
        return max(status, 1)
    if args.out is not None:
        print(f"Rapport écrit : {args.out}", file=sys.stderr)
    return status


def _write_file(out: str, cohort: Any, fmt: str, detail: bool) -> None:
    """Stream the report into a new file beside `out`, then move it in place."""
    import os

    from scoring.render.stream import write_report
    from simulator.cli.files import os_reason

    target = Path(out)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            write_report(cohort, fmt, handle, detail=detail)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"impossible d'écrire {out} : {os_reason(exc)}", 1) from None
