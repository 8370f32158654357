"""Scenario loader speed against what it competes with: libyaml's CSafeLoader.

    .venv/bin/python benchmarks/bench_scenario.py [--repeat 7] [--nodes 1000]

1. A synthetic scenario (300 nodes; `--nodes 1000` for the large one): load (positions,
   model) + checks + state machine vs `yaml.load(text, Loader=yaml.CSafeLoader)` of the
   same text, the C parser the loader itself drives (target <= 4x). Pure-Python
   `yaml.safe_load` is shown for information only.
2. `ntc scenarios validate` of every shipped scenario in a fresh process (target < 500 ms,
   start-up of `ntc --version` shown beside it), and `ntc scenarios list` with its summary
   cache warm vs cold (information).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from benchlib import ROOT, Samples, paired, report, timed

from simulator.scenario import shipped_scenarios
from simulator.scenario.checks import check_scenario
from simulator.scenario.compile import compile_machine
from simulator.scenario.loader import load_file
from simulator.scenario.synthetic import big_scenario_text


class _Model:
    pass


def ntc(args: list[str], env: dict[str, str]) -> float:
    return timed(lambda: subprocess.run([sys.executable, "-m", "simulator", *args], env=env,
                                        capture_output=True, check=False, cwd=ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--nodes", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetique.yaml"
        path.write_text(big_scenario_text(args.nodes), encoding="utf-8")
        text = path.read_text(encoding="utf-8")

        cold = {"n": 0}

        def pipeline() -> None:
            cold["n"] += 1            # a fresh data dir: the composed-YAML cache is cold
            os.environ["NTC_DATA_DIR"] = str(Path(tmp) / f"froid-{cold['n']}")
            scenario, problems = load_file(path)
            assert scenario is not None
            problems += check_scenario(scenario)
            assert not [p for p in problems if p.is_error], problems[:3]
            compile_machine(scenario, _Model())

        ours, base = paired(pipeline, lambda: yaml.load(text, Loader=yaml.CSafeLoader),
                            args.repeat)
        report(f"1. Synthetic scenario, {args.nodes} nodes ({len(text) // 1024} KiB)",
               Samples("load + checks + machine (no cache)", ours),
               Samples("yaml.load CSafeLoader", base), 4.0)
        py = [timed(lambda: yaml.safe_load(text)) for _ in range(3)]
        print("  " + Samples("yaml.safe_load, pure Python (information)", py).text())

        env = dict(os.environ, NTC_DATA_DIR=str(Path(tmp) / "donnees"))
        count = len(shipped_scenarios())
        validate = [ntc(["scenarios", "validate"], env) for _ in range(args.repeat)]
        startup = [ntc(["--version"], env) for _ in range(args.repeat)]
        print(f"\n2. ntc scenarios validate ({count} shipped scenarios), fresh process")
        print("  " + Samples("ntc scenarios validate (YAML cache warm)", validate).text())
        print("  " + Samples("ntc --version (start-up alone)", startup).text())
        median = Samples("", validate).median
        print(f"  target < 500 ms -> {'met' if median < 0.5 else 'MISSED'}")
        cold, warm = [], []
        for i in range(args.repeat):
            fresh = dict(env, NTC_DATA_DIR=str(Path(tmp) / f"froid-{i}"))
            cold.append(ntc(["scenarios", "list"], fresh))
            warm.append(ntc(["scenarios", "list"], env))
        print("  ntc scenarios list (information; the home catalogue target is in bench_tui)")
        print("  " + Samples("scenarios list, summary cache warm", warm).text())
        print("  " + Samples("scenarios list, cache cold (loads every scenario)", cold).text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
