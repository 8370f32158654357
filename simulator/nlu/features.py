"""Text features of the act model, written to match scikit-learn exactly.

Training (`simulator.nlu.train`) uses scikit-learn's `TfidfVectorizer` with
`analyzer="char_wb"` (2–5) and `analyzer="word"` (1–2), `sublinear_tf=True`, smooth idf and
L2 normalisation per block, all on `normalise(text)`. The run-time model has no numpy: these
functions rebuild the same sparse vectors from the JSON model so both give the same
probabilities (a test checks it when scikit-learn is installed).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN_PATTERN = r"(?u)\b\w\w+\b"
_TOKEN = re.compile(TOKEN_PATTERN)
_WHITE = re.compile(r"\s\s+")


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries (padded with a space), as sklearn's char_wb."""
    text = _WHITE.sub(" ", text)
    out: list[str] = []
    for word in text.split():
        w = " " + word + " "
        size = len(w)
        for n in range(low, high + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < size:
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:   # a word shorter than n is counted once
                break
    return out


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Word n-grams of tokens of two word characters or more, as sklearn's word analyzer."""
    tokens = _TOKEN.findall(text)
    if high == 1:
        return tokens if low == 1 else []
    out: list[str] = list(tokens) if low == 1 else []
    count = len(tokens)
    for n in range(max(low, 2), min(high, count) + 1):
        for i in range(count - n + 1):
            out.append(" ".join(tokens[i:i + n]))
    return out


def analyse(kind: str, text: str, low: int, high: int) -> list[str]:
    if kind == "char_wb":
        return char_wb_ngrams(text, low, high)
    if kind == "word":
        return word_ngrams(text, low, high)
    raise ValueError(f"unknown analyzer {kind!r}")


@dataclass(frozen=True)
class Block:
    """One TF-IDF vectoriser: its analyzer, n-gram range, vocabulary (term → column) and idf."""

    kind: str
    low: int
    high: int
    columns: dict[str, int]      # term -> global column index
    idf: dict[int, float]        # global column -> idf

    def vector(self, text: str) -> dict[int, float]:
        """Sparse, L2-normalised, sublinear TF-IDF of `text` (already normalised)."""
        counts = Counter(t for t in analyse(self.kind, text, self.low, self.high)
                         if t in self.columns)
        weights = {self.columns[t]: (1.0 + math.log(c)) * self.idf[self.columns[t]]
                   for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        if norm == 0.0:
            return {}
        return {k: v / norm for k, v in weights.items()}


def vectorise(blocks: Iterable[Block], text: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for block in blocks:
        out.update(block.vector(text))
    return out
