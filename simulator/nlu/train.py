"""`ntc nlu train`: fit the act model on `scenarios/actes/` and write it as JSON package data.

Needs the optional `[train]` extra (scikit-learn); the run-time model does not. Seeded, so
the same act files give the same model bytes. Steps: TF-IDF character (char_wb 2–5) and word
(1–2) n-grams → multinomial logistic regression; keep the most useful features and refit on
them (a small file that loads fast); choose the pattern mix and the calibration temperature
on 5-fold cross-validated predictions; write weights, vocabulary, patterns and the SHA-256
of the inputs.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.nlu.dataset import (
    ActData,
    inputs_sha256,
    load_acts,
    missing_acts,
    training_pairs,
)
from simulator.nlu.features import TOKEN_PATTERN, char_wb_ngrams, word_ngrams
from simulator.nlu.model import MODEL_FORMAT, ActModel, _softmax, _temper, model_path
from simulator.nlu.text import normalise
from simulator.scenario.model import ACTS

SEED = 13
C = 20.0
CHAR_FEATURES = 5000
WORD_FEATURES = 1500
SCALE = 1e-3                  # weights are stored as integers × SCALE
MIXES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
TEMPERATURES = tuple(round(0.4 + 0.1 * i, 1) for i in range(27))


class TrainError(Exception):
    """Training cannot run (French message)."""


@dataclass
class Fitted:
    """A fitted scikit-learn model (vectorisers + classifier) and its class order."""

    char: Any
    word: Any
    clf: Any

    def probabilities(self, texts: list[str]) -> Any:
        return self.clf.predict_proba(self.features(texts))

    def features(self, texts: list[str]) -> Any:
        from scipy.sparse import hstack

        return hstack([self.char.transform(texts), self.word.transform(texts)]).tocsr()


def _sklearn() -> Any:
    try:
        import sklearn
    except ImportError:
        raise TrainError("l'entraînement demande scikit-learn : installez l'option "
                         "« pip install 'ntc-simulator[train]' »") from None
    return sklearn


def _np() -> Any:
    import numpy

    return numpy


def _vectorisers(char_vocab: list[str] | None = None,
                 word_vocab: list[str] | None = None) -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    np = _np()

    common: dict[str, Any] = {"preprocessor": normalise, "lowercase": False,
                              "sublinear_tf": True, "dtype": np.float64}
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), vocabulary=char_vocab,
                           min_df=1 if char_vocab else 2, **common)
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=TOKEN_PATTERN,
                           vocabulary=word_vocab, **common)
    return char, word


def fit(texts: list[str], labels: list[str], seed: int = SEED, prune: bool = True) -> Fitted:
    """Fit, keep the strongest features of each block, refit on them."""
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression

    def one(char: Any, word: Any) -> Fitted:
        x = hstack([char.fit_transform(texts), word.fit_transform(texts)]).tocsr()
        clf = LogisticRegression(C=C, max_iter=3000, random_state=seed)
        clf.fit(x, labels)
        return Fitted(char, word, clf)

    first = one(*_vectorisers())
    if not prune:
        return first
    strength = abs(first.clf.coef_).max(axis=0)
    n_char = len(first.char.vocabulary_)
    char_terms = sorted(first.char.vocabulary_, key=first.char.vocabulary_.get)
    word_terms = sorted(first.word.vocabulary_, key=first.word.vocabulary_.get)
    char_rank = sorted(range(n_char), key=lambda i: (-strength[i], char_terms[i]))
    word_rank = sorted(range(len(word_terms)),
                       key=lambda i: (-strength[n_char + i], word_terms[i]))
    char_keep = sorted(char_terms[i] for i in char_rank[:CHAR_FEATURES])
    word_keep = sorted(word_terms[i] for i in word_rank[:WORD_FEATURES])
    return one(*_vectorisers(char_keep, word_keep))


def _pattern_matrix(texts: list[str], data: list[ActData], acts: list[str]) -> list[list[float]]:
    import re

    compiled = [(acts.index(d.act), re.compile(p.regex), p.weight)
                for d in data for p in d.patterns]
    rows = []
    for text in texts:
        norm = normalise(text)
        row = [0.0] * len(acts)
        for index, regex, weight in compiled:
            if regex.search(norm):
                row[index] += weight
        rows.append(row)
    return rows


def _mixed(probs: list[float], pats: list[float], mix: float) -> list[float]:
    total = sum(pats)
    if total <= 0:
        return probs
    return [(1 - mix) * p + mix * s / total for p, s in zip(probs, pats, strict=True)]


def calibrate(texts: list[str], labels: list[str], data: list[ActData],
              seed: int = SEED) -> tuple[float, float, float]:
    """(mix, temperature, cross-validated accuracy) from 5-fold out-of-fold predictions."""
    from sklearn.model_selection import StratifiedKFold

    acts = sorted(set(labels))
    oof: list[list[float]] = [[] for _ in texts]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for train_idx, test_idx in folds.split(texts, labels):
        fitted = fit([texts[i] for i in train_idx], [labels[i] for i in train_idx], seed,
                     prune=False)
        probs = fitted.probabilities([texts[i] for i in test_idx])
        order = list(fitted.clf.classes_)
        for row, i in zip(probs, test_idx, strict=True):
            oof[i] = [float(row[order.index(a)]) for a in acts]
    pats = _pattern_matrix(texts, data, acts)
    truth = [acts.index(label) for label in labels]

    def accuracy(mix: float) -> float:
        hits = 0
        for p, s, t in zip(oof, pats, truth, strict=True):
            m = _mixed(p, s, mix)
            hits += max(range(len(m)), key=m.__getitem__) == t
        return hits / len(truth)

    best_mix = max(MIXES, key=lambda m: (round(accuracy(m), 4), -m))

    def nll(temperature: float) -> float:
        total = 0.0
        for p, s, t in zip(oof, pats, truth, strict=True):
            total -= math.log(max(_temper(_mixed(p, s, best_mix), temperature)[t], 1e-12))
        return total

    best_t = min(TEMPERATURES, key=nll)
    return best_mix, best_t, accuracy(best_mix)


def export(fitted: Fitted, data: list[ActData], mix: float, temperature: float,
           texts: list[str]) -> dict[str, Any]:
    """The JSON model: vocabularies, idf, integer weights, bias, patterns, inputs hash."""
    acts = [str(a) for a in fitted.clf.classes_]
    coef = fitted.clf.coef_
    blocks, column = [], 0
    for kind, vec, ngram in (("char_wb", fitted.char, [2, 5]), ("word", fitted.word, [1, 2])):
        terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
        blocks.append({"kind": kind, "ngram": ngram, "terms": terms,
                       "idf": [round(float(v), 6) for v in vec.idf_]})
        column += len(terms)
    weights = [[round(float(coef[k, j]) / SCALE) for k in range(len(acts))]
               for j in range(column)]
    words: set[str] = set()
    trigrams: set[str] = set()
    for text in texts:
        norm = normalise(text)
        words.update(w for w in word_ngrams(norm, 1, 1))
        trigrams.update(char_wb_ngrams(norm, 3, 3))
    return {
        "format": MODEL_FORMAT,
        "acts": acts,
        "inputs_sha256": inputs_sha256(data),
        "trained_with": {"seed": SEED, "C": C, "char_features": CHAR_FEATURES,
                         "word_features": WORD_FEATURES, "examples": len(texts)},
        "blocks": blocks,
        "scale": SCALE,
        "weights": weights,
        "bias": [round(float(b), 6) for b in fitted.clf.intercept_],
        "mix": mix,
        "temperature": temperature,
        "patterns": [{"acte": d.act, "motif": p.regex, "poids": p.weight}
                     for d in sorted(data, key=lambda d: d.act) for p in d.patterns],
        "known_words": sorted(words),
        "known_trigrams": sorted(trigrams),
    }


@dataclass
class TrainReport:
    path: Path
    examples: int
    acts: int
    features: int
    mix: float
    temperature: float
    cv_accuracy: float
    inputs_sha256: str
    size: int


def train(paths: list[Path] | None = None, out: Path | None = None,
          seed: int = SEED) -> TrainReport:
    """Train on the act files and write the model (default: the shipped package file)."""
    _sklearn()
    data, problems = load_acts(paths)
    errors = [p for p in problems if p.is_error]
    if errors:
        from simulator.scenario.problems import format_problem

        raise TrainError("données d'entraînement invalides (corrigez-les avec « ntc scenarios "
                         "validate ») :\n" + "\n".join(format_problem(p) for p in errors[:20]))
    missing = missing_acts(data)
    if missing:
        raise TrainError("acte sans fichier d'exemples : " + ", ".join(missing))
    pairs = training_pairs(data)
    texts = [t for t, _ in pairs]
    labels = [a for _, a in pairs]
    mix, temperature, cv = calibrate(texts, labels, data, seed)
    fitted = fit(texts, labels, seed)
    model = export(fitted, data, mix, temperature, texts)
    assert sorted(model["acts"]) == sorted(ACTS)
    target = out or model_path()
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    target.write_text(text, encoding="utf-8")
    return TrainReport(target, len(texts), len(model["acts"]), len(model["weights"]), mix,
                       temperature, cv, model["inputs_sha256"], len(text.encode("utf-8")))


def regression_parity(fitted: Fitted, model: ActModel, texts: list[str]) -> float:
    """Largest gap between scikit-learn's and the JSON model's probabilities (for tests)."""
    probs = fitted.probabilities(texts)
    order = list(fitted.clf.classes_)
    gap = 0.0
    for text, row in zip(texts, probs, strict=True):
        mine = model.regression(normalise(text))
        for i, act in enumerate(model.acts):
            gap = max(gap, abs(mine[i] - float(row[order.index(act)])))
    return gap


__all__ = ["TrainError", "TrainReport", "_softmax", "fit", "regression_parity", "train"]
