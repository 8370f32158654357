"""Shared by the benchmarks: paired samples, min/median/max, a ratio next to its target.

Absolute times on a shared 2-core machine are noise; what is printed is the ratio of
medians of samples taken alternately (ours, baseline, ours, …) in the same run, with the
target it is judged against. Nothing is asserted: a benchmark reports, a human decides.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Samples:
    """Repeated measurements of one thing (seconds, or any unit with `unit`)."""

    label: str
    values: list[float]
    unit: str = "ms"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def text(self) -> str:
        scale = 1000.0 if self.unit == "ms" else 1.0
        lo, mid, hi = (min(self.values) * scale, self.median * scale, max(self.values) * scale)
        return (f"{self.label:<44} min {lo:9.2f}  median {mid:9.2f}  max {hi:9.2f} {self.unit}"
                f"  (n={len(self.values)})")


def timed(fn: Callable[[], object]) -> float:
    """Seconds taken by one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(ours: Callable[[], object], base: Callable[[], object], repeat: int, *,
           warmup: int = 1) -> tuple[list[float], list[float]]:
    """Alternate the two so that both see the same machine conditions (and which one goes
    first each time: an fsync right after another one is not the same fsync)."""
    for _ in range(warmup):
        ours()
        base()
    a: list[float] = []
    b: list[float] = []
    for i in range(repeat):
        if i % 2:
            b.append(timed(base))
            a.append(timed(ours))
        else:
            a.append(timed(ours))
            b.append(timed(base))
    return a, b


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "MISSED"


def peak_rss() -> int:
    """Peak resident memory of this process in bytes: VmHWM of /proc (which, unlike
    ru_maxrss, does not count the parent's memory inherited before exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def report(title: str, ours: Samples, base: Samples, target: float | None) -> float:
    """Print both series and the ratio of medians with its target; return the ratio."""
    ratio = ours.median / base.median if base.median else float("inf")
    per_pair = sorted(a / b for a, b in zip(ours.values, base.values, strict=False) if b)
    print(title)
    print("  " + ours.text())
    print("  " + base.text())
    spread = (f" (paired ratios min {per_pair[0]:.2f} / median "
              f"{statistics.median(per_pair):.2f} / max {per_pair[-1]:.2f})" if per_pair else "")
    aim = (f"target <= {target:g}x  -> {verdict(ratio, target)}" if target is not None
           else "(information, no target)")
    print(f"  ratio of medians {ratio:.2f}x  {aim}{spread}")
    return ratio
