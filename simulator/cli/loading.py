"""Loading a scenario for a command: a French UserError instead of a traceback, each command
wording the list of problems its own way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from simulator.cli.errors import UserError
from simulator.french.grammar import plural

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


def load_checked(ref: str) -> Any:
    """A checked scenario, or a French UserError (2 if not found, 1 if invalid)."""
    return load_or_fail(ref, _invalid_message)


def _invalid_message(problems: Sequence[Problem]) -> str:
    from simulator.scenario import format_problem

    lines = [format_problem(p) for p in problems[:10]]
    more = len(problems) - len(lines)
    tail = (f"\n… et {plural(more, 'autre problème', 'autres problèmes')}"
            if more > 0 else "")
    return "scénario invalide :\n" + "\n".join(lines) + tail
