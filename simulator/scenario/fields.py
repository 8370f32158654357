"""Typed reading of YAML nodes with French problems (the scenario's "type system").

Each accessor returns the value or None after recording a Problem. YAML 1.1 traps are
recognised from the raw text and the resolved type: a plain `no` where a text is expected
is reported with the fix (quote it), not silently turned into `False`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from rapidfuzz import fuzz, process

from simulator.scenario.model import ChoicePattern, Expression, Pos, Text
from simulator.scenario.problems import Problem, Severity
from simulator.scenario.yamlsource import YNode, scalar_value

T = TypeVar("T")

TRUE_WORDS = frozenset({"vrai", "oui", "true"})
FALSE_WORDS = frozenset({"faux", "non", "false"})
# `ordre:` of a node's choices: seeded per session (default) or as written.
CHOICE_ORDERS = ("melange", "fixe")
_KIND_FR = {"map": "un dictionnaire (clé: valeur)", "seq": "une liste", "scalar": "une valeur"}
_DURATION_MIN = re.compile(r"^\s*(\d+)\s*(?:min|mn|minutes?)\s*$", re.IGNORECASE)
_DURATION_H = re.compile(r"^\s*(\d+)\s*h(?:eures?)?\s*(?:(\d+)\s*(?:min|mn|minutes?)?)?\s*$",
                         re.IGNORECASE)
_IDENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")


def suggest(word: str, known: Iterable[str]) -> str | None:
    """Closest known word, if close enough to be a typo."""
    choices = list(known)
    if not choices:
        return None
    lowered = word.lower()
    prefixed = [c for c in choices if len(lowered) >= 3 and c.lower().startswith(lowered)]
    if prefixed:
        return min(prefixed, key=len)
    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=60)
    return str(found[0]) if found else None


MAX_PATTERN = 300


def pattern_problem(regex: str) -> str | None:
    """Why a pattern (matched on accent-free lower-case text) cannot work, in French."""
    if len(regex) > MAX_PATTERN:
        return f"trop long (plus de {MAX_PATTERN} caractères)"
    try:
        re.compile(regex)
    except re.error as exc:
        where = f" au caractère {exc.pos + 1}" if exc.pos is not None else ""
        return (f"invalide : expression régulière incorrecte{where} (parenthèse, crochet "
                "ou caractère spécial mal placé ; « \\ » devant un caractère à prendre tel quel)")
    except (RecursionError, OverflowError):
        return "invalide : expression régulière trop imbriquée"
    if re.search(r"(?<!\\)[A-ZÀ-ÖØ-Þ]", re.sub(r"\\[A-Za-z]", "", regex)):
        return ("ne peut jamais correspondre : le texte est comparé en minuscules sans "
                "accents (écrivez-le en minuscules)")
    if re.search(r"[à-öø-ÿœ]", regex):
        return ("ne peut jamais correspondre : le texte est comparé sans accents "
                "(écrivez « e » pour « é », « c » pour « ç »…)")
    if re.fullmatch(regex, "") is not None or re.search(regex, "") is not None:
        return "correspond à n'importe quel texte (il ne distingue rien)"
    return None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    best = suggest(word, known)
    return f" ; vouliez-vous dire « {best} » ?" if best else ""


def describe(node: YNode) -> str:
    """French description of what was found, for type errors."""
    if node.kind != "scalar":
        return _KIND_FR[node.kind]
    if node.tag == "null":
        return "une valeur vide"
    if node.tag == "bool":
        return f"le booléen « {node.value} »"
    if node.tag in ("int", "float"):
        return f"le nombre « {node.value} »"
    if node.tag == "timestamp":
        return f"la date « {node.value} »"
    return f"le texte « {_short(node.value)} »"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def trap_message(node: YNode) -> str | None:
    """The YAML 1.1 trap a plain scalar fell into, if any (None for a real text)."""
    if not node.plain:
        return None
    raw = node.value
    quoted = f'"{raw}"'
    if node.tag == "bool":
        return (f"la valeur « {raw} » est lue par YAML 1.1 comme un booléen ; "
                f"mettez-la entre guillemets : {quoted}")
    if node.tag == "int" and ":" in raw:
        return (f"« {raw} » est lu par YAML 1.1 comme un nombre en base 60 "
                f"({scalar_value(node)}) ; mettez-le entre guillemets : {quoted}")
    if node.tag == "int" and re.match(r"^[-+]?0[0-7_]+$", raw):
        return (f"« {raw} » est lu par YAML 1.1 comme un nombre octal "
                f"({scalar_value(node)}) ; mettez-le entre guillemets : {quoted}")
    if node.tag == "timestamp":
        return (f"« {raw} » est lu par YAML 1.1 comme une date ; "
                f"mettez-le entre guillemets : {quoted}")
    if node.tag == "float":
        return (f"« {raw} » est lu par YAML comme le nombre décimal {scalar_value(node)} ; "
                f"mettez-le entre guillemets : {quoted}")
    if node.tag == "null":
        if raw == "":
            return "valeur manquante"
        return (f"la valeur « {raw} » est lue par YAML comme vide (null) ; "
                f"mettez-la entre guillemets : {quoted}")
    return None


class Reader:
    """Collects problems while reading nodes of one file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def report(self, pos: Pos, message: str, severity: Severity = "erreur") -> None:
        self.problems.append(Problem(pos, message, severity))

    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    # -- structure ---------------------------------------------------------------------
    def mapping(self, node: YNode | None, what: str, known: Iterable[str] = (),
                required: Iterable[str] = (), elsewhere: dict[str, str] | None = None,
                ) -> YNode | None:
        """Check a mapping: its kind, unknown keys (with suggestion), required keys."""
        if node is None:
            return None
        if node.kind != "map":
            self.report(node.pos, f"{what} : un dictionnaire (clé: valeur) est attendu, "
                                  f"trouvé {describe(node)}")
            return None
        known_set = set(known)
        if known_set:
            for key, _value in node.value:
                name = key.value
                if name in known_set or name == "<<":
                    continue
                if elsewhere and name in elsewhere:
                    self.report(key.pos, f"champ « {name} » non permis {elsewhere[name]}")
                else:
                    self.report(key.pos, f"champ inconnu « {name} » dans {what}"
                                         f"{did_you_mean(name, known_set)}")
        for name in required:
            if name not in node.keys:
                self.report(node.pos, f"champ obligatoire « {name} » manquant dans {what}")
        return node

    def sequence(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if node.kind == "map" and node.value:
            first = node.value[0][0].value
            self.report(node.pos, f"{what} : une liste est attendue, trouvé un dictionnaire ; "
                                  f"il manque sans doute « - » devant « {first} » (chaque "
                                  f"élément d'une liste commence par « - {first}: … »)")
            return []
        if node.kind != "seq":
            hint = f" (écrivez [{node.value}])" if node.kind == "scalar" and node.value else ""
            self.report(node.pos, f"{what} : une liste est attendue, trouvé "
                                  f"{describe(node)}{hint}")
            return []
        return list(node.value)

    def items(self, node: YNode | None, what: str) -> list[tuple[YNode, YNode]]:
        if self.mapping(node, what) is None or node is None:
            return []
        return list(node.value)

    def list_of(self, node: YNode | None, what: str,
                read: Callable[[YNode, str], T | None]) -> list[T]:
        out: list[T] = []
        for item in self.sequence(node, what):
            value = read(item, what)
            if value is not None:
                out.append(value)
        return out

    # -- scalars -----------------------------------------------------------------------
    def string(self, node: YNode | None, what: str, allow_empty: bool = True) -> str | None:
        """A text: quoted or plain; plain ints are accepted, other YAML types are traps."""
        if node is None:
            return None
        if node.kind != "scalar":
            self.report(node.pos, f"{what} : un texte est attendu, trouvé {describe(node)}")
            return None
        if node.tag == "str" or (node.tag == "int" and node.plain
                                 and re.match(r"^-?[1-9][0-9]*$|^0$", node.value)):
            if not allow_empty and not node.value.strip():
                self.report(node.pos, f"{what} : texte vide")
                return None
            return str(node.value)
        trap = trap_message(node)
        if trap:
            self.report(node.pos, f"{what} : {trap}")
        else:
            self.report(node.pos, f"{what} : un texte est attendu, trouvé {describe(node)}")
        return None

    def text(self, node: YNode | None, what: str) -> Text | None:
        value = self.string(node, what)
        if value is None or node is None:
            return None
        return Text(value, content_pos(node))

    def pattern(self, node: YNode | None, what: str) -> ChoicePattern | None:
        """A weighted regular expression: `"regex"` (weight 1) or `{motif: "regex", poids: 2}`.

        Patterns are matched on accent-free lower-case text, so they are checked here for
        syntax, length and that form (an upper-case or accented letter could never match).
        """
        if node is None:
            return None
        weight: float = 1.0
        source = node
        if node.kind == "map":
            if self.mapping(node, what, ("motif", "poids"), ("motif",)) is None:
                return None
            source = node.get("motif")  # type: ignore[assignment]
            if node.get("poids") is not None:
                w = self.number(node.get("poids"), f"{what}.poids")
                if w is None:
                    return None
                if not 0 < w <= 10:
                    self.report(node.get("poids").pos,  # type: ignore[union-attr]
                                f"{what}.poids : un nombre entre 0 (exclu) et 10 est attendu, "
                                f"trouvé {w}")
                    return None
                weight = float(w)
        regex = self.string(source, what, allow_empty=False)
        if regex is None or source is None:
            return None
        problem = pattern_problem(regex)
        if problem:
            self.report(content_pos(source), f"{what} : motif « {_short(regex)} » {problem}")
            return None
        return ChoicePattern(regex, weight, content_pos(source))

    def expression(self, node: YNode | None, what: str) -> Expression | None:
        if node is not None and node.kind == "scalar" and node.tag in ("bool", "int", "float") \
                and node.plain:
            # `condition: true` or `attendu: 42` are fine as expressions.
            return Expression(str(node.value), content_pos(node))
        value = self.string(node, what, allow_empty=False)
        if value is None or node is None:
            return None
        return Expression(value, content_pos(node))

    def ident(self, node: YNode | None, what: str) -> str | None:
        value = self.string(node, what, allow_empty=False)
        if value is None or node is None:
            return None
        if not _IDENT.match(value):
            self.report(node.pos, f"{what} : identifiant invalide « {_short(value)} » "
                                  "(lettres sans accents, chiffres, « _ » ou « - »)")
            return None
        return value

    def choice(self, node: YNode | None, what: str, allowed: Iterable[str]) -> str | None:
        allowed = tuple(allowed)
        if node is not None and node.kind == "scalar" and node.plain \
                and node.tag in ("bool", "null") and node.value not in allowed:
            # quoting « no » would not help: the value itself is not one of the possible ones
            raw = node.value
            found = "valeur manquante" if node.tag == "null" and raw == "" else (
                f"valeur « {_short(raw)} » inconnue")
            self.report(node.pos, f"{what} : {found} (valeurs possibles : "
                                  f"{', '.join(allowed)}){did_you_mean(raw, allowed)}")
            return None
        value = self.string(node, what, allow_empty=False)
        if value is None or node is None:
            return None
        if value not in allowed:
            self.report(node.pos, f"{what} : valeur « {_short(value)} » inconnue "
                                  f"(valeurs possibles : {', '.join(allowed)})"
                                  f"{did_you_mean(value, allowed)}")
            return None
        return value

    def choice_order(self, node: YNode | None, what: str) -> bool:
        """`ordre:` of a node: True for `fixe` (authored order), False for `melange`."""
        if node is None:
            return False
        return self.choice(node, f"{what} : ordre", CHOICE_ORDERS) == "fixe"

    def number(self, node: YNode | None, what: str) -> float | int | None:
        if node is None:
            return None
        if node.kind == "scalar" and node.tag in ("int", "float"):
            if node.tag == "int" and ":" in node.value:
                self.report(node.pos, f"{what} : {trap_message(node)}")
                return None
            value = scalar_value(node)
            if isinstance(value, int | float):
                return value
        self.report(node.pos, f"{what} : un nombre est attendu, trouvé {describe(node)}")
        return None

    def integer(self, node: YNode | None, what: str) -> int | None:
        value = self.number(node, what)
        if value is None or node is None:
            return None
        if isinstance(value, float):
            if not value.is_integer():
                self.report(node.pos, f"{what} : un nombre entier est attendu, trouvé "
                                      f"{describe(node)}")
                return None
            return int(value)
        return value

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None:
            return None
        if node.kind == "scalar":
            if node.tag == "bool":
                return bool(scalar_value(node))
            if node.tag == "str":
                word = node.value.strip().lower()
                if word in TRUE_WORDS:
                    return True
                if word in FALSE_WORDS:
                    return False
        self.report(node.pos, f"{what} : un booléen est attendu (vrai ou faux), trouvé "
                              f"{describe(node)}")
        return None

    def duration(self, node: YNode | None, what: str) -> int | None:
        """Minutes from "15 min", "1 h", "1 h 30", "90 min" or an integer."""
        if node is None:
            return None
        if node.kind == "scalar" and node.tag == "int" and node.plain and ":" in node.value:
            self.report(node.pos, (
                f"{what} : « {node.value} » est lu par YAML 1.1 comme {scalar_value(node)} "
                "(base 60) ; écrivez par exemple \"1 h 30\" ou \"90 min\""))
            return None
        if node.kind == "scalar" and node.tag == "int":
            value = scalar_value(node)
            if isinstance(value, int) and value > 0:
                return value
        if node.kind == "scalar" and node.tag == "str":
            m = _DURATION_MIN.match(node.value)
            if m and int(m.group(1)) > 0:
                return int(m.group(1))
            m = _DURATION_H.match(node.value)
            if m:
                minutes = int(m.group(1)) * 60 + int(m.group(2) or 0)
                if minutes > 0:
                    return minutes
        self.report(node.pos, (f"{what} : durée invalide ({describe(node)}) ; écrivez "
                               "\"15 min\", \"1 h\", \"1 h 30\" ou un nombre de minutes"))
        return None


def content_pos(node: YNode) -> Pos:
    """Position of the first character of a scalar's content (after an opening quote)."""
    if node.kind == "scalar" and node.style in ("'", '"'):
        return Pos(node.path, node.line, node.col + 1)
    if node.kind == "scalar" and node.style in ("|", ">"):
        if node.content_line:
            return Pos(node.path, node.content_line, node.content_col)
        return Pos(node.path, node.line + 1, node.col)
    return node.pos
