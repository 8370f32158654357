"""Name and street pools taken from Faker's fr_FR person data, and company-name builders.

The pools are Faker's fr_FR first/last name tuples, read once per process, de-duplicated and
sorted so a draw does not depend on their order or repeats. The draw functions take the
caller's `random.Random`: providers.py calls them with the seeded Faker's
`self.generator.random`, which is much faster than Faker's person methods and gives the
same output for the same seed. A snapshot never needs regenerating (the session log stores
it), so a Faker upgrade only changes future worlds.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from simulator.world.ids import ascii_fold
from simulator.world.sectors import NAF_WORDS, Sector

ZONE_KINDS: tuple[str, ...] = (
    "ZI", "ZA", "Zone industrielle", "Parc d'activités", "ZAC", "Zone artisanale",
)
ZONE_NAMES: tuple[str, ...] = (
    "des Granges", "du Moulin", "de la Gare", "des Érables", "du Pré Long", "de la Plaine",
    "des Chênes", "de la Croix Blanche", "du Stade", "des Forges", "de l'Aéropôle",
    "des Bruyères", "du Champ de Foire", "des Vignes", "de la Rivière", "du Bois Joli",
    "des Acacias", "de la Garenne", "du Canal", "des Perrières", "des Grands Champs",
    "de Beaulieu", "du Levant", "des Tuileries",
)
STREET_PREFIXES: tuple[str, ...] = (
    "rue", "rue", "rue", "avenue", "chemin", "boulevard", "allée", "impasse", "route",
)


@dataclass(frozen=True)
class Pools:
    """Word lists drawn from for names and streets."""

    first_male: tuple[str, ...]
    first_female: tuple[str, ...]
    last: tuple[str, ...]

    @functools.cached_property
    def first_any(self) -> tuple[str, ...]:
        """Male then female first names (street names use either)."""
        return self.first_male + self.first_female


@functools.lru_cache(maxsize=1)
def pools() -> Pools:
    """Faker fr_FR names, de-duplicated and in a fixed order.

    Imported here, not at module level: commands that never generate a world (validate,
    score) should not pay Faker's import time.
    """
    from faker.providers.person.fr_FR import Provider as PersonProvider

    def uniq(items: object) -> tuple[str, ...]:
        values = items.keys() if isinstance(items, dict) else items
        return tuple(sorted({str(v) for v in values}))  # type: ignore[attr-defined]

    return Pools(uniq(PersonProvider.first_names_male), uniq(PersonProvider.first_names_female),
                 uniq(PersonProvider.last_names))


def street(rng: random.Random, p: Pools) -> str:
    """`14 rue Martin`, `3 avenue Louise Girard, ZI des Granges`..."""
    number = rng.randint(1, 180)
    prefix = rng.choice(STREET_PREFIXES)
    kind = rng.random()
    if kind < 0.5:
        name = rng.choice(p.last)
    elif kind < 0.8:
        name = f"{rng.choice(p.first_any)} {rng.choice(p.last)}"
    else:
        name = _of(rng.choice(p.last))
    line = f"{number} {prefix} {name}"
    if rng.random() < 0.4:
        line += f", {rng.choice(ZONE_KINDS)} {rng.choice(ZONE_NAMES)}"
    return line


def _of(place: str) -> str:
    """French `de` with elision: `de Voiron`, `d'Annecy`, `du Mans`."""
    if place.startswith("Le "):
        return f"du {place[3:]}"
    if place.startswith("Les "):
        return f"des {place[4:]}"
    if ascii_fold(place[:1]).lower() in "aeiouyh":
        return f"d'{place}"
    return f"de {place}"


def company_name(rng: random.Random, sector: Sector, p: Pools, commune: str,
                 naf: str | None = None) -> str:
    """A sector-flavoured trade name: `Salaisons Bérard`, `Mécanique de Voiron`..."""
    word = rng.choice(NAF_WORDS.get(naf or "", sector.words))
    last = rng.choice(p.last)
    pattern = rng.random()
    if pattern < 0.28:
        return f"{word} {last}"
    if pattern < 0.48:
        return f"{last} {word}"
    if pattern < 0.62:
        return f"{word} {_of(commune)}"
    if pattern < 0.72:
        return f"Établissements {last}"
    if pattern < 0.80:
        return f"{last} et Fils"
    if pattern < 0.88:
        return f"{last} & {rng.choice(p.last)}"
    initials = "".join(rng.choice("ABCDEFGHJLMPRSTV") for _ in range(rng.randint(2, 3)))
    return f"{initials} {word}"
