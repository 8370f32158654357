"""`ntc livret [STAGIAIRE]`, `ntc livret import LOG...`, `ntc livret rebuild`, `ntc cohorte`.

Thin: parse, open the centre records (simulator.centre), print. Every records fault is a
French UserError; the logs are never written by these commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError
from simulator.cli.files import write_output

LIVRET_FORMATS = ("table", "json", "html")
COHORT_FORMATS = ("table", "json", "csv", "html")

LIVRET_USAGE = ("ntc livret [STAGIAIRE] [--format table|json|html] [--out FICHIER]\n"
                "       ntc livret import JOURNAL [JOURNAL…]\n"
                "       ntc livret rebuild [DOSSIER|JOURNAL…]")
LIVRET_DESCRIPTION = """\
Le livret de certification d'un ou d'une stagiaire, tenu par le registre du centre : CCP et
compétences acquis avec leur date et les séances qui les ont décidés, fin de la période de
capitalisation (cinq ans après le premier CCP acquis), titre, séances.

  ntc livret                 liste les stagiaires du registre
  ntc livret "Léa Roux"      livret de Léa Roux (casse et accents ignorés)
  ntc livret import J…       enregistre des journaux faits ailleurs (chacun vérifié et rejoué)
  ntc livret rebuild [D…]    recrée le registre à partir des journaux (index du registre,
                             dossier sessions/ des données, dossiers ou journaux donnés) ;
                             l'ancien fichier est gardé à côté

Registre : <données>/centre.sqlite3 (NTC_DATA_DIR pour un autre dossier)."""


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `livret` and `cohorte`."""
    del scenario_commands
    livret = commands.add_parser(
        "livret", help="livret de certification d'un stagiaire ; import, reconstruction",
        usage=LIVRET_USAGE, description=LIVRET_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    livret.add_argument("words", nargs="*", metavar="STAGIAIRE",
                        help="nom du ou de la stagiaire, ou « import JOURNAL… », "
                             "ou « rebuild »")
    livret.add_argument("--format", choices=LIVRET_FORMATS, default=None,
                        help="présentation du livret : table (terminal), json ou html ; "
                             "défaut : table")
    livret.add_argument("--out", metavar="FICHIER",
                        help="écrire le livret dans ce fichier au lieu de l'afficher")
    livret.set_defaults(handler=livret_command)

    cohort = commands.add_parser(
        "cohorte", help="qui a acquis quel CCP et quelle compétence, et quand",
        description="Tableau de la cohorte : une ligne par stagiaire, une colonne par CCP "
                    "et par compétence, avec la date d'acquisition ou l'état (en cours, non "
                    "acquis, non évalué).\nLe CSV s'ouvre tel quel dans un tableur français "
                    "(séparateur « ; », UTF-8 avec BOM, dates JJ/MM/AAAA).")
    cohort.add_argument("--format", choices=COHORT_FORMATS, default="table",
                        help="table (terminal), json, csv ou html ; défaut : table")
    cohort.add_argument("--out", metavar="FICHIER",
                        help="écrire le tableau dans ce fichier au lieu de l'afficher")
    cohort.set_defaults(handler=cohort_command)


def _usage(message: str) -> UserError:
    """Bad usage (status 2), French typography applied."""
    from simulator.centre.text import typo

    return UserError(typo(message), 2)


def _records() -> Any:
    from simulator.centre import CentreError, CentreRecords

    try:
        return CentreRecords()
    except CentreError as exc:
        raise UserError(str(exc), 1) from None


def _emit(text: str, out: str | None, what: str) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    write_output(out, text)
    print(f"{what} écrit : {out}", file=sys.stderr)


def livret_command(args: argparse.Namespace) -> int:
    words: list[str] = list(args.words)
    if words and words[0] in ("import", "rebuild"):
        if args.format is not None or args.out is not None:
            raise _usage(f"--format et --out ne s'utilisent pas avec « livret {words[0]} »")
        return import_command(words[1:]) if words[0] == "import" else rebuild_command(words[1:])
    from simulator.centre import CentreError
    from simulator.centre.livret import load_livret
    from simulator.centre.render_livret import render

    name = " ".join(words).strip()
    if not name and (args.format not in (None, "table") or args.out is not None):
        raise _usage("indiquez le nom du ou de la stagiaire (« ntc livret NOM --format "
                     f"{args.format or 'html'} ») ; « ntc cohorte --format json » donne "
                     "toute la cohorte")
    records = _records()
    try:
        if not name:
            return _list_trainees(records)
        livret = load_livret(records, name)
        text = render(livret, args.format or "table")
    except CentreError as exc:
        status = 2 if exc.kind == "unknown_trainee" else 1
        raise UserError(str(exc), status) from None
    finally:
        records.close()
    _emit(text, args.out, "Livret")
    return 0


def _list_trainees(records: Any) -> int:
    from simulator.centre.cohort import load_cohort
    from simulator.centre.text import plural, typo

    cohort = load_cohort(records)
    if not cohort.rows:
        print(typo("Le registre du centre est vide : « ntc livret import JOURNAL… » enregistre "
                   "des séances (celles jouées avec « ntc run » ou l'application le sont "
                   "d'elles-mêmes)."))
        return 0
    print(typo(f"{plural(len(cohort.rows), 'stagiaire')} dans le registre du centre "
               f"({records.path}) :"))
    ccps = [c.id for c in cohort.columns if c.kind == "ccp"]
    for row in cohort.rows:
        acquired = [c for c in ccps if row.cell(c)[0] == "acquis"]
        state = ("titre obtenu" if row.title_on else
                 f"{', '.join(acquired)} acquis" if acquired else "aucun CCP acquis")
        print(typo(f"  {row.trainee} — {plural(row.sessions, 'séance')}, {state}"))
    print(typo("Livret d'un ou d'une stagiaire : « ntc livret NOM »."))
    return 0


def import_command(paths: list[str]) -> int:
    """Verify (hash chain and replay) then register each log; status 1 if one is refused."""
    from scoring.sources import ScenarioCache
    from simulator.centre import CentreError
    from simulator.centre.ingest import LogRejected, ingest_log
    from simulator.centre.lrs import load_config
    from simulator.centre.text import plural, typo
    from simulator.engine.replay import verify_log
    from simulator.log import LogError, signing_key

    if not paths:
        raise _usage("« ntc livret import » attend au moins un journal de séance (.jsonl)")
    try:
        key = signing_key()
    except LogError as exc:
        raise UserError(str(exc), 2) from None
    from simulator.centre.rebuild import find_logs

    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        print(typo(f"ntc : journal introuvable : {p}"), file=sys.stderr)
    logs = find_logs([p for p in paths if p not in missing])
    records = _records()
    refused = 0
    done = 0
    cache = ScenarioCache()
    try:
        homepage = load_config().homepage
        for log in logs:
            result = verify_log(log)
            if not result.ok:
                refused += 1
                print(typo(f"ntc : refusé : {log} : {result.message}"), file=sys.stderr)
                continue
            try:
                ingested = ingest_log(records, log, key=key, cache=cache, homepage=homepage)
            except LogRejected as exc:
                refused += 1
                print(typo(f"ntc : refusé : {exc}"), file=sys.stderr)
                continue
            done += 1
            state = {"ended": "terminée", "interrupted": "interrompue"}.get(ingested.status,
                                                                            ingested.status)
            print(typo(f"{log} : séance de {ingested.trainee} enregistrée ({state}, "
                       f"{plural(ingested.last_seq, 'événement')})"))
            for warning in ingested.warnings:
                print(typo(f"ntc : attention : {log} : {warning}"), file=sys.stderr)
    except CentreError as exc:
        raise UserError(str(exc), 1) from None
    finally:
        records.close()
    print(typo(f"{plural(done, 'journal enregistré', 'journaux enregistrés')}, "
               f"{plural(refused, 'refusé')}."))
    if missing:
        return 2
    return 1 if refused or not logs else 0


def rebuild_command(sources: list[str]) -> int:
    from simulator.centre import CentreError
    from simulator.centre.lrs import load_config
    from simulator.centre.rebuild import rebuild
    from simulator.centre.text import plural, typo
    from simulator.log import LogError, signing_key

    try:
        key = signing_key()
    except LogError as exc:
        raise UserError(str(exc), 2) from None
    missing = [s for s in sources if not Path(s).exists()]
    if missing:
        raise _usage(f"introuvable : {', '.join(missing)}")
    try:
        try:
            homepage = load_config().homepage
        except CentreError:
            homepage = "https://centre.ntc-simulateur.example"
        report = rebuild(sources=sources, key=key, homepage=homepage)
    except CentreError as exc:
        raise UserError(str(exc), 1) from None
    for problem in report.problems:
        print(typo(f"ntc : ignoré : {problem}"), file=sys.stderr)
    trainees = len({i.trainee for i in report.logs})
    ignored = plural(len(report.problems), "journal ignoré", "journaux ignorés")
    print(typo(f"Registre du centre reconstruit : {report.path} — "
               f"{plural(len(report.logs), 'séance')} de "
               f"{plural(trainees, 'stagiaire')}, {ignored}."))
    if report.kept_aside is not None:
        print(typo(f"Ancien registre conservé : {report.kept_aside}"))
    return 0


def cohort_command(args: argparse.Namespace) -> int:
    from simulator.centre import CentreError
    from simulator.centre.cohort import load_cohort
    from simulator.centre.render_cohort import render

    records = _records()
    try:
        text = render(load_cohort(records), args.format)
    except CentreError as exc:
        raise UserError(str(exc), 1) from None
    finally:
        records.close()
    _emit(text, args.out, "Tableau de la cohorte")
    return 0
