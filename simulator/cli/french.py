"""French messages for argparse.

argparse looks its messages up through the module-level `_` (gettext) at call time, so
replacing that function gives French usage, help headings and errors without a catalogue.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

MESSAGES: dict[str, str] = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (valeurs possibles : %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue %(parser_name)r (commandes : %(choices)s)"
    ),
    "cannot have multiple subparser arguments": "plusieurs sous-commandes sont impossibles",
}

PLURALS: dict[str, str] = {
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "conflicting option string: %s": "option en conflit : %s",
}


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak French (idempotent)."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help formatter with French typography: a space before the colon of headings.

    argparse writes headings as `'%s:' % heading` (not translatable), so the space is added
    to the heading itself: « commandes : », « options : ».
    """

    def start_section(self, heading: str | None) -> None:
        if heading is not None and heading is not argparse.SUPPRESS:
            heading = f"{heading} "
        super().start_section(heading)


class FrenchParser(argparse.ArgumentParser):
    """ArgumentParser whose errors print the usage, a French message and exit with 2."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        install()
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _print_message(self, message: str, file: Any = None) -> None:
        """Write help/usage without argparse's silent `except OSError: pass`.

        A closed pipe or a full disk then reaches `main`, which reports it (status 141/1)
        instead of ending with status 0 and nothing written.
        """
        if message:
            stream = file or sys.stderr
            stream.write(message)
            flush = getattr(stream, "flush", None)
            if flush is not None:
                flush()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n"
                     f"Tapez « {self.prog} --help » pour l'aide.\n")
