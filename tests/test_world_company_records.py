"""A compact world (`generate_world(compact=True)`, what `ntc territory generate` writes) holds
`Company` records equal to the dicts of the plain world, and exports the same bytes."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.world import generate_world
from simulator.world.export import render_files
from simulator.world.record import COMPANY_FIELDS, Company


def _plain(world: dict[str, Any]) -> dict[str, Any]:
    out = dict(world)
    out["entreprises"] = [c.as_dict() for c in world["entreprises"]]
    return out


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), companies=st.integers(0, 260),
       territory=st.sampled_from([None, "bretagne", "hauts-de-france"]))
def test_compact_world_equals_plain_world(seed: int, companies: int,
                                          territory: str | None) -> None:
    plain = generate_world(seed, companies=companies, territory=territory)
    compact = generate_world(seed, companies=companies, territory=territory, compact=True)
    assert all(isinstance(c, Company) for c in compact["entreprises"])
    assert _plain(compact) == plain
    for company, record in zip(compact["entreprises"], plain["entreprises"], strict=True):
        assert list(company.as_dict()) == list(record) == list(COMPANY_FIELDS)


@pytest.mark.parametrize(("fmt", "indent"), [("csv", None), ("json", None), ("json", 2)])
def test_compact_world_exports_the_same_bytes(fmt: str, indent: int | None) -> None:
    plain = generate_world(3, companies=400)
    compact = generate_world(3, companies=400, compact=True)
    assert render_files(compact, fmt, indent) == render_files(plain, fmt, indent)


def test_company_reads_and_writes_like_its_dict() -> None:
    record = generate_world(5, companies=30)["entreprises"][0]
    company = Company.from_dict(record)
    assert company == record and len(company) == len(record)
    assert company.get("segment") == record["segment"] and "siren" in company
    assert company.get("absent", "x") == "x" and "absent" not in company
    twin = copy.deepcopy(company)
    twin["raison_sociale"] = "Autre nom"
    assert twin["raison_sociale"] == "Autre nom"
    assert company["raison_sociale"] == record["raison_sociale"]
    with pytest.raises(KeyError):
        company["nouveau"] = 1          # a new key would change the exported columns
    with pytest.raises(KeyError):
        del company["siren"]
    with pytest.raises(ValueError):
        Company.from_dict({"id": "E0001"})
