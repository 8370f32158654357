"""Steps of play (`choisir`, `dire`, `offrir`, `accepter`, `rompre`, `repondre`): reading an
inputs file for `ntc run`, and applying a step to a session (also used by test plans).

An inputs file is either a YAML list of steps, or one step per line in the same syntax
(`choisir: croc_contact`, `offrir: {remise: 5}`); a plain line such as `2` or
`croc_contact` chooses. Blank lines and `#` comments are ignored.

In `repondre`, a field may be answered `attendu` (the engine's expected answer in this
session) or `faux` (an answer the engine grades wrong): see simulator/engine/symbolic.py.

The file is read like a scenario (simulator/scenario/yamlsource.py): bounded size, no YAML
tag that could build an object, bounded nesting, a BOM ignored. Numbers must be finite and
a choice number is made of ASCII digits only (« ² » is not 2).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from simulator.engine.session import Session
from simulator.engine.symbolic import resolve_answers
from simulator.log.bounded import MIB, NotReadable, read_regular
from simulator.nlu.numbers import parse_number
from simulator.scenario.model import OFFER_ISSUES, Pos, TestStep
from simulator.scenario.yamlsource import YamlFailure, YNode, compose_text, scalar_value

ACTIONS = ("choisir", "dire", "offrir", "accepter", "rompre", "repondre")
TRUE_WORDS = frozenset({"oui", "vrai", "true", "yes", "o", "1"})
FALSE_WORDS = frozenset({"non", "faux", "false", "no", "n", "0"})
MAX_INPUT_BYTES = 2 * MIB        # like a scenario file; a long exam is a few hundred steps
MAX_STEPS = 10_000
MAX_VALUE_DEPTH = 8              # {repondre: {champ: [ … ]}} needs 3
# A plain line that YAML would read as itself (or as a number): no need to parse it.
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def is_number_text(text: str) -> bool:
    """True for a choice number: ASCII digits only (`str.isdigit` also accepts « ² »)."""
    return text.isascii() and text.isdigit()


def _finite_and_shallow(value: object, depth: int = 0) -> str | None:
    """Why `value` cannot be recorded (NaN, infinity, nesting), else None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"nombre non fini refusé ({value}) : donnez un nombre ordinaire"
    if isinstance(value, dict | list):
        if depth >= MAX_VALUE_DEPTH:
            return f"valeur trop imbriquée (plus de {MAX_VALUE_DEPTH} niveaux)"
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            why = _finite_and_shallow(item, depth + 1)
            if why is not None:
                return why
    return None


class StepError(Exception):
    """An inputs file step that does not fit (French message naming step and line)."""

    def __init__(self, message: str, pos: Pos | None = None, number: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.number = number

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos is not None else ""
        step = f"étape {self.number} : " if self.number is not None else ""
        return f"{where}{step}{self.message}"


def _truth(value: object, action: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise StepError(f"« {action} » attend oui ou non, pas « {value} »")


def _plain(node: YNode) -> Any:
    """The value of a composed node; StepError for `.nan` / `.inf` (which the scenario
    reader keeps as the texts « nan », « inf »: here they would be answers or offers)."""
    if node.kind == "map":
        return {k.value: _plain(v) for k, v in node.value}
    if node.kind == "seq":
        return [_plain(v) for v in node.value]
    value = scalar_value(node)
    if node.tag == "float" and isinstance(value, str):
        raise StepError(f"nombre non fini refusé (« {node.value} ») : donnez un nombre "
                        "ordinaire")
    return value


def make_step(raw: object, pos: Pos) -> TestStep:
    """A step from its YAML value (scalar = choose, or a one-key mapping)."""
    if isinstance(raw, bool) or raw is None:
        shown = "vide" if raw is None else ("oui" if raw else "non")
        raise StepError(f"étape incomprise : « {shown} »", pos)
    why = _finite_and_shallow(raw)
    if why is not None:
        raise StepError(why, pos)
    if isinstance(raw, float):
        raise StepError(f"étape incomprise : « {raw} » (un numéro de choix est entier)", pos)
    if isinstance(raw, int | str) and not isinstance(raw, dict):
        text = str(raw).strip()
        if not text:
            raise StepError("étape vide", pos)
        if text in ("accepter", "rompre"):
            return TestStep(text, True, pos)
        return TestStep("choisir", int(text) if is_number_text(text) else text, pos)
    if not isinstance(raw, dict) or len(raw) != 1:
        raise StepError("une étape est une seule action parmi " + ", ".join(ACTIONS)
                        + " (ex. « choisir: croc_contact »)", pos)
    (action, value), = raw.items()
    action = str(action)
    if action not in ACTIONS:
        raise StepError(f"action inconnue « {action} » (actions : {', '.join(ACTIONS)})", pos)
    if action == "choisir":
        if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
            raise StepError("« choisir » attend l'identifiant ou le numéro d'un choix", pos)
        if isinstance(value, str) and is_number_text(value.strip()):
            value = int(value.strip())
        return TestStep(action, value, pos)
    if action == "dire":
        if isinstance(value, str):
            return TestStep(action, {"texte": value}, pos)
        if isinstance(value, dict) and "texte" in value and set(value) <= {"texte", "choix"}:
            return TestStep(action, dict(value), pos)
        raise StepError("« dire » attend un texte ou {texte: …, choix: …}", pos)
    if action == "offrir":
        if not isinstance(value, dict) or not value:
            raise StepError("« offrir » attend des éléments, ex. {remise: 5, delai_paiement: 45}",
                            pos)
        terms: dict[str, Any] = {}
        for key, item in value.items():
            if key not in OFFER_ISSUES:
                raise StepError(f"élément d'offre inconnu « {key} » (éléments : "
                                f"{', '.join(OFFER_ISSUES)})", pos)
            # « 3,5 % », « 1 250 € » typed in a file: the project's one number parser
            number = parse_number(item) if isinstance(item, str) else item
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise StepError(f"« {key} » doit être un nombre", pos)
            terms[key] = number
        return TestStep(action, terms, pos)
    if action in ("accepter", "rompre"):
        try:
            return TestStep(action, _truth(value, action), pos)
        except StepError as exc:
            raise StepError(exc.message, pos) from None
    if not isinstance(value, dict) or not value:
        raise StepError("« repondre » attend les réponses par champ, ex. {ca: 125000}", pos)
    return TestStep(action, dict(value), pos)


def parse_inputs(path: str | Path) -> list[TestStep]:
    """Steps of an inputs file; StepError (French, with step number and line) on a bad one."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_INPUT_BYTES, "un fichier d'entrées")
    except NotReadable as exc:
        raise StepError(f"fichier d'entrées illisible : {exc}") from None
    try:
        text = data.decode("utf-8-sig")      # a BOM (Windows Notepad) is not a step
    except UnicodeDecodeError:
        raise StepError(f"fichier d'entrées illisible : {path} (pas de l'UTF-8)") from None
    display = str(path)
    root: YNode | None
    try:
        root, _ = compose_text(text, display)
    except YamlFailure:
        root = None
    if root is not None and root.kind == "seq":
        return _from_sequence(root)
    return _from_lines(text, display)


def _too_many(pos: Pos) -> StepError:
    limit = f"{MAX_STEPS:,}".replace(",", "\u202f")
    return StepError(f"trop d'étapes (plus de {limit}) : ce n'est pas un fichier d'entrées",
                     pos)


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _from_sequence(root: YNode) -> list[TestStep]:
    steps: list[TestStep] = []
    for number, item in enumerate(root.value, start=1):
        pos = item.pos
        if number > MAX_STEPS:
            raise _too_many(pos)
        try:
            steps.append(make_step(_plain(item), pos))
        except StepError as exc:
            raise StepError(exc.message, pos, number) from None
    return steps


def _line_value(stripped: str, pos: Pos, number: int) -> Any:
    """The YAML value of one line (`choisir: x`, `offrir: {remise: 5}`, `2`…)."""
    if _PLAIN_WORD.fullmatch(stripped):
        return int(stripped) if stripped.isdigit() else stripped
    try:
        node, _ = compose_text(stripped, pos.path)
    except YamlFailure as exc:
        problem = exc.problems[0] if exc.problems else None
        detail = problem.message if problem is not None else ""
        if "erreur de syntaxe" in detail or not detail:
            raise StepError(f"ligne incomprise : « {_shown(stripped)} »", pos, number) \
                from None
        raise StepError(f"ligne incomprise : « {_shown(stripped)} » ({detail})", pos,
                        number) from None
    try:
        value = None if node is None else _plain(node)
    except StepError as exc:
        raise StepError(exc.message, pos, number) from None
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = int(stripped) if is_number_text(stripped) else stripped
    return value


def _from_lines(text: str, display: str) -> list[TestStep]:
    steps: list[TestStep] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        col = len(line) - len(line.lstrip()) + 1
        if stripped.startswith("- "):
            stripped = stripped[2:].strip()
            col += 2
        pos = Pos(display, line_no, col)
        number = len(steps) + 1
        if number > MAX_STEPS:
            raise _too_many(pos)
        value = _line_value(stripped, pos, number)
        try:
            steps.append(make_step(value, pos))
        except StepError as exc:
            raise StepError(exc.message, pos, number) from None
    return steps


def apply_step(session: Session, step: TestStep, t_ms: int | None = None) -> None:
    """Play one step (raises EngineError when the session refuses it)."""
    value: Any = step.value
    if step.action == "choisir":
        session.choose(value, t_ms=t_ms)
    elif step.action == "dire":
        session.say(str(value.get("texte", "")), choice=value.get("choix"), t_ms=t_ms)
    elif step.action == "offrir":
        session.offer(dict(value), t_ms=t_ms)
    elif step.action == "accepter":
        if value:
            session.accept(t_ms=t_ms)
    elif step.action == "rompre":
        if value:
            session.break_off(t_ms=t_ms)
    elif step.action == "repondre":
        session.answer(resolve_answers(session, dict(value)), t_ms=t_ms)
    else:
        raise StepError(f"action inconnue « {step.action} »", step.pos)


def describe_step(step: TestStep) -> str:
    """The step as it would be written in a file (for messages)."""
    return f"{step.action}: {step.value}"
