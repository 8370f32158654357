"""The run-time act model: JSON weights, pure Python, ranked acts with calibrated scores.

Score of an utterance = a TF-IDF logistic regression (character and word n-grams) averaged
with weighted French patterns (`motifs` of the act files), then calibrated by a temperature
fitted on cross-validated predictions, then flattened towards uniform when the text is not
French enough to judge (English, Spanish, emoji, noise): the resolution policy then asks the
trainee to rephrase instead of guessing.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from simulator.nlu.features import Block, char_wb_ngrams, vectorise
from simulator.nlu.text import normalise

MODEL_FORMAT = "ntc-actes/1"
MODEL_FILE = "acts_model.json"


class ModelError(Exception):
    """The model file is missing or unreadable (French message)."""


@dataclass(frozen=True)
class ActScore:
    act: str
    score: float


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words that say "this is not French" (none of them is a French word).
_FOREIGN = _word_set(
    "the you your is are and of to it this that what can could would please hello hi thanks "
    "thank we my with for have has will not don't i'm want need call speak price "
    "el los las usted ustedes por para una hola gracias quiero puedo hablar "
    "senor buenos dias precio tiene cuando donde estoy muy pero como "
)
_FRENCH = _word_set(
    "je j tu il elle on nous vous ils le la les l un une des du de d et ou est c ce ca cela "
    "que qu qui pour par avec sur dans en au aux pas ne n se s votre vos mon ma mes notre nos "
    "oui non bonjour merci si mais donc sont suis etes avez ai a y me m te t lui leur plus "
    "tres bien quoi quel quelle comment pourquoi "
)
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")


class ActModel:
    """Loaded weights: `rank(text)` gives every act with a score, best first (sum 1)."""

    def __init__(self, data: dict[str, Any], sha256: str = "") -> None:
        if data.get("format") != MODEL_FORMAT:
            raise ModelError(f"modèle d'actes au format inconnu « {data.get('format')} » "
                             f"(attendu « {MODEL_FORMAT} ») : relancez « ntc nlu train »")
        self.acts: tuple[str, ...] = tuple(data["acts"])
        self.sha256 = sha256          # of the model file: named in session logs
        self.inputs_sha256: str = str(data.get("inputs_sha256", ""))
        self.blocks: list[Block] = []
        column = 0
        for b in data["blocks"]:
            terms = list(b["terms"])
            columns = {t: column + i for i, t in enumerate(terms)}
            idf = {column + i: float(v) for i, v in enumerate(b["idf"])}
            self.blocks.append(Block(b["kind"], int(b["ngram"][0]), int(b["ngram"][1]),
                                     columns, idf))
            column += len(terms)
        scale = float(data["scale"])
        self.weights: list[list[float]] = [[w * scale for w in row] for row in data["weights"]]
        self.bias: list[float] = [float(v) for v in data["bias"]]
        self.mix: float = float(data["mix"])
        self.temperature: float = float(data["temperature"])
        self.patterns: list[tuple[int, re.Pattern[str], float]] = [
            (self.acts.index(p["acte"]), re.compile(p["motif"]), float(p["poids"]))
            for p in data["patterns"] if p["acte"] in self.acts]
        self.known_words: frozenset[str] = frozenset(data.get("known_words", ()))
        self.known_trigrams: frozenset[str] = frozenset(data.get("known_trigrams", ()))

    # -- parts of the score ------------------------------------------------------------
    def regression(self, norm: str) -> list[float]:
        """Logistic-regression probabilities of a normalised text."""
        z = list(self.bias)
        k = len(z)
        for col, value in vectorise(self.blocks, norm).items():
            row = self.weights[col]
            for i in range(k):
                z[i] += value * row[i]
        return _softmax(z)

    def pattern_scores(self, norm: str) -> list[float]:
        """Sum of the weights of each act's patterns found in the normalised text."""
        scores = [0.0] * len(self.acts)
        for index, regex, weight in self.patterns:
            if regex.search(norm):
                scores[index] += weight
        return scores

    def french_confidence(self, norm: str) -> float:
        """1.0 for French the model can judge, down to 0 for noise or another language."""
        words = _WORDS.findall(norm)
        if not words:
            return 0.0
        foreign = sum(1 for w in words if w in _FOREIGN)
        french = sum(1 for w in words for part in w.split("'") if part in _FRENCH)
        if foreign >= 2 and foreign > french:
            return 0.1
        known = sum(1 for w in words if self._known(w))
        coverage = known / len(words)
        return min(1.0, coverage / 0.6)

    def _known(self, word: str) -> bool:
        if word in self.known_words or (len(word) <= 2 and word in _FRENCH):
            return True
        grams = char_wb_ngrams(word, 3, 3)
        if len(word) < 4 or not grams:
            return False
        return sum(1 for g in grams if g in self.known_trigrams) / len(grams) >= 0.75

    # -- the answer --------------------------------------------------------------------
    def combine(self, norm: str) -> list[float]:
        """Regression and patterns mixed, then calibrated (before the French check)."""
        probs = self.regression(norm)
        pats = self.pattern_scores(norm)
        total = sum(pats)
        if total > 0:
            probs = [(1 - self.mix) * p + self.mix * s / total for p, s in zip(probs, pats,
                                                                             strict=True)]
        return _temper(probs, self.temperature)

    def rank(self, text: str) -> list[ActScore]:
        norm = normalise(text)
        k = len(self.acts)
        if not norm:
            scores = [1.0 / k] * k
        else:
            probs = self.combine(norm)
            conf = self.french_confidence(norm)
            scores = [conf * p + (1 - conf) / k for p in probs]
        order = sorted(range(k), key=lambda i: (-scores[i], self.acts[i]))
        return [ActScore(self.acts[i], round(scores[i], 4)) for i in order]


def _softmax(z: list[float]) -> list[float]:
    top = max(z)
    exps = [math.exp(v - top) for v in z]
    total = sum(exps)
    return [e / total for e in exps]


def _temper(probs: list[float], temperature: float) -> list[float]:
    logs = [math.log(max(p, 1e-12)) / temperature for p in probs]
    return _softmax(logs)


def model_path() -> Path:
    return Path(str(resources.files("simulator.nlu").joinpath(MODEL_FILE)))


@lru_cache(maxsize=4)
def _load(path: str) -> ActModel:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ModelError(f"modèle d'actes illisible ({path}) : {exc.strerror or exc} ; "
                         "relancez « ntc nlu train »") from None
    try:
        data = json.loads(raw)
        return ActModel(data, hashlib.sha256(raw).hexdigest())
    except (ValueError, KeyError, TypeError, IndexError, re.error) as exc:
        raise ModelError(f"modèle d'actes invalide ({path}) : {exc} ; relancez "
                         "« ntc nlu train »") from None


def load_model(path: Path | None = None) -> ActModel:
    """The shipped model (cached); a path loads another file (tests, training)."""
    return _load(str(path or model_path()))


@lru_cache(maxsize=4)
def model_sha256(path: Path | None = None) -> str:
    """SHA-256 of the model file (named in session log headers) without parsing it."""
    try:
        return hashlib.sha256((path or model_path()).read_bytes()).hexdigest()
    except OSError:
        return ""
