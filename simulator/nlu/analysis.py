"""One call for what a typed sentence says: ranked dialogue acts and entities.

This is what the engine records in the session log and what `ntc nlu analyse` prints:
`{"texte", "actes": [{"acte", "score"}…] (best first), "entites": [{"type", "valeur",
"texte"}…]}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.nlu.entities import Entity, extract
from simulator.nlu.model import ActModel, ActScore, load_model

MAX_INPUT = 10_000        # characters analysed; the rest of a pasted wall of text is ignored


@dataclass(frozen=True)
class Analysis:
    text: str
    acts: tuple[ActScore, ...]
    entities: tuple[Entity, ...]

    @property
    def best(self) -> ActScore:
        return self.acts[0]

    def as_json(self, top: int | None = None) -> dict[str, object]:
        acts = self.acts if top is None else self.acts[:top]
        return {"texte": self.text,
                "actes": [{"acte": a.act, "score": a.score} for a in acts],
                "entites": [e.as_json() for e in self.entities]}


def analyse(text: str, model: ActModel | None = None, model_path: Path | None = None
            ) -> Analysis:
    """Acts (every act, best first) and entities of one utterance."""
    clean = _printable(str(text)[:MAX_INPUT])
    m = model or load_model(model_path)
    return Analysis(clean, tuple(m.rank(clean)), tuple(extract(clean)))


def _printable(text: str) -> str:
    """Control characters (from binary pastes) become spaces; the words stay as typed."""
    return "".join(ch if ch.isprintable() or ch in "\t" else " " for ch in text).strip()
