"""French entities in a trainee's sentence: amounts, percentages, durations, times, days.

Numbers may be typed in digits or in words: words become digits with text2num
(`alpha2digit(text, "fr")`; « un »/« une » are protected so « une remise » stays an article),
and every number is then read by `simulator.nlu.numbers.parse_number`, the project's one
parser. Slots are found with anchored patterns (dateparser reads « 10 h » after a weekday as
a month). Each entity carries the words the trainee typed (`texte`), mapped back from the
converted text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from simulator.nlu.numbers import parse_number

MAX_CHARS = 2000
ENTITY_TYPES: tuple[str, ...] = (
    "montant", "pourcentage", "duree_jours", "duree_mois", "duree_ans", "quantite",
    "versements", "jour_semaine", "heure", "date_jour",
)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
          "septembre", "octobre", "novembre", "decembre")


@dataclass(frozen=True)
class Entity:
    type: str
    value: int | float | str
    text: str
    start: int = 0        # offsets in the original text
    end: int = 0

    def as_json(self) -> dict[str, object]:
        return {"type": self.type, "valeur": self.value, "texte": self.text}


_PLACEHOLDER = "\ue000"
_ARTICLE = re.compile(r"\b(u)(ne?)\b(?!\s+(?:mille|million|milliard))", re.IGNORECASE)
_NUMBER_BEFORE_ONE = re.compile(
    r"(?:\b(?:vingt|trente|quarante|cinquante|soixante)[- ]et[- ]|(?<!pour )\bcent[- ]"
    r"|\bmille[- ]|\bquatre-vingt-)$", re.IGNORECASE)
_PERCENT_WORDS = re.compile(r"\bpour\s*cents?\b|\bpourcents?\b", re.IGNORECASE)
_DIGITS_MILLE = re.compile(r"(\d+(?:[.,]\d+)?)\s*mille\b", re.IGNORECASE)
_ONE = r"(?:\d+(?:[ \u00a0\u202f.]\d{3})*(?:[.,]\d+)?|un|une)"
_NUM = r"\d+(?:[ \u00a0\u202f.]\d{3})*(?:[.,]\d+)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("heure", re.compile(
        r"(?<![\d,.])(?P<h>[01]?\d|2[0-3])\s*(?:h|heures?)(?![a-z])\s*"
        r"(?:(?P<m>[0-5]\d)(?!\d)|(?P<half>et demie?)|(?P<quarter>et quart)|"
        r"(?P<minus>moins le quart))?(?:\s*(?:min|minutes?)\b)?"
        r"|(?<![\d,.])(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?!\d)"
        r"|\b(?P<noon>midi|minuit)(?:\s*(?P<noon_m>[0-5]\d|et demie?|et quart))?\b")),
    ("pourcentage", re.compile(rf"(?P<n>{_NUM})\s*%")),
    ("montant", re.compile(
        rf"(?P<n>{_NUM})\s*(?P<scale>k|m)?\s*(?:€|euros?\b|eur\b|balles\b)"
        r"(?:\s*(?:ht|ttc|hors taxes?)\b)?")),
    ("montant_k", re.compile(rf"(?P<n>{_NUM})\s*(?P<scale>k)\b(?!m)")),
    # A bare price after a price word: « au lieu de 28 000 », « descendre à 23 500 ».
    ("montant_nu", re.compile(
        r"(?:au lieu de|prix (?:de|a|est de)|tarif (?:de|a|est de)|descends? a|descendre a"
        r"|baisse a|ramene a|passe a|arrondit a|budget de|montant de)\s+"
        rf"(?P<n>{_NUM})(?!\s*(?:%|[a-z]))")),
    ("versements", re.compile(
        rf"\ben\s+(?P<n>{_ONE})\s*(?:fois|versements?|echeances?|mensualites?|paiements?)\b"
        rf"|\b(?P<n2>{_NUM})\s*(?:versements|echeances|mensualites)\b")),
    ("duree_jours", re.compile(
        rf"\b(?P<n>{_ONE})\s*(?P<unit>jours?|j|semaines?|sem)\b(?P<fdm>\s*fin de mois)?")),
    ("duree_mois", re.compile(rf"\b(?P<n>{_ONE})\s*mois\b")),
    ("duree_ans", re.compile(rf"\b(?P<n>{_ONE})\s*(?:ans?|annees?)\b")),
    ("date_jour", re.compile(
        r"\b(?:le|du|au|ce)\s+(?P<d>[1-9]|[12]\d|3[01])(?:er)?\b(?!\s*(?:%|h\b|heures?|€|euros?"
        r"|jours?|mois|ans?|semaines?|fois|[.,]\d))"
        r"(?:\s+(?P<month>" + "|".join(MONTHS) + r"))?"
        r"|\b(?P<d2>[1-9]|[12]\d|3[01])(?:er)?\s+(?P<month2>" + "|".join(MONTHS) + r")\b"
        r"|\b(?P<d3>[0-3]?\d)/(?P<m3>[01]?\d)(?:/(?P<y3>\d{2,4}))?\b")),
    ("jour_semaine", re.compile(r"\b(?P<day>" + "|".join(DAYS) + r")s?\b")),
    ("quantite", re.compile(
        rf"\b(?P<n>{_ONE})\s+(?:(?:nouveaux?|nouvelles?|autres?|petits?|gros|grands?)\s+)?"
        r"(?P<noun>chariots?|compresseurs?|machines?|unites?|pieces?|transpalettes?|gerbeurs?"
        r"|secheurs?|nacelles?|exemplaires?|appareils?|modeles?|vehicules?|engins?|batteries?"
        r"|filtres?|sites?|lots?|palettes?|postes?|caristes?|equipements?|materiels?)\b")),
]
_DURATION_BEFORE = re.compile(r"(?:\ben|\bsous|\bdans|\bpendant|\bmoins de|\bplus de|"
                              r"\btoutes les|\bpar|\bd'ici)\s*$")


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (offsets stay valid)."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFD", ch)
                       if not unicodedata.combining(c)).lower()
        out.append(base if len(base) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


def _protect_article(m: re.Match[str]) -> str:
    """« une remise » keeps its article; « quarante et un », « cent un » are numbers."""
    if _NUMBER_BEFORE_ONE.search(m.string, 0, m.start()):
        return m.group(0)
    return _PLACEHOLDER + m.group(2)


def _words_to_digits(text: str) -> str:
    from text_to_num import alpha2digit

    protected = _ARTICLE.sub(_protect_article, text)
    protected = _PERCENT_WORDS.sub("%", protected)
    try:
        converted = alpha2digit(protected, "fr", threshold=0)
    except Exception:
        converted = protected
    converted = _DIGITS_MILLE.sub(lambda m: _times_thousand(m.group(1)), converted)
    return converted.replace(_PLACEHOLDER, "u")


def _times_thousand(number: str) -> str:
    value = parse_number(number)
    if value is None:
        return number
    return _plain(value * 1000)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _number(raw: str) -> float | None:
    if raw in ("un", "une"):
        return 1.0
    return parse_number(raw)


def _clean(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


class _Mapper:
    """Maps offsets of the converted text back to the original (text2num changes lengths)."""

    def __init__(self, original: str, converted: str) -> None:
        self.original = original
        self.same = original == converted
        self.blocks = [] if self.same else SequenceMatcher(
            None, converted, original, autojunk=False).get_opcodes()

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.same:
            return start, end
        return self._map(start, left=True), self._map(end, left=False)

    def _map(self, pos: int, left: bool) -> int:
        for tag, i1, i2, j1, j2 in self.blocks:
            if i1 <= pos < i2 or (not left and i1 < pos <= i2):
                if tag == "equal":
                    return j1 + (pos - i1)
                return j1 if left else j2
        return len(self.original)


def extract(text: str) -> list[Entity]:
    """Every entity found in `text`, in reading order (a number belongs to one entity)."""
    original = text[:MAX_CHARS]
    lowered = _fold(original)
    converted = _words_to_digits(lowered)
    mapper = _Mapper(lowered, converted)
    taken: list[tuple[int, int]] = []
    found: list[Entity] = []
    for kind, regex in _PATTERNS:
        for m in regex.finditer(converted):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            entity = _build(kind, m, converted)
            if entity is None:
                continue
            first = m.start("n") if kind == "montant_nu" else m.start()
            start, end = mapper.span(first, m.end())
            words = original[start:end].strip(" ,.;:!?")
            found.append(Entity(entity[0], entity[1], words or m.group(0), start, end))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda e: (e.start, e.type))
    return found


def _build(kind: str, m: re.Match[str], text: str) -> tuple[str, int | float | str] | None:
    g = m.groupdict()
    if kind == "heure":
        return _time(m, text)
    if kind in ("pourcentage", "montant", "montant_k", "montant_nu"):
        value = _number(g["n"])
        if value is None or (kind == "montant_nu" and value < 100):
            return None
        scale = {"k": 1e3, "m": 1e6}.get((g.get("scale") or "").lower(), 1.0)
        if kind == "pourcentage" and value > 100:
            return None
        return ("pourcentage" if kind == "pourcentage" else "montant"), _clean(value * scale)
    if kind == "versements":
        value = _number(g["n"] or g["n2"])
        if value is None or not 1 <= value <= 120 or not float(value).is_integer():
            return None
        return kind, int(value)
    if kind in ("duree_jours", "duree_mois", "duree_ans", "quantite"):
        value = _number(g["n"])
        if value is None or value <= 0:
            return None
        if kind == "duree_jours" and g["unit"].startswith("s"):
            value *= 7
        return kind, _clean(value)
    if kind == "date_jour":
        day = g["d"] or g["d2"] or g["d3"]
        if g["d3"] and not 1 <= int(g["m3"]) <= 12:
            return None
        return (kind, int(day)) if day and 1 <= int(day) <= 31 else None
    if kind == "jour_semaine":
        return kind, g["day"]
    return None


def _time(m: re.Match[str], text: str) -> tuple[str, str] | None:
    g = m.groupdict()
    if g["noon"]:
        hour, extra = (12 if g["noon"] == "midi" else 0), g["noon_m"] or ""
        minutes = 30 if extra.startswith("et d") else 15 if extra.startswith("et q") else \
            int(extra) if extra.isdigit() else 0
        return "heure", f"{hour:02d}:{minutes:02d}"
    if g["h2"] is not None:
        return "heure", f"{int(g['h2']):02d}:{int(g['m2']):02d}"
    hour = int(g["h"])
    minutes = int(g["m"]) if g["m"] else 30 if g["half"] else 15 if g["quarter"] else 0
    if g["minus"]:
        hour, minutes = (hour - 1) % 24, 45
    before = text[max(0, m.start() - 14):m.start()]
    if _DURATION_BEFORE.search(before) and not g["m"]:
        return None        # « sous 4 h », « en 24 heures »: a lead time, not a time of day
    return "heure", f"{hour:02d}:{minutes:02d}"
