"""The vocabulary of the log a session writes: event shape, input types, modes, format.

Kept apart from the session so that the replay side (rerun.py) and the node modules can
name them without importing the session.
"""

from __future__ import annotations

from typing import Any

MODES = ("entrainement", "examen")
# Events recorded from the trainee's inputs; every other event is derived from them.
# Inputs of the session itself, taken at any node while it runs (engine/abandon.py).
SESSION_INPUTS = frozenset({"session_abandoned"})
INPUT_TYPES = frozenset({"choice_made", "free_text", "offer_made", "negotiation_action",
                         "task_answered"}) | SESSION_INPUTS
LOG_FORMAT = "ntc-log/1"
# Behaviour versions written in new logs' headers (`models`); see Session.models.
# `texte` 2: count-aware French in task grade details (« 1 mot-clé sur 3 »); 1 (absent):
# the historical « 1 mot(s)-clé(s) sur 3 » that older logs recorded.
# `ton` 2: the rude-text check of a negotiation (engine/buyer_affront.py) reads the
# lexicon's plural and feminine forms and trusts the act model only where « agressif »
# is a clause's best act; 1 (absent): the first check, as logs before it recorded.
CURRENT_MODELS: dict[str, int] = {"buyer": 3, "choix": 2, "texte": 2, "ton": 2}

Event = dict[str, Any]
