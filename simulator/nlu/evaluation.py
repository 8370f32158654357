"""Measuring the act model and the entities on labelled data (benchmarks and tests)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path


def act_scores(truth: list[str], pred: list[str]) -> tuple[float, float, dict[str, float]]:
    """Accuracy, macro-F1 and per-act recall."""
    pairs = list(zip(truth, pred, strict=True))
    acc = sum(t == p for t, p in pairs) / len(pairs)
    recall: dict[str, float] = {}
    f1s = []
    for a in sorted(set(truth)):
        tp = sum(t == a and p == a for t, p in pairs)
        fn = sum(t == a and p != a for t, p in pairs)
        fp = sum(t != a and p == a for t, p in pairs)
        r = tp / (tp + fn) if tp + fn else 0.0
        pr = tp / (tp + fp) if tp + fp else 0.0
        recall[a] = r
        f1s.append(2 * pr * r / (pr + r) if pr + r else 0.0)
    return acc, sum(f1s) / len(f1s), recall


def entity_recall(lines: Iterable[str], extract: Callable[[str], list[tuple[str, object]]]
                  ) -> tuple[int, int, list[str]]:
    """(found, expected, misses) over JSON lines `{"texte", "entites": [{"type","valeur"}]}`;
    `extract(text)` gives (type, value) pairs."""
    found = expected = 0
    misses: list[str] = []
    for line in lines:
        item = json.loads(line)
        got = extract(item["texte"])
        for want in item["entites"]:
            expected += 1
            key = (want["type"], want["valeur"])
            if key in got:
                found += 1
                got.remove(key)
            else:
                misses.append(f"{item['texte']} → {key}")
    return found, expected, misses


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
