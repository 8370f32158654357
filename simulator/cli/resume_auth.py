"""Who allows an exam session to be resumed: the evaluator by name, or the centre's key.

An exam resume is how a trainee could cut a log before a bad answer and play it again, so
`ntc run --resume` of an *examen* log needs an authorisation, recorded (what, who, when) in
the log's signed evaluation file: `--evaluateur NOM`, or `--cle-centre [FICHIER]` — the
centre's signing key, presented by whoever holds it (a file, or the configured key when no
file is given). The key is checked against the log's own signature, so only the key that
signed the exam authorises its resume; an unsigned log cannot be checked and needs a name.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.cli.errors import UserError

CONFIGURED = ""          # `--cle-centre` without a file: the configured key (NTC_LOG_KEY…)


@dataclass(frozen=True)
class Authority:
    evaluator: str               # name given with --evaluateur ("" when none)
    key: bytes | None = None     # the centre's key, checked against the log
    key_id: str = ""

    def describe(self) -> str:
        if self.key is None:
            return self.evaluator
        by_key = f"la clé du centre (empreinte {self.key_id})"
        return f"{self.evaluator}, avec {by_key}" if self.evaluator else by_key


def add_arguments(run: Any) -> None:
    run.add_argument("--evaluateur", metavar="NOM", default=None,
                     help="avec --resume, pour une séance d'examen : l'évaluateur qui autorise "
                          "la reprise (enregistré dans le fichier d'évaluation du journal)")
    run.add_argument("--cle-centre", metavar="FICHIER", nargs="?", const=CONFIGURED,
                     default=None, dest="cle_centre",
                     help="avec --resume, pour une séance d'examen : la clé du centre qui a "
                          "signé le journal autorise la reprise (fichier de clé, ou sans "
                          "FICHIER la clé configurée par NTC_LOG_KEY ou NTC_LOG_KEY_FILE) ; "
                          "enregistrée par son empreinte dans le fichier d'évaluation")


def refusal(message: str) -> str:
    """« reprise impossible : … » in one sentence style (lower case after the colon, no final
    full stop), whatever layer the reason came from, saying the log was left as it was."""
    text = message.strip().rstrip(".")
    head = re.match(r"reprise impossible\s*:\s*", text, re.IGNORECASE)
    if head:
        text = text[head.end():]
    elif text.casefold().startswith("reprise impossible"):
        return text if "laissé intact" in text else f"{text} ; le journal est laissé intact"
    text = text.replace(". Il est laissé intact", "")
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    if "laissé intact" not in text:
        text += " ; le journal est laissé intact"
    return f"reprise impossible : {text}"


def _presented_key(value: str) -> bytes:
    from simulator.log.errors import LogError
    from simulator.log.keys import read_key_file, signing_key

    try:
        if value != CONFIGURED:
            return read_key_file(Path(value), "--cle-centre")
        key = signing_key()
    except LogError as exc:
        raise UserError(refusal(str(exc)), 1) from None
    if key is None:
        raise UserError("reprise impossible : --cle-centre sans fichier demande la clé "
                        "configurée du centre (NTC_LOG_KEY ou NTC_LOG_KEY_FILE), et aucune "
                        "n'est configurée ; le journal est laissé intact", 1)
    return key


def exam_authority(args: argparse.Namespace, log_path: Path, header: dict[str, Any]
                   ) -> Authority | None:
    """The authorisation of this resume; refused in French when an exam has none.

    Checked before anything is written: a refusal leaves the log intact.
    """
    from simulator.log.errors import LogError
    from simulator.log.keys import KEY_ENV, KEY_FILE_ENV, key_id, signing_key
    from simulator.log.reader import read_log

    evaluator = (args.evaluateur or "").strip()
    if args.cle_centre is None:
        if header.get("mode") == "examen" and not evaluator:
            raise UserError("reprise impossible : une séance d'examen ne se reprend qu'avec "
                            "l'accord de l'évaluateur (--evaluateur NOM) ou la clé du centre "
                            "(--cle-centre FICHIER) ; le journal est laissé intact", 1)
        return Authority(evaluator) if evaluator else None
    key = _presented_key(args.cle_centre)
    if not header.get("signed"):
        raise UserError("reprise impossible : ce journal n'est pas signé, la clé du centre ne "
                        "peut pas y être contrôlée ; faites autoriser la reprise par "
                        "l'évaluateur (--evaluateur NOM) ; le journal est laissé intact", 1)
    checked = read_log(log_path, key, world=False)
    if not checked.signature_checked or not (checked.verified or checked.truncated):
        raise UserError("reprise impossible : la clé présentée (--cle-centre) n'est pas celle "
                        "du centre qui a signé ce journal ; le journal est laissé intact", 1)
    try:
        configured = signing_key()
    except LogError:         # a broken configuration: the presented key replaces it
        configured = None
    if configured is not None and configured != key:
        raise UserError("reprise impossible : la clé présentée (--cle-centre) diffère de la "
                        "clé configurée sur ce poste (NTC_LOG_KEY ou NTC_LOG_KEY_FILE) ; le "
                        "journal est laissé intact", 1)
    if configured is None and args.cle_centre != CONFIGURED:
        # the journal is continued (and signed) with the key the evaluator brought
        os.environ.pop(KEY_ENV, None)
        os.environ[KEY_FILE_ENV] = str(Path(args.cle_centre).expanduser().resolve())
    return Authority(evaluator, key, key_id(key))


def record(log_path: Path, after_seq: int, authority: Authority) -> None:
    """Record the authorisation of the resume in the log's evaluation file (signed)."""
    from simulator.log import SidecarWriter, signing_key
    from simulator.log.errors import LogError

    key = authority.key if authority.key is not None else signing_key()
    try:
        with SidecarWriter.open(log_path, key) as side:
            side.authorize_resume(after_seq, authority.evaluator, authority.key_id or None)
    except LogError as exc:
        raise UserError(f"reprise enregistrée, mais l'autorisation de la reprise n'a pas pu "
                        f"être écrite : {exc}", 1) from None
    print(f"Reprise autorisée par {authority.describe()}, enregistrée dans le fichier "
          "d'évaluation du journal.")
