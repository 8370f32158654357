"""Choose the client company, decision maker and gatekeeper a scenario plays with.

Filters (all optional): `statut`, `secteur` (a sector id or a family: industrie, logistique,
commerce, btp), `segment`, `departement`, `potentiel` (each a value or a list),
`effectif_min`, `effectif_max`, `retard_paiement: true`, `litige: true`. Unknown keys are
ignored. Only companies without any recorded fault are played. When nothing matches, filters
are dropped one at a time in RELAX_ORDER (least important first) until something does; the
choice among matches is seeded, so the same seed picks the same client.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

Record = dict[str, Any]

RELAX_ORDER: tuple[str, ...] = (
    "departement", "potentiel", "effectif_max", "effectif_min", "segment", "secteur",
    "litige", "retard_paiement", "statut",
)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _matcher(key: str, value: Any) -> Callable[[Record], bool] | None:
    if value is None:
        return None
    if key == "secteur":
        wanted = {str(v) for v in _as_list(value)}
        return lambda c: c.get("secteur") in wanted or c.get("famille") in wanted
    if key in ("statut", "segment", "potentiel", "departement"):
        wanted = {str(v) for v in _as_list(value)}
        return lambda c: str(c.get(key)) in wanted
    if key in ("effectif_min", "effectif_max"):
        try:
            limit = int(value)
        except (TypeError, ValueError):
            return None  # not a number: ignored rather than failing the session
        if key == "effectif_min":
            return lambda c: int(c.get("effectif", 0)) >= limit
        return lambda c: int(c.get("effectif", 0)) <= limit
    if key in ("retard_paiement", "litige"):
        return lambda c: bool(c.get(key)) == bool(value)
    return None


def _playable(world: Record) -> tuple[list[Record], dict[str, tuple[Record, Record]]]:
    """Companies with no fault, and their (decision maker, gatekeeper)."""
    touched: set[str] = set()
    for fault in world.get("defauts", []):
        touched.add(str(fault.get("entreprise_id")))
        if fault.get("type") == "doublon":
            touched.add(str(fault.get("correction")))
    people: dict[str, dict[str, Record]] = {}
    for contact in world.get("contacts", []):
        if contact.get("actif") and contact.get("role") in ("decideur", "barrage"):
            people.setdefault(contact["entreprise_id"], {}).setdefault(contact["role"], contact)
    roles: dict[str, tuple[Record, Record]] = {}
    for company_id, found in people.items():
        if "decideur" in found and "barrage" in found:
            roles[company_id] = (found["decideur"], found["barrage"])
    companies = [c for c in world.get("entreprises", []) if c["id"] in roles and c.get("actif")]
    clean = [c for c in companies if c["id"] not in touched]
    return (clean or companies), roles


def pick_roles(world: Record, filters: dict[str, Any] | None, seed: int) -> Record:
    """Return {"client", "contact", "barrage"} (copies) for the scenario's `client:` filters."""
    candidates, roles = _playable(world)
    if not candidates:
        raise ValueError("le monde généré ne contient aucune entreprise jouable")
    active = {k: v for k, v in (filters or {}).items() if _matcher(k, v) is not None}
    ordered = sorted(candidates, key=lambda c: str(c["id"]))
    relax = [k for k in RELAX_ORDER if k in active] + sorted(k for k in active
                                                             if k not in RELAX_ORDER)
    matches: list[Record] = []
    for dropped in range(len(relax) + 1):
        kept = relax[dropped:]
        tests = [m for k in kept if (m := _matcher(k, active[k])) is not None]
        matches = [c for c in ordered if all(test(c) for test in tests)]
        if matches:
            break
    chosen = random.Random(f"roles:{seed}").choice(matches)
    decider, gatekeeper = roles[chosen["id"]]
    return {"client": dict(chosen), "contact": dict(decider), "barrage": dict(gatekeeper)}
