"""Errors that end a command with a French message instead of a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A mistake of the user (missing file, bad input...): message in French, exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status
