"""`Company`: a company record held in `__slots__`, for worlds generated to be exported.

A company has 44 fields, above the 30 keys CPython can share between dicts, so each company
dict owns a 128-slot table (~1.5 KB): 150 MiB at 100,000 companies, which kept
`ntc territory generate --companies 100000` above 500 MB. A `Company` holds the same values
in ~0.4 KB and reads like the dict (`record["ca_12_mois"]`, `.get`, `in`, iteration in the
same key order), so every generation stage works on either. `as_dict` builds the equal dict
when the exporter writes the record, one at a time (export.py). Sessions keep plain dicts
(`generate_world(compact=False)`, the default): their world is stored as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from operator import attrgetter
from typing import Any

# Fields set by companies.make_companies, then by the later stages, in output order.
BASE_FIELDS: tuple[str, ...] = (
    "id", "raison_sociale", "nom_commercial", "forme_juridique", "siren", "siret", "naf",
    "naf_libelle", "secteur", "secteur_libelle", "famille", "effectif", "tranche_effectif",
    "code_tranche_effectif", "ca_annuel", "annee_creation", "adresse", "code_postal",
    "commune", "departement", "region", "lat", "lon", "site_web", "domaine", "telephone",
    "email", "distance_km", "actif", "note",
)
LATER_FIELDS: tuple[str, ...] = (      # history.py, then generator._segments
    "statut", "potentiel_ca", "concurrent", "dernier_contact", "conditions_paiement",
    "ca_12_mois", "marge_12_mois", "nb_commandes_12_mois", "derniere_commande", "encours",
    "retard_paiement", "litige", "segment", "potentiel",
)
COMPANY_FIELDS: tuple[str, ...] = BASE_FIELDS + LATER_FIELDS
CompanyRecord = MutableMapping[str, Any]   # a plain dict, or a `Company`
_VALUES = attrgetter(*COMPANY_FIELDS)


class Company(MutableMapping[str, Any]):
    """A fixed-key company record; keys are `COMPANY_FIELDS`, in output order."""

    __slots__ = COMPANY_FIELDS

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Company:
        """The record of a dict built with exactly the keys of `COMPANY_FIELDS`, in order."""
        if tuple(record) != COMPANY_FIELDS:
            raise ValueError("company record keys differ from COMPANY_FIELDS")
        company = cls.__new__(cls)
        for key, value in record.items():
            setattr(company, key, value)
        return company

    def as_dict(self) -> dict[str, Any]:
        """The equal plain dict (same keys, same order, same value objects)."""
        return dict(zip(COMPANY_FIELDS, _VALUES(self), strict=True))

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except (AttributeError, TypeError):
            raise KeyError(key) from None

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in _KEYS:
            raise KeyError(key)      # fixed keys: a new key would change the output
        setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        raise KeyError(key)          # fixed keys

    def __contains__(self, key: object) -> bool:
        return key in _KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(COMPANY_FIELDS)

    def __len__(self) -> int:
        return len(COMPANY_FIELDS)

    def __repr__(self) -> str:
        return f"Company({self.as_dict()!r})"


_KEYS = frozenset(COMPANY_FIELDS)
