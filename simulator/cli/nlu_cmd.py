"""`ntc nlu analyse` and `ntc nlu train`: the act model from the command line.

`analyse` reads one utterance per line (a file or standard input) and prints, for every
line and in order, the ranked acts and the entities; `--format jsonl` is a contract
(DESIGN.md §3): `{"texte", "actes": [{"acte", "score"}…], "entites": [{"type", "valeur",
"texte"}…]}`. A line that is not valid UTF-8 is analysed with the bad bytes replaced (and
named on standard error); a binary file is refused with a French message.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError

MAX_BYTES = 20 * 1024 * 1024
TABLE_TEXT = 48


def register(commands: Any, scenario_commands: Any) -> None:
    del scenario_commands
    nlu = commands.add_parser(
        "nlu", help="comprendre des phrases en français (actes de dialogue, entités)",
        description="Compréhension du texte libre : actes de dialogue et entités.")
    from simulator.cli.french import FrenchParser

    sub = nlu.add_subparsers(title="commandes", dest="nlu_command", metavar="COMMANDE",
                             parser_class=FrenchParser, required=True)
    p = sub.add_parser(
        "analyse", help="analyser des phrases (une par ligne)",
        description="Analyse des phrases en français, une par ligne : actes de dialogue "
                    "classés (score de 0 à 1) et entités (montants, pourcentages, durées, "
                    "quantités, versements, jours, heures, dates).\nSans fichier ou avec "
                    "« - », lit l'entrée standard.")
    p.add_argument("file", nargs="?", default="-", metavar="FICHIER",
                   help="fichier texte UTF-8, une phrase par ligne (« - » : entrée standard)")
    p.add_argument("--format", choices=("table", "jsonl"), default="table",
                   help="table lisible (par défaut) ou JSON Lines, un objet par ligne")
    p.set_defaults(handler=run_analyse)

    p = sub.add_parser(
        "train", help="réentraîner le modèle d'actes (option d'installation [train])",
        description="Réentraîne le modèle d'actes à partir de scenarios/actes/ (exemples et "
                    "motifs) et écrit le modèle JSON du paquet, avec l'empreinte SHA-256 de "
                    "ses données. Demande scikit-learn : pip install 'ntc-simulator[train]'.")
    p.add_argument("--sortie", "-o", dest="output", metavar="FICHIER",
                   help="écrire le modèle dans ce fichier au lieu du modèle fourni")
    p.add_argument("--actes", dest="acts", metavar="DOSSIER",
                   help="dossier des fichiers d'actes (par défaut : scenarios/actes/ fourni)")
    p.set_defaults(handler=run_train)


def _read_input(ref: str) -> bytes:
    if ref == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(ref)
        if path.is_dir():
            raise UserError(f"{ref} : c'est un dossier ; donnez un fichier texte, une phrase "
                            "par ligne", 2)
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise UserError(f"{ref} : fichier introuvable", 2) from None
        except OSError as exc:
            from simulator.oserrors import os_reason

            raise UserError(f"{ref} : lecture impossible ({os_reason(exc)})", 1) from None
    if len(data) > MAX_BYTES:
        raise UserError(f"{ref} : fichier trop gros (plus de {MAX_BYTES // (1024 * 1024)} Mo) ; "
                        "découpez-le", 1)
    return data


def _lines(data: bytes, ref: str) -> list[str]:
    sample = data[:8192]
    if b"\x00" in sample:
        raise UserError(f"{ref} : ce fichier semble binaire (octets nuls) : donnez un texte "
                        "UTF-8, une phrase par ligne", 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("utf-8", errors="replace"))
            print(f"{ref}:{number}: texte qui n'est pas de l'UTF-8 valide : caractères "
                  "illisibles remplacés par « \ufffd »", file=sys.stderr)
    if out and out[-1] == "" and data.endswith(b"\n"):
        out.pop()
    return out


def run_analyse(args: argparse.Namespace) -> int:
    from simulator.nlu.analysis import analyse
    from simulator.nlu.model import ModelError, load_model

    lines = _lines(_read_input(args.file), "entrée standard" if args.file == "-" else args.file)
    try:
        model = load_model()
    except ModelError as exc:
        raise UserError(str(exc), 1) from None
    write = sys.stdout.write
    if args.format == "jsonl":
        for line in lines:
            obj = analyse(line, model).as_json()
            write(json.dumps(obj, ensure_ascii=False) + "\n")
        return 0
    if not lines:
        print("Aucune phrase à analyser.")
        return 0
    for line in lines:
        result = analyse(line, model)
        shown = result.text if len(result.text) <= TABLE_TEXT else \
            result.text[:TABLE_TEXT - 1] + "…"
        acts = "  ".join(f"{a.act} {_fr(a.score)}" for a in result.acts[:3])
        write(f"{shown or '(ligne vide)'}\n    actes : {acts}\n")
        if result.entities:
            ents = " ; ".join(f"{e.type} = {_value(e.value)} (« {e.text} »)"
                              for e in result.entities)
            write(f"    entités : {ents}\n")
    return 0


def _fr(score: float) -> str:
    return f"{score:.2f}".replace(".", ",")


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def run_train(args: argparse.Namespace) -> int:
    from simulator.nlu.dataset import act_files
    from simulator.nlu.train import TrainError, train

    paths = None
    if args.acts:
        folder = Path(args.acts)
        if not folder.is_dir():
            raise UserError(f"{args.acts} : dossier introuvable", 2)
        paths = act_files(folder)
        if not paths:
            raise UserError(f"{args.acts} : aucun fichier .yaml d'acte dans ce dossier", 1)
    out = Path(args.output) if args.output else None
    print("Entraînement du modèle d'actes (validation croisée en 5 parties)…", flush=True)
    try:
        report = train(paths, out)
    except TrainError as exc:
        raise UserError(str(exc), 1) from None
    except OSError as exc:
        from simulator.oserrors import os_reason

        raise UserError(f"écriture du modèle impossible ({os_reason(exc)})", 1) from None
    print(f"Modèle écrit dans {report.path} ({report.size // 1024} Ko) : {report.examples} "
          f"exemples, {report.acts} actes, {report.features} traits.")
    print(f"Précision en validation croisée : {_fr(report.cv_accuracy * 100)} % ; "
          f"part des motifs : {_fr(report.mix)} ; température : {_fr(report.temperature)}.")
    print(f"Empreinte des données : {report.inputs_sha256}")
    return 0
