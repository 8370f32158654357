"""Speed of the expression evaluator, as ratios against plain Python in the same run.

Run: .venv/bin/python benchmarks/bench_expressions.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from simulator.scenario.expressions import DictEnv, parse_expression

ENV = DictEnv({
    "client": {"ca_annuel": 3_000_000, "segment": "A"},
    "confiance": 2,
    "humeur": "mefiant",
    "commandes": [{"montant_ht": float(i)} for i in range(200)],
}, visits={"accueil": 1}, revealed={"arrets"})

CASES: dict[str, tuple[str, Callable[[], object]]] = {
    "condition": (
        "client.ca_annuel > 2_000_000 et confiance >= 2 ou humeur in ['calme', 'presse']",
        lambda: (ENV.values["client"]["ca_annuel"] > 2_000_000  # type: ignore[index]
                 and ENV.values["confiance"] >= 2)  # type: ignore[operator]
        or ENV.values["humeur"] in ["calme", "presse"],
    ),
    "aggregate (200 rows)": (
        "arrondi(somme(commandes.montant_ht) / compte(commandes), 2)",
        lambda: round(sum(c["montant_ht"] for c in ENV.values["commandes"])  # type: ignore[attr-defined]
                      / len(ENV.values["commandes"]), 2),  # type: ignore[arg-type]
    ),
    "visits": ("visites(accueil) > 0 et revele(arrets)",
               lambda: ENV.visits.get("accueil", 0) > 0 and "arrets" in ENV.revealed),
}


def _time(func: Callable[[], object], seconds: float = 0.5) -> float:
    """Mean seconds per call over a fixed time window."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            func()
        count += 100
    return elapsed / count


def main() -> None:
    print(f"{'cas':<22} {'évaluateur µs':>14} {'Python µs':>10} {'ratio':>7}")
    for name, (src, native) in CASES.items():
        expr = parse_expression(src)
        assert expr.evaluate(ENV) == native(), name
        ours, base = _time(lambda e=expr: e.evaluate(ENV)), _time(native)
        print(f"{name:<22} {ours * 1e6:>14.2f} {base * 1e6:>10.2f} {ours / base:>7.1f}")
    src = CASES["condition"][0]
    cold = _time(lambda: parse_expression.__wrapped__(src))
    warm = _time(lambda: parse_expression(src))
    print(f"{'analyse (sans cache)':<22} {cold * 1e6:>14.2f} {warm * 1e6:>10.2f} "
          f"{cold / warm:>7.1f}  (colonne 2 : avec cache)")


if __name__ == "__main__":
    main()
