"""Loading a scenario for a command: a French UserError instead of a traceback, each command
wording the list of problems its own way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from simulator.cli.errors import UserError

if TYPE_CHECKING:
    from simulator.scenario import Problem


def load_or_fail(ref: str, describe: Callable[[Sequence[Problem]], str]) -> Any:
    """The checked scenario `ref`; UserError (2) when not found, UserError (1) with
    `describe(problems)` when invalid."""
    from simulator.scenario import ScenarioInvalid, ScenarioNotFound, load_scenario

    try:
        return load_scenario(ref)
    except ScenarioNotFound as exc:             # a wrong name on the command line
        raise UserError(str(exc), 2) from None
    except ScenarioInvalid as exc:
        raise UserError(describe(exc.problems), 1) from None
