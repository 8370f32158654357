"""Names an expression or a placeholder may use, and which names a variable may take."""

from __future__ import annotations

import re

from simulator.scenario.expr_functions import FUNCTION_NAMES
from simulator.scenario.expressions import RESERVED_WORDS
from simulator.world.schema import FIELDS, SCALARS

KEYWORDS = frozenset({"and", "or", "not", "et", "ou", "non", "vrai", "faux", "true",
                      "false", "if", "else", "in"})
FUNCTIONS = frozenset(FUNCTION_NAMES)
WORLD_ROOTS = frozenset(FIELDS) | SCALARS
# Names only meaningful inside a task field's `attendu_si` (one row of the collection).
ROW_NAME = "ligne"
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def invalid_variable_name(name: str) -> str | None:
    """French reason why `name` cannot be a variable, or None."""
    if not _VAR_NAME.match(name):
        return (f"nom de variable invalide « {name} » (lettres sans accents, chiffres et "
                "« _ », sans commencer par un chiffre)")
    if name.startswith("_"):
        return (f"nom de variable invalide « {name} » : un nom ne peut pas commencer par "
                "« _ » (les expressions le refuseraient)")
    if name in KEYWORDS or name in FUNCTIONS or name in RESERVED_WORDS:
        return f"« {name} » est un mot réservé des expressions : choisissez un autre nom"
    if name in WORLD_ROOTS or name == ROW_NAME:
        return (f"« {name} » est une donnée du monde simulé : choisissez un autre nom "
                "de variable")
    return None
