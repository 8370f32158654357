"""Property: whatever bytes are inserted, deleted or replaced, a log either fails to verify
or still says exactly what was written (a prefix of the original events, same header)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_log_support import make_log

from simulator.log import read_log, read_log_bytes

KEY = b"cle"
_CACHE: dict[bool, tuple[bytes, dict, list]] = {}


def _original(tmp: Path, signed: bool) -> tuple[bytes, dict, list]:
    if signed not in _CACHE:
        path = make_log(tmp / f"orig-{signed}.jsonl", KEY if signed else None, events=4)
        # bytes alone carry the world's hash, not the world (stored beside the log)
        result = read_log(path, KEY if signed else None, world=False)
        assert result.header is not None
        _CACHE[signed] = (path.read_bytes(), result.header, result.events)
    return _CACHE[signed]


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    signed=st.booleans(),
    start=st.floats(min_value=0, max_value=1),
    length=st.integers(min_value=0, max_value=40),
    insert=st.binary(max_size=8) | st.sampled_from([b"\n", b"}", b" ", b"0", b'"', b"\xc3"]),
)
@example(signed=False, start=0.5, length=0, insert=b"\xc2\x80")  # non-ASCII "hash" value
def test_mutations_never_verify_with_other_content(
    tmp_path: Path, signed: bool, start: float, length: int, insert: bytes
) -> None:
    data, header, events = _original(tmp_path, signed)
    position = int(start * len(data))
    mutated = data[:position] + insert + data[position + length:]
    if mutated == data:
        return
    result = read_log_bytes(mutated, KEY if signed else None)
    if result.verified:
        assert result.header == header
        assert result.events == events[: len(result.events)]
        # only whole final lines may have gone (or the very last newline)
        assert data.startswith(mutated)
        assert mutated.endswith(b"\n") or data[len(mutated):len(mutated) + 1] == b"\n"
    else:
        assert result.problems
        assert result.events == events[: len(result.events)]


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=15,
)


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payloads=st.lists(st.dictionaries(_TEXT, _JSON, max_size=5), min_size=1, max_size=5),
       signed=st.booleans())
def test_any_json_payload_round_trips(tmp_path: Path, payloads: list[dict], signed: bool) -> None:
    from simulator.log import LogWriter, ManualClock

    key = KEY if signed else None
    path = tmp_path / "r.jsonl"
    path.unlink(missing_ok=True)
    with LogWriter.create(path, {"world": payloads[0]}, key, clock=ManualClock()) as writer:
        written = [writer.append("free_text", payload) for payload in payloads]
    result = read_log(path, key, strict=True)
    assert result.verified and result.events == written
    assert [event["data"] for event in result.events] == payloads
    assert result.header is not None and result.header["world"] == payloads[0]
