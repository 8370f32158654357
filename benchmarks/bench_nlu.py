"""Free-text understanding: accuracy on the development set, entities, load time, latency.

    .venv/bin/python benchmarks/bench_nlu.py [--repeat 3]

The development set (tests/data/nlu/dev.tsv) is never used for training. Baseline measured in
the same run: the former matcher (rapidfuzz `token_set_ratio` to the closest written
example), on the same utterances. Targets (issue 11): accuracy >= 90 %, macro-F1 >= 0.90,
every act's recall >= 75 %, negotiation entities found >= 95 %, load <= 0.5 s, p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.nlu import evaluation as nlu_eval
from simulator.nlu.dataset import load_acts, training_pairs
from simulator.nlu.entities import extract
from simulator.nlu.model import _load, model_path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "nlu" / "dev.tsv"
ENTITIES = ROOT / "tests" / "data" / "nlu" / "entities.jsonl"


def dev_rows() -> list[tuple[str, str]]:
    rows = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            act, text = line.split("\t", 1)
            rows.append((act, text))
    return rows


def baseline_predictor() -> object:
    from rapidfuzz import fuzz

    data, _ = load_acts()
    pairs = training_pairs(data)

    def predict(text: str) -> str:
        best = max(pairs, key=lambda p: fuzz.token_set_ratio(text, p[0]))
        return best[1]
    return predict


def timed(fn: object, items: list[str]) -> list[float]:
    out = []
    for x in items:
        t = time.perf_counter()
        fn(x)  # type: ignore[operator]
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def entity_recall() -> tuple[float, int, int, list[str]]:
    found, expected, misses = nlu_eval.entity_recall(
        nlu_eval.read_lines(ENTITIES), lambda t: [(e.type, e.value) for e in extract(t)])
    return found / expected, found, expected, misses


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rows = dev_rows()
    texts = [t for _, t in rows]
    truth = [a for a, _ in rows]

    path = str(model_path())
    loads, parses = [], []
    for _ in range(max(1, args.repeat)):
        _load.cache_clear()
        t = time.perf_counter()
        model = _load(path)
        loads.append(time.perf_counter() - t)
        t = time.perf_counter()
        json.loads(Path(path).read_bytes())
        parses.append(time.perf_counter() - t)
    print(f"model: {Path(path).stat().st_size // 1024} KiB, sha256 {model.sha256[:12]}…")
    ratio = statistics.median(loads) / statistics.median(parses)
    print(f"load: min {min(loads):.3f} s, median {statistics.median(loads):.3f} s, "
          f"max {max(loads):.3f} s (target <= 0.5 s); json.loads alone median "
          f"{statistics.median(parses):.3f} s (ratio x{ratio:.1f})")

    def predict(text: str) -> str:
        return model.rank(text)[0].act

    pred = [predict(t) for t in texts]
    acc, f1, recall = nlu_eval.act_scores(truth, pred)
    base = baseline_predictor()
    base_pred = [base(t) for t in texts]  # type: ignore[operator]
    bacc, bf1, brecall = nlu_eval.act_scores(truth, base_pred)
    print(f"dev set: {len(rows)} utterances, {len(set(truth))} acts (never used for training)")
    print(f"accuracy: {acc * 100:.1f} % (target >= 90 %); baseline token_set_ratio "
          f"{bacc * 100:.1f} %")
    print(f"macro-F1: {f1:.3f} (target >= 0.90); baseline {bf1:.3f}")
    low = min(recall.values())
    print(f"lowest act recall: {low * 100:.0f} % (target >= 75 %)")
    for act in sorted(recall):
        print(f"  {act:24s} recall {recall[act] * 100:5.1f} %   baseline "
              f"{brecall[act] * 100:5.1f} %")
    errors = Counter((t, p) for t, p in zip(truth, pred, strict=True) if t != p)
    if errors:
        print("most frequent confusions: " + ", ".join(
            f"{t}→{p} ({n})" for (t, p), n in errors.most_common(5)))

    rec, found, expected, misses = entity_recall()
    print(f"entities: {found}/{expected} found = {rec * 100:.1f} % (target >= 95 %)")
    for miss in misses[:5]:
        print(f"  missed: {miss}")

    def full(text: str) -> None:
        model.rank(text)
        extract(text)

    lat = timed(full, texts * max(1, args.repeat))
    blat = timed(base, texts[:100])  # type: ignore[arg-type]
    print(f"latency (acts + entities): min {min(lat):.2f} ms, p50 "
          f"{statistics.median(lat):.2f} ms, p95 {pct(lat, 0.95):.2f} ms, max {max(lat):.2f} ms "
          f"(target p95 <= 20 ms); baseline matcher p50 {statistics.median(blat):.2f} ms "
          f"(ratio x{statistics.median(lat) / statistics.median(blat):.2f})")
    long_text = "Je vous propose une remise de 3 % si vous signez aujourd'hui. " * 160
    ll = timed(full, [long_text] * 3)
    print(f"10,000-character line: median {statistics.median(ll):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
