"""The pure-Python model gives scikit-learn's probabilities (needs the [train] extra)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from simulator.nlu.dataset import load_acts, training_pairs
from simulator.nlu.model import ActModel
from simulator.nlu.train import export, fit, regression_parity

DEV = Path(__file__).parent / "data" / "nlu" / "dev.tsv"


def test_json_model_matches_sklearn_on_unseen_text() -> None:
    data, _ = load_acts()
    pairs = training_pairs(data)[::3]          # a third of the examples: quick to fit
    texts = [t for t, _ in pairs]
    labels = [a for _, a in pairs]
    fitted = fit(texts, labels)
    model = ActModel(json.loads(json.dumps(export(fitted, data, 0.3, 1.0, texts))))
    dev = [line.split("\t", 1)[1] for line in DEV.read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
    assert regression_parity(fitted, model, dev) < 2e-3
    sk = fitted.clf.classes_[fitted.probabilities(dev).argmax(axis=1)]
    mine = [max(zip(model.acts, model.regression(__import__("simulator.nlu.text", fromlist=[
        "normalise"]).normalise(t)), strict=True), key=lambda p: p[1])[0] for t in dev]
    agree = sum(a == b for a, b in zip(sk, mine, strict=True)) / len(dev)
    assert agree >= 0.99
