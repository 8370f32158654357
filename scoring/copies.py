"""Copies of a session recognised by what the trainee did, not by the labels of the file.

A session id and a start time are labels: an unsigned copy can get new ones and a freshly
computed hash chain. What a trainee cannot reproduce on an honest second attempt is the
rhythm of their inputs. Two logs are the same session when they share the scenario (sha256),
the seed and the world, most of their inputs are the same (same type and content, in the
same order: an input added, removed or cut at the end is tolerated), and the times of those
common inputs are an affine function of each other within a few milliseconds — a copy whose
times were all shifted, or scaled, or left alone. A human playing twice never keeps their
timings to the millisecond. A scripted run (inputs milliseconds apart, or a clock stepping in
round seconds) carries no rhythm, so it is only matched by the labels rule of
`scorer.fingerprint`. Limit: an unsigned copy whose every time is moved by more than the
tolerance is not recognised; a signed log refuses any edit.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

TOLERANCE_MS = 5.0        # timings of a copy agree within this, after the affine fit
MIN_COMMON = 4            # inputs in common, at least
MIN_SHARE = 0.75          # ... and this share of the shorter session's inputs
INFORMATIVE_MS = 200      # a gap between two inputs that says something of the trainee
ROUND_MS = 100            # gaps in whole hundreds of ms come from a script, not a person
MIN_GAPS = 3              # such gaps among the common inputs, for the rhythm to count
MAX_TRAINEES = 64         # traces kept per trainee, for this many recent trainees
MAX_PER_BUCKET = 64       # traces compared per (trainee, scenario, seed, world)
MAX_INPUTS = 600          # inputs aligned per session (the alignment is quadratic)

_NOT_CONTENT = ("session_resumed",)
COPY_HOW = "mêmes saisies au même rythme, sous un autre identifiant ou une autre date"


@dataclass(frozen=True)
class Trace:
    """What the trainee did: the session's bucket, its inputs and their offsets (ms)."""

    bucket: str
    keys: tuple[str, ...]
    times: tuple[float, ...]


def _world_digest(header: dict[str, Any]) -> str:
    ref = header.get("world_sha256")
    if isinstance(ref, str) and ref:
        return ref
    world = header.get("world")
    if world is None:
        return ""
    text = json.dumps(world, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _offset(event: dict[str, Any]) -> float | None:
    t = event.get("t_ms")
    if isinstance(t, bool) or not isinstance(t, int | float):
        return None
    return float(t) if abs(t) < 1e15 else None


class TraceBuilder:
    """The trace of a session built as its events go by (scoring streams the log): only
    the inputs' short keys and offsets are kept, never the events."""

    def __init__(self, header: dict[str, Any], input_types: frozenset[str]) -> None:
        scen = header.get("scenario") if isinstance(header.get("scenario"), dict) else {}
        assert isinstance(scen, dict)
        bucket = json.dumps([scen.get("sha256"), header.get("seed"), _world_digest(header)],
                            default=str)
        self._bucket = hashlib.sha256(bucket.encode()).hexdigest()
        self._types = input_types
        self._keys: list[str] = []
        self._times: list[float] = []

    def feed(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind not in self._types or kind in _NOT_CONTENT or len(self._keys) >= MAX_INPUTS:
            return          # only the first MAX_INPUTS are ever compared: memory stays flat
        t = _offset(event)
        if t is None:
            return
        content = json.dumps([kind, event.get("data")], sort_keys=True, ensure_ascii=True,
                             default=str)
        self._keys.append(hashlib.sha256(content.encode()).hexdigest()[:16])
        self._times.append(t)

    def result(self) -> Trace:
        return Trace(self._bucket, tuple(self._keys), tuple(self._times))


def trace(header: dict[str, Any], events: Sequence[dict[str, Any]],
          input_types: frozenset[str]) -> Trace:
    """The trace of a session: inputs of `input_types` (resume marks excluded)."""
    builder = TraceBuilder(header, input_types)
    for event in events:
        builder.feed(event)
    return builder.result()


def _common(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of `a` and `b` (inputs in order)."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _affine_within(xs: Sequence[float], ys: Sequence[float], tolerance: float) -> bool:
    """Whether ys = k·xs + c (k > 0) for every pair, within `tolerance` ms."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        return False
    k = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var
    if k <= 0:
        return False
    c = my - k * mx
    worst = max(abs(k * x + c - y) for x, y in zip(xs, ys, strict=True))
    # a scaled copy rounds each offset to the ms: allow that on both sides
    return worst <= tolerance + 0.5 * (1 + k)


def _informative(times: Sequence[float]) -> bool:
    """Whether the times carry a human rhythm: gaps of a fraction of a second or more,
    not in round hundreds of ms (a scripted or hand-written clock)."""
    gaps = [b - a for a, b in pairwise(times)]
    return sum(1 for g in gaps if g >= INFORMATIVE_MS and g % ROUND_MS) >= MIN_GAPS


def same_session(a: Trace, b: Trace) -> bool:
    """Whether `b` is a copy (possibly edited) of `a` (same trainee): see the module
    docstring."""
    if a.bucket != b.bucket:
        return False
    ka, kb = a.keys[:MAX_INPUTS], b.keys[:MAX_INPUTS]
    needed = max(MIN_COMMON, MIN_SHARE * min(len(ka), len(kb)))
    if sum((Counter(ka) & Counter(kb)).values()) < needed:
        return False        # cheap test first: the alignment below is quadratic
    pairs = _common(ka, kb)
    if len(pairs) < needed:
        return False
    xs = [a.times[i] for i, _ in pairs]
    ys = [b.times[j] for _, j in pairs]
    if not (_informative(xs) or _informative(ys)):
        return False
    return _affine_within(xs, ys, TOLERANCE_MS)


class CopyIndex:
    """Traces of the sessions scored so far, per trainee (recent trainees only: a cohort is
    scored trainee by trainee, so memory stays flat in the number of logs)."""

    def __init__(self) -> None:
        self._by_trainee: OrderedDict[str, dict[str, list[tuple[Trace, str]]]] = OrderedDict()

    def find(self, trainee: str, item: Trace) -> str | None:
        """The path of an earlier session `item` copies, else None."""
        buckets = self._by_trainee.get(trainee)
        if buckets is None:
            return None
        for earlier, path in buckets.get(item.bucket, []):
            if same_session(earlier, item):
                return path
        return None

    def add(self, trainee: str, item: Trace, path: str) -> None:
        buckets = self._by_trainee.setdefault(trainee, {})
        self._by_trainee.move_to_end(trainee)
        while len(self._by_trainee) > MAX_TRAINEES:
            self._by_trainee.popitem(last=False)
        kept = buckets.setdefault(item.bucket, [])
        kept.append((item, path))
        del kept[:-MAX_PER_BUCKET]


class Seen(dict[str, tuple[str, str]]):
    """The marks of the sessions already counted (ids, exact fingerprints), and their
    traces for the edited copies."""

    def __init__(self) -> None:
        super().__init__()
        self.copies = CopyIndex()


def find_copy(seen: dict[str, tuple[str, str]], trainee: str, item: Trace,
              path: str) -> tuple[str, str, str] | None:
    """`(trainee, path, "trace")` of the session this one copies, else None (and it is
    remembered).

    Only a `Seen` keeps traces; a plain dict of marks gets the labels rule alone.
    """
    if not isinstance(seen, Seen):
        return None
    mark = rhythm_mark(item)
    if mark is not None and mark in seen:     # across trainees: a copy given another name
        owner, first = seen[mark]
        return owner, first, "trace"
    found = seen.copies.find(trainee, item)
    if found is not None:
        return trainee, found, "trace"
    seen.copies.add(trainee, item, path)
    if mark is not None:
        seen[mark] = (trainee, path)
    return None


def rhythm_mark(item: Trace) -> str | None:
    """A short mark of the inputs and the gaps between them (ms), kept for every session:
    a copy under other labels — another trainee's name included — or with its times shifted
    has the same. None without a human rhythm."""
    if not _informative(item.times):
        return None
    gaps = [round(b - a) for a, b in pairwise(item.times)]
    text = json.dumps([item.bucket, item.keys, gaps])
    return "rythme:" + hashlib.sha256(text.encode()).hexdigest()
