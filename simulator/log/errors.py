"""The one exception of the log package: a French message meant for the user.

It deliberately does not derive from `simulator.cli.errors.UserError` (the log package sits
below the CLI); command handlers turn it into a `UserError`.
"""

from __future__ import annotations


class LogError(Exception):
    """Cannot write, resume or open a log (message in French, for the user)."""
