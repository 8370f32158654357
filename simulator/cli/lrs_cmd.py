"""`ntc lrs push` (and `ntc lrs status`): the queued xAPI statements and the centre's LRS."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from simulator.cli.errors import UserError

DESCRIPTION = """\
Envoie au LRS du centre les déclarations xAPI 1.0.3 en attente dans le registre (une séance
en produit à son début et à sa fin). Configuration : NTC_LRS_URL (point d'accès xAPI, ex.
http://127.0.0.1:8100/xAPI/), NTC_LRS_USER, NTC_LRS_PASSWORD, NTC_LRS_HOMEPAGE (adresse de la
plateforme qui nomme les comptes), ou le fichier <données>/lrs.json
({"url": …, "user": …, "password": …, "homepage": …}).

Un LRS injoignable laisse les déclarations en attente (réessais espacés, en nombre limité) ;
renvoyer ne crée jamais de doublon (identifiants de déclaration déterministes)."""


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `lrs push` and `lrs status`."""
    del scenario_commands
    lrs = commands.add_parser("lrs", help="envoyer les déclarations xAPI au LRS du centre",
                              description=DESCRIPTION,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = lrs.add_subparsers(title="commandes", dest="lrs_command", metavar="COMMANDE",
                             required=True, parser_class=type(lrs))
    push = sub.add_parser("push", help="envoyer les déclarations en attente",
                          description=DESCRIPTION,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    push.set_defaults(handler=push_command)
    status = sub.add_parser("status", help="nombre de déclarations envoyées et en attente",
                            description="Déclarations xAPI du registre : envoyées, en attente.")
    status.set_defaults(handler=status_command)


def push_command(args: argparse.Namespace) -> int:
    from simulator.centre import CentreError, CentreRecords
    from simulator.centre.lrs import load_config, push
    from simulator.centre.text import plural, typo

    del args
    try:
        config = load_config()
        with CentreRecords() as records:
            before = records.pending_count()
            if before == 0:
                print("Aucune déclaration xAPI en attente.")
                return 0
            report = push(records, config)
    except CentreError as exc:
        raise UserError(str(exc), 1) from None
    print(typo(f"{plural(report.sent, 'déclaration envoyée', 'déclarations envoyées')} à "
               f"{config.url} ({plural(report.batches, 'envoi')}"
               + (f", {plural(report.retries, 'nouvel essai', 'nouveaux essais')}"
                  if report.retries else "") + ")."))
    if report.rejected:
        refused = plural(report.rejected, "déclaration refusée", "déclarations refusées")
        print(typo(f"ntc : attention : {refused} par le LRS, gardées en attente (voir "
                   "« ntc lrs status »)."), file=sys.stderr)
        return 1
    return 0


def status_command(args: argparse.Namespace) -> int:
    from simulator.centre import CentreError, CentreRecords
    from simulator.centre.lrs import load_config
    from simulator.centre.text import plural, typo

    del args
    try:
        config = load_config()
        with CentreRecords() as records:
            sent, pending = records.outbox_counts()
    except CentreError as exc:
        raise UserError(str(exc), 1) from None
    print(typo(f"Déclarations xAPI : {plural(sent, 'envoyée')}, {pending} en attente."))
    print(typo(f"LRS : {config.url or 'non configuré (NTC_LRS_URL)'}"))
    return 0
