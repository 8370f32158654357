"""The one exception of the centre records: a French message the CLI and TUI print as is."""

from __future__ import annotations

REBUILD_HINT = "les journaux de séance font foi : « ntc livret rebuild » recrée le registre"


class CentreError(Exception):
    """The centre records cannot be used (locked, damaged, unwritable…) or an LRS fault.

    `kind` lets callers react without parsing the French text: `locked`, `corrupt`,
    `io`, `unknown_trainee`, `lrs_unreachable`, `lrs_auth`, `lrs_rejected`, `config`.
    """

    def __init__(self, message: str, kind: str = "io") -> None:
        from simulator.centre.text import typo

        super().__init__(typo(message))
        self.kind = kind
