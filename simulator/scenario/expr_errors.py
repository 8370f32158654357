"""Errors of the expression language, with French messages for scenario authors."""

from __future__ import annotations


class ExpressionError(Exception):
    """A syntax error: `message` is French, `column` is 1-based inside the expression."""

    def __init__(self, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message


class EvaluationError(Exception):
    """A run-time error (unknown name, wrong type, division by zero, budget exhausted)."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message


def type_name(value: object) -> str:
    """French name of a value's type, for error messages."""
    if value is None:
        return "une valeur absente"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list | tuple):
        return "une liste"
    if isinstance(value, dict):
        return "un enregistrement"
    return "une valeur d'un type inconnu"
