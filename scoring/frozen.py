"""A folded session as plain JSON: what the session result cache keeps of a scored log.

`SessionFold` reads every event; a warm `ntc score` (same bytes, same code: see
`simulator.trust.scorecache`) instead restores its outcome from this JSON — the evidence
already translated to the referential, the counters, the fingerprint and the copy trace —
and builds the result with the same `session_result` as a live fold. Nothing executable is
stored; any entry that does not have exactly the expected shape raises `ValueError` (a
miss for the cache, never trusted).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scoring.copies import Trace
from scoring.evidence import Evidence
from scoring.fold import FoldTotals, SessionFold, session_name, session_result
from scoring.referential import Referential
from scoring.results import Note, Override, SessionResult

# The header fields a result, a duplicate check and the evaluator's decisions read.
HEAD_KEYS = ("session_id", "trainee", "mode", "seed", "started_at", "signed", "referential")
SCENARIO_KEYS = ("id", "version", "titre", "title")


def head_of(header: dict[str, Any]) -> dict[str, Any]:
    """The few header fields scoring reads once the events are folded."""
    out = {k: header[k] for k in HEAD_KEYS if k in header}
    scen = header.get("scenario")
    if isinstance(scen, dict):
        out["scenario"] = {k: scen[k] for k in SCENARIO_KEYS if k in scen}
    return out


class _Digest:
    def __init__(self, text: str) -> None:
        self._text = text

    def hexdigest(self) -> str:
        return self._text


class _Traced:
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    def result(self) -> Trace:
        return self._trace


class FrozenFold:
    """A `SessionFold`'s outcome restored from JSON (same `result`, fingerprint, trace)."""

    def __init__(self, header: dict[str, Any], referential: Referential,
                 evidence: Sequence[Evidence], unmapped: Sequence[str], totals: FoldTotals,
                 fingerprint: str, trace: Trace) -> None:
        self.header = header
        self.referential = referential
        self._evidence = tuple(evidence)
        self._unmapped = tuple(unmapped)
        self.totals = totals
        self.fingerprint = _Digest(fingerprint)
        self.trace = _Traced(trace)

    def result(self, *, path: str = "", warnings: Sequence[str] = (),
               overrides: Sequence[Override] = (), notes: Sequence[Note] = (),
               verified: bool = True, signature_checked: bool = False) -> SessionResult:
        return session_result(self.header, self.referential, self._evidence, self._unmapped,
                              self.totals, path=path, warnings=warnings, overrides=overrides,
                              notes=notes, verified=verified,
                              signature_checked=signature_checked)


def _evidence_json(ev: Evidence) -> list[Any]:
    return [ev.criterion, ev.weight, ev.justification, ev.source, list(ev.seqs), ev.quote,
            ev.blocker, ev.native, ev.session, ev.origin]


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text expected")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("integer expected")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _evidence(row: Any) -> Evidence:
    """One evidence row (the checks of `_str` and `_int`, inlined: a row per evidence)."""
    if not isinstance(row, list) or len(row) != 10:
        raise ValueError("evidence row expected")
    crit, weight, why, source, seqs, quote, blocker, native, session, origin = row
    if not isinstance(seqs, list) or not isinstance(blocker, bool) or not (
            quote is None or isinstance(quote, str)):
        raise ValueError("bad evidence")
    if not (isinstance(crit, str) and isinstance(why, str) and isinstance(source, str)
            and isinstance(native, str) and isinstance(session, str)
            and isinstance(origin, str)):
        raise ValueError("text expected")
    if not _is_int(weight) or not all(map(_is_int, seqs)):
        raise ValueError("integer expected")
    return Evidence(crit, weight, why, source, tuple(seqs), quote, blocker, native, session,
                    origin)


def freeze(fold: SessionFold, path: str) -> dict[str, Any]:
    """The JSON of a fold whose every event has been fed (evidence in its referential)."""
    session = session_name(fold.header, path)
    evidence, unmapped = fold.evidence(session)
    trace = fold.trace.result()
    return {"head": head_of(fold.header), "evidence": [_evidence_json(e) for e in evidence],
            "unmapped": list(unmapped), "outcome": fold.outcome, "last_t": fold.last_t,
            "count": fold.count, "fingerprint": fold.fingerprint.hexdigest(),
            "trace": {"bucket": trace.bucket, "keys": list(trace.keys),
                      "times": list(trace.times)}}


def thaw(data: Any, referential: Referential) -> FrozenFold:
    """The fold of `freeze`'s JSON; ValueError for anything else."""
    if not isinstance(data, dict) or not isinstance(data.get("head"), dict):
        raise ValueError("fold expected")
    outcome, last_t = data.get("outcome"), data.get("last_t")
    if outcome is not None and not isinstance(outcome, str):
        raise ValueError("bad outcome")
    trace = data.get("trace")
    if not isinstance(trace, dict) or not isinstance(trace.get("keys"), list) \
            or not isinstance(trace.get("times"), list):
        raise ValueError("bad trace")
    times = trace["times"]
    if not all(isinstance(t, float) for t in times) or len(times) != len(trace["keys"]):
        raise ValueError("bad trace times")
    unmapped = data.get("unmapped")
    evidence = data.get("evidence")
    if not isinstance(unmapped, list) or not isinstance(evidence, list):
        raise ValueError("bad evidence")
    return FrozenFold(
        data["head"], referential, [_evidence(row) for row in evidence],
        [_str(u) for u in unmapped],
        FoldTotals(outcome, None if last_t is None else _int(last_t), _int(data.get("count"))),
        _str(data.get("fingerprint")),
        Trace(_str(trace.get("bucket")), tuple(_str(k) for k in trace["keys"]),
              tuple(times)))
