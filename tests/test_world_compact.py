"""Compacted records are the same records: equal, same key order, same JSON, smaller."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from simulator.world import generate_world
from simulator.world.compact import Compactor

values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                   st.floats(allow_nan=False), st.just(-0.0), st.just(0.0),
                   st.lists(st.integers(), max_size=3))
records = st.lists(st.dictionaries(st.text(min_size=1, max_size=6), values, max_size=40),
                   max_size=6)


@given(records)
def test_compacted_records_dump_to_the_same_json(rows: list[dict[str, Any]]) -> None:
    before = json.dumps(rows, ensure_ascii=False)
    compacted = Compactor("essai").records([dict(r) for r in rows])
    assert json.dumps(compacted, ensure_ascii=False) == before
    assert [list(r) for r in compacted] == [list(r) for r in rows]


def test_negative_zero_is_not_merged_with_zero() -> None:
    a, b = Compactor("z").records([{"x": 0.0}, {"x": -0.0}])
    assert math.copysign(1, a["x"]) == 1 and math.copysign(1, b["x"]) == -1


def test_records_share_keys_and_equal_strings() -> None:
    rows = [{"id": f"C{i}", "prenom": "Zoé", "ville": "".join(["Ly", "on"]), "n": i}
            for i in range(50)]          # each "Lyon" a distinct object before
    plain = [dict(r) for r in rows]
    compacted = Compactor("contact").records(rows)
    assert compacted == plain
    assert compacted[3]["ville"] is compacted[7]["ville"]
    assert sys.getsizeof(compacted[10]) < sys.getsizeof(plain[10])
    compacted[0]["nouveau"] = 1                    # still an ordinary, mutable dict
    assert list(compacted[0])[-1] == "nouveau" and type(compacted[0]) is dict


def test_generated_world_unchanged_by_compaction() -> None:
    """The generator's output is pinned elsewhere (dossiers, snapshots); here, the same
    world twice gives the same bytes, its records being plain dicts."""
    a = generate_world(5, companies=300)
    b = generate_world(5, companies=300)
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
    assert all(type(r) is dict for key in ("entreprises", "contacts", "commandes", "factures")
               for r in a[key])


def test_keys_whose_values_never_repeat_stop_being_pooled() -> None:
    from simulator.world import compact

    rows = [{"id": f"C{i}", "ville": "".join(["Ly", "on"])} for i in range(compact.SAMPLE + 50)]
    compactor = Compactor("contact")
    out = compactor.records([dict(r) for r in rows])
    assert out == rows
    assert "id" in compactor._unique and "ville" not in compactor._unique
    assert len(compactor._strings) <= compact.SAMPLE + 1      # not one entry per id
