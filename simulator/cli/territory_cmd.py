"""`ntc territory generate | list`: a generated territory and client file, as files.

Exit status: 0 files written, 1 the output directory cannot be written, 2 bad usage
(negative or non-numeric count, unknown dossier or territory).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError
from simulator.oserrors import os_reason


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"nombre entier attendu, pas « {text} »") from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"le nombre d'entreprises doit être positif ou nul, pas {value}")
    if value > 100_000:
        raise argparse.ArgumentTypeError(f"au plus 100 000 entreprises, pas {value}")
    return value


def _indent(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas « {text} »") from None
    if not 0 <= value <= 8:
        raise argparse.ArgumentTypeError(f"indentation de 0 à 8 espaces, pas {value}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"graine entière attendue, pas « {text} »") from None


def register(commands: Any, scenario_commands: Any) -> None:
    """Add the `territory` group with `generate` and `list`."""
    del scenario_commands
    territory = commands.add_parser(
        "territory", help="générer un territoire et un fichier clients",
        description="Génère un secteur géographique fictif mais réaliste : entreprises, "
                    "contacts, historique de commandes et de factures, marché, défauts "
                    "volontaires du fichier (avec leur corrigé).")
    sub = territory.add_subparsers(title="commandes", dest="territory_command",
                                   metavar="COMMANDE", required=True,
                                   parser_class=type(territory))
    p = sub.add_parser(
        "generate", help="écrire un territoire généré dans un dossier",
        description="Écrit les entreprises, contacts, commandes, factures, visites, le marché, "
                    "les indicateurs et les défauts injectés (corrigé) dans un dossier.\n"
                    "La même graine et les mêmes paramètres donnent exactement les mêmes "
                    "fichiers.")
    p.add_argument("--seed", "--graine", type=_seed, default=1, metavar="N", dest="seed",
                   help="graine du générateur (par défaut : 1)")
    p.add_argument("--companies", "--entreprises", type=_count, default=120, metavar="N",
                   dest="companies", help="nombre d'entreprises (par défaut : 120)")
    p.add_argument("--out", "--sortie", metavar="DOSSIER", dest="out", default=None,
                   help="dossier de sortie (par défaut : ./territoire-GRAINE)")
    p.add_argument("--format", choices=("csv", "json"), default="csv",
                   help="format des fichiers (par défaut : csv)")
    p.add_argument("--indent", type=_indent, default=None, metavar="N",
                   help="JSON indenté de N espaces (par défaut : compact, un "
                        "enregistrement par ligne)")
    p.add_argument("--dossier", metavar="ID", default="air-comprime",
                   help="dossier de l'entreprise du vendeur (par défaut : air-comprime)")
    p.add_argument("--territoire", metavar="ID", default=None, dest="territory",
                   help="territoire (par défaut : celui du dossier vendeur)")
    p.set_defaults(handler=run_generate)
    p = sub.add_parser("list", help="lister les territoires et les dossiers vendeurs",
                       description="Liste les territoires disponibles et les dossiers "
                                   "d'entreprise du vendeur.")
    p.set_defaults(handler=run_list)


def _euros(value: float) -> str:
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} €"


def _num(value: float) -> str:
    return f"{value}".replace(".", ",")


def summary(world: dict[str, Any], out: Path, files: list[Path]) -> str:
    """French summary printed after generation."""
    from simulator.world.faults import FAULT_LABELS

    terr = world["territoire"]
    ind = world["indicateurs"]
    companies = world["entreprises"]
    counts: dict[str, int] = {}
    for fault in world["defauts"]:
        counts[fault["type"]] = counts.get(fault["type"], 0) + 1
    faults = ", ".join(f"{FAULT_LABELS.get(k, k)} {v}" for k, v in sorted(counts.items()))
    lines = [
        f"Territoire « {terr['nom']} » ({', '.join(terr['departements'])}), "
        f"base : {terr['base']['commune']} — graine {world['graine']}",
        f"Vendeur : {world['vendeur']['nom']} ({world['vendeur']['id']})",
        f"{len(companies)} entreprises ({ind['nb_clients']} clients, "
        f"{ind['nb_prospects']} prospects), {len(world['contacts'])} contacts, "
        f"{len(world['commandes'])} commandes, {len(world['factures'])} factures, "
        f"{len(world['visites'])} visites",
        f"Segments ABC des clients : A {ind['nb_segment_a']}, B {ind['nb_segment_b']}, "
        f"C {ind['nb_segment_c']} (les A font {_num(ind['part_ca_segment_a'])} % du CA)",
        f"CA sur 12 mois : {_euros(ind['ca_total'])} HT, objectif {_euros(ind['objectif_ca'])}"
        f", marge {_num(ind['taux_marque'])} % du CA",
        f"Factures en retard : {ind['factures_en_retard']} "
        f"({_euros(ind['montant_en_retard'])} TTC), litiges : {ind['nb_litiges']}",
        f"Défauts injectés : {len(world['defauts'])}" + (f" ({faults})" if faults else ""),
        f"Fichiers écrits dans {out} : {', '.join(p.name for p in files)}",
    ]
    return "\n".join(lines)


def run_generate(args: argparse.Namespace) -> int:
    from simulator.world import DossierError, WorldError, generate_world
    from simulator.world.export import write_files

    try:
        world = generate_world(args.seed, companies=args.companies, dossier=args.dossier,
                               territory=args.territory, compact=True)
    except (DossierError, WorldError) as exc:
        raise UserError(str(exc), status=2) from None
    out = Path(args.out) if args.out else Path(f"territoire-{args.seed}")
    try:
        files = write_files(world, out, args.format, indent=args.indent)
    except OSError as exc:
        raise UserError(f"impossible d'écrire dans « {out} » : {os_reason(exc)}",
                        status=1) from None
    print(summary(world, out, files))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from simulator.world import TERRITORIES, list_dossiers, load_dossier
    from simulator.world.geo import DEPARTMENTS

    del args
    print("Territoires :")
    for tid, spec in TERRITORIES.items():
        deps = ", ".join(f"{DEPARTMENTS[d]} ({d})" for d in spec.departements)
        print(f"  {tid:<18} {spec.nom} — {deps} ; base : {spec.base}")
    print("Dossiers vendeurs :")
    for did in list_dossiers():
        dossier = load_dossier(did)
        print(f"  {did:<18} {dossier['nom']} — {dossier.get('ligne', '')}")
    return 0
