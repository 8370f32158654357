"""Scenario loader speed: load + validate + compile vs bare `yaml.safe_load` of the same file.

Prints absolute times and the ratio (target ≤ 4×), then `ntc scenarios validate` over every
shipped scenario (target < 0.5 s, measured in-process and as a fresh process).
Run: .venv/bin/python benchmarks/bench_scenario.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from simulator.scenario import shipped_scenarios, validate
from simulator.scenario.checks import check_scenario
from simulator.scenario.compile import compile_machine
from simulator.scenario.loader import load_file
from simulator.scenario.synthetic import big_scenario_text


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


class _Model:
    pass


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetique.yaml"
        path.write_text(big_scenario_text(1000), encoding="utf-8")
        size = path.stat().st_size
        text = path.read_text(encoding="utf-8")

        def pipeline() -> None:
            scenario, problems = load_file(path)
            assert scenario is not None
            problems += check_scenario(scenario)
            assert not [p for p in problems if p.is_error], problems[:3]
            compile_machine(scenario, _Model())

        def load_only() -> None:
            load_file(path)

        baseline_py = best_of(lambda: yaml.safe_load(text))
        baseline_c = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        ours = best_of(pipeline)
        loading = best_of(load_only)
    print(f"Scénario synthétique : 1 000 nœuds, {size / 1024:.0f} Kio")
    print(f"  yaml.safe_load (référence)           : {baseline_py * 1000:7.1f} ms")
    print(f"  yaml.load CSafeLoader (pour info)    : {baseline_c * 1000:7.1f} ms")
    print(f"  chargement seul (positions, modèle)  : {loading * 1000:7.1f} ms")
    print(f"  chargement + vérifications + machine : {ours * 1000:7.1f} ms")
    ratio = ours / baseline_py
    print(f"  ratio / yaml.safe_load               : {ratio:7.2f}×  (objectif ≤ 4×)")
    print(f"  ratio / CSafeLoader                  : {ours / baseline_c:7.2f}×")

    shipped = shipped_scenarios()

    def validate_all() -> None:
        for p in shipped:
            validate(p)

    in_process = best_of(validate_all)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "simulator", "scenarios", "validate"],
                          capture_output=True, text=True, check=False)
    fresh = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "simulator", "--version"], capture_output=True,
                   check=False)
    startup = time.perf_counter() - start
    print(f"\nntc scenarios validate ({len(shipped)} scénarios fournis)")
    print(f"  en mémoire                           : {in_process * 1000:7.1f} ms")
    print(f"  nouveau processus                    : {fresh * 1000:7.1f} ms"
          f"  (démarrage seul de ntc : {startup * 1000:.0f} ms ; objectif < 500 ms)")
    print(f"  code de sortie                       : {proc.returncode}")
    return 0 if ratio <= 4 else 1


if __name__ == "__main__":
    raise SystemExit(main())
