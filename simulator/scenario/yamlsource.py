"""Safe, bounded reading of a YAML file into a tree of positioned nodes.

The tree is built from the event stream of libyaml (`yaml.parse` with `CSafeLoader`, or the
pure-Python parser when libyaml is missing), never through a constructor: no tag can run
code, and since we compose ourselves we keep for every node its 1-based line/column, its raw
text, its quoting style and the type YAML 1.1 would give it. That is what lets the loader
say « la valeur « no » est lue comme un booléen » instead of silently receiving `False`.

Guards (each a French `Problem`, never a hang or a crash): file size, nesting depth (the
C composer segfaults on very deep input, so depth is checked on events), alias expansion
(billion laughs), duplicate keys, non-standard tags, several documents.
"""

from __future__ import annotations

import functools
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import Resolver

from simulator.oserrors import os_reason
from simulator.scenario import yamlhints
from simulator.scenario.model import Pos
from simulator.scenario.problems import Problem
from simulator.scenario.yamlnodes import YamlFailure as YamlFailure
from simulator.scenario.yamlnodes import YNode as YNode
from simulator.scenario.yamlnodes import scalar_value as scalar_value
from simulator.scenario.yamlnodes import to_plain as to_plain

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50
MAX_EXPANDED = 200_000          # nodes produced, counting every alias expansion

_TAG = "tag:yaml.org,2002:"
STANDARD_TAGS = {"str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"}

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_RESOLVER = Resolver()
_INVISIBLE = re.compile(f"[{yamlhints.INVISIBLE_CLASS}]")



def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 file under the size limit, or raise YamlFailure."""
    where = Pos(display, 1, 1)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise YamlFailure([Problem(where, "fichier introuvable")]) from None
    except OSError as exc:
        raise YamlFailure([Problem(where, f"fichier illisible ({os_reason(exc)})")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise YamlFailure([Problem(where, "c'est un dossier, pas un fichier de scénario")])
    if not stat.S_ISREG(info.st_mode):     # a named pipe would block, /dev/zero never end
        raise YamlFailure([Problem(where, "ce n'est pas un fichier ordinaire (tube, "
                                          "périphérique…) : lecture refusée")])
    size = info.st_size
    if size > MAX_BYTES:
        shown = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise YamlFailure([Problem(where, (
            f"fichier trop volumineux ({shown} Mo) : "
            f"la limite est de {MAX_BYTES // 1024 // 1024} Mo"))])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlFailure([Problem(where, f"fichier illisible ({os_reason(exc)})")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlFailure([Problem(Pos(display, line, col), (
            "le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8"))]) from None
    return text.removeprefix("\ufeff")


# Characters YAML does not allow in a stream (YAML 1.1 §5.1): C0 controls except tab and
# newlines, DEL, C1 controls except NEL, surrogates, U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff"
                        "\ufffe\uffff]")


def check_characters(text: str, display: str) -> None:
    """Raise YamlFailure at the first character YAML forbids, with its line and column."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return
    start = found.start()
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    code = ord(found.group())
    what = "caractère nul" if code == 0 else "caractère de contrôle"
    raise YamlFailure([Problem(Pos(display, line, col), (
        f"{what} interdit dans un fichier YAML (U+{code:04X}) : fichier binaire ou abîmé ? "
        "Supprimez-le ou réenregistrez le fichier en texte"))])


_SYNTAX_FR = (
    ("mapping values are not allowed",
     "« : » inattendu : un texte contenant « : » doit être mis entre guillemets"),
    ("found character '\\t'", "tabulation interdite : indentez avec des espaces"),
    ("cannot start any token", "caractère inattendu en début de valeur "
                               "(mettez la valeur entre guillemets)"),
    ("could not find expected ':'", "« : » attendu après la clé (ou guillemet non fermé)"),
    ("did not find expected key", "indentation incohérente : une clé était attendue ici"),
    ("did not find expected '-'", "indentation incohérente : un élément de liste « - » "
                                  "était attendu ici"),
    ("did not find expected ',' or ']'", "liste entre crochets mal fermée : « , » ou « ] » "
                                         "attendu"),
    ("did not find expected ',' or '}'", "dictionnaire entre accolades mal fermé : « , » ou "
                                         "« } » attendu"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    ("found unknown escape character", "séquence d'échappement inconnue dans un texte entre "
                                       "guillemets doubles (utilisez des guillemets simples)"),
    ("did not find expected node content", "valeur attendue ici"),
    ("block sequence entries are not allowed",
     "élément de liste « - » inattendu ici (indentation ?)"),
    ("found undefined alias", "alias inconnu"),
    ("expected alphabetic or numeric character", "nom d'ancre ou d'alias invalide"),
    ("found a tab character", "tabulation interdite : indentez avec des espaces"),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str, text: str = "") -> Problem:
    mark: Any = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark      # point at the unclosed quote, not at the end of file
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    raw = f"{exc.context or ''} {exc.problem or ''}".strip()
    context_line = exc.context_mark.line + 1 if exc.context_mark is not None else line
    if text:
        explained = yamlhints.explain(text, display, line, col, context_line, raw)
        if explained is not None:
            return explained
    for needle, french in _SYNTAX_FR:
        if needle in raw:
            return Problem(Pos(display, line, col), f"erreur de syntaxe YAML : {french}")
    return Problem(Pos(display, line, col), f"erreur de syntaxe YAML ({raw})")


def _resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)
    return str(tag)


def _short(tag: str) -> str | None:
    return tag[len(_TAG):] if tag.startswith(_TAG) else None


class _Builder:
    """Turns parser events into a YNode tree (iteratively, with the guards)."""

    def __init__(self, display: str, text: str = "") -> None:
        self.display = display
        self.text = text
        self._lines: list[str] | None = None
        self.anchors: dict[str, tuple[YNode, int]] = {}
        self.expanded = 0
        self.problems: list[Problem] = []
        self.dash_reported: set[int] = set()

    def fail(self, line: int, col: int, message: str) -> YamlFailure:
        return YamlFailure([*self.problems, Problem(Pos(self.display, line, col), message)])

    def tag_of(self, event: Any, kind: str) -> str:
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        tag = event.tag
        if tag is None or tag == "!":
            tag = (_resolve_scalar(event.value, event.implicit) if kind == "scalar"
                   else _TAG + kind)
        short = _short(tag)
        if short is None or short not in STANDARD_TAGS:
            if "python" in tag:
                msg = (f"étiquette Python « {tag.replace(_TAG, '!!')} » interdite : un "
                       "scénario ne peut pas exécuter de code")
            else:
                msg = (f"étiquette YAML « {tag.replace(_TAG, '!!')} » non prise en charge : "
                       "retirez-la (seuls les textes, nombres, booléens, listes et "
                       "dictionnaires sont permis)")
            raise self.fail(line, col, msg)
        if short in ("map", "seq") and short != kind:
            raise self.fail(line, col, f"étiquette « !!{short} » incompatible avec cette valeur")
        return short

    def block_start(self, node: YNode) -> None:
        """Locate the first content line of a block scalar (its indentation is the column)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        for index in range(node.line, min(len(self._lines), node.line + 200)):
            raw = self._lines[index]
            if raw.strip():
                node.content_line = index + 1
                node.content_col = len(raw) - len(raw.lstrip(" ")) + 1
                return

    def build(self, events: Any) -> YNode | None:
        root: YNode | None = None
        stack: list[tuple[YNode, int, str | None]] = []   # node, size so far, anchor
        pending_key: list[YNode | None] = []
        documents = 0
        event: Any
        scalar_event: Any = yaml.ScalarEvent
        for event in events:
            if type(event) is scalar_event and event.tag is None and not event.anchor:
                # Fast path for the commonest event: an untagged scalar.
                mark: Any = event.start_mark
                line, col = mark.line + 1, mark.column + 1
                style = event.style or None
                tag = _plain_tag(event.value) if event.implicit[0] else "str"
                node = YNode("scalar", tag, event.value, self.display, line, col, style)
                if style in ("|", ">"):
                    self.block_start(node)
                self.expanded += 1
                size = 1
            else:
                handled = self.event(event, stack, pending_key, documents)
                if handled is None:
                    if isinstance(event, yaml.DocumentStartEvent):
                        documents += 1
                    continue
                node, size, line, col = handled
            if self.expanded > MAX_EXPANDED:
                raise self.fail(line, col, (
                    f"fichier trop complexe (plus de {MAX_EXPANDED:,} éléments)"
                    .replace(",", " ")))
            if not stack:
                root = node
                continue
            parent, psize, panchor = stack[-1]
            stack[-1] = (parent, psize + size, panchor)
            if parent.kind == "seq":
                parent.value.append(node)
                continue
            key = pending_key[-1]
            if key is None:
                if node.kind != "scalar":
                    raise self.fail(line, col, "clé invalide : une clé doit être un simple mot")
                if node.plain and _INVISIBLE.search(node.value):
                    self.invisible(node, key=True)
                pending_key[-1] = node
                continue
            pending_key[-1] = None
            if node.plain and _INVISIBLE.search(node.value):
                self.invisible(node, key=False)
            self.add_pair(parent, key, node, len(stack) >= 2 and stack[-2][0].kind == "seq")
        return root

    def event(self, event: Any, stack: list[tuple[YNode, int, str | None]],
              pending_key: list[YNode | None], documents: int,
              ) -> tuple[YNode, int, int, int] | None:
        """Handle any other event; (node, size, line, col) when a node is complete."""
        if isinstance(event, yaml.DocumentStartEvent):
            if documents >= 1:
                raise self.fail(*_where(event),
                                "un seul document YAML par fichier (« --- » en trop)")
            return None
        if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent
                      | yaml.DocumentEndEvent):
            return None
        line, col = _where(event)
        if isinstance(event, yaml.AliasEvent):
            found = self.anchors.get(event.anchor or "")
            if found is None:
                raise self.fail(line, col, f"alias « *{event.anchor} » inconnu (ancre non "
                                           "définie avant, ou référence circulaire)")
            node, size = found
            self.expanded += size
            if self.expanded > MAX_EXPANDED:
                raise self.fail(line, col, (
                    "trop d'alias : leur expansion dépasse "
                    f"{MAX_EXPANDED:,} éléments (bombe d'alias ?)".replace(",", " ")))
            return node, size, line, col
        if isinstance(event, yaml.ScalarEvent):
            node = YNode("scalar", self.tag_of(event, "scalar"), event.value,
                         self.display, line, col, event.style or None)
            if node.style in ("|", ">"):
                self.block_start(node)
            self.expanded += 1
            if event.anchor:
                self.anchors[event.anchor] = (node, 1)
            return node, 1, line, col
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
            if len(stack) >= MAX_DEPTH:
                raise self.fail(line, col, (
                    f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)"))
            node = YNode(kind, self.tag_of(event, kind), [], self.display, line, col)
            self.expanded += 1
            stack.append((node, 1, event.anchor))
            pending_key.append(None)
            return None
        if isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node, size, anchor = stack.pop()
            pending_key.pop()
            if anchor:
                self.anchors[anchor] = (node, size)
            return node, size, node.line, node.col
        return None  # pragma: no cover - no other event kinds exist

    def invisible(self, node: YNode, key: bool) -> None:
        """Fail on an invisible character where YAML reads structure (key, indentation).

        In a value only a leading one, or one glued to a « key: » the value swallowed,
        counts: French texts rightly hold no-break spaces before « : ».
        """
        value: str = node.value
        found = _INVISIBLE.search(value)
        assert found is not None
        structural = key or found.start() == 0 or bool(re.match(
            rf"^(?:-|[A-Za-z_][\w-]*:)[{yamlhints.INVISIBLE_CLASS}]", value))
        if not structural:
            return
        line, col = self.locate(node, value[found.start()])
        raise self.fail(line, col, yamlhints.invisible_message(found.group()))

    def locate(self, node: YNode, ch: str) -> tuple[int, int]:
        """Line and column of the first `ch` at or after the start of `node`."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        for index in range(node.line - 1, len(self._lines)):
            start = node.col - 1 if index == node.line - 1 else 0
            found = self._lines[index].find(ch, start)
            if found >= 0:
                return index + 1, found + 1
        return node.line, node.col

    def add_pair(self, parent: YNode, key: YNode, node: YNode, item: bool = False) -> None:
        """Attach key: value to a mapping, rejecting merge keys and duplicates.

        In a list item (`item`), a repeated key most likely starts the next item whose
        « - » was forgotten: that is said once, at the first repeated key.
        """
        if key.tag == "merge":
            self.problems.append(Problem(key.pos, (
                "la clé de fusion « << » n'est pas prise en charge : recopiez les champs "
                "ou utilisez un fragment (inclure)")))
            return
        previous = parent.keys.get(key.value)
        if previous is not None and item:
            if id(parent) not in self.dash_reported:
                self.dash_reported.add(id(parent))
                self.problems.append(Problem(key.pos, (
                    f"il manque sans doute « - » devant « {key.value} » : la clé « {key.value} "
                    f"» figure déjà ligne {previous[0].line} dans le même élément de liste ; "
                    f"pour commencer un nouvel élément, écrivez « - {key.value}: … » (en "
                    "retirant deux espaces d'indentation)")))
            return
        if previous is not None:
            first = previous[0]
            self.problems.append(Problem(key.pos, (
                f"clé « {key.value} » en double (déjà définie ligne {first.line}, "
                f"colonne {first.col}) : YAML garderait seulement la dernière")))
            return
        parent.value.append((key, node))
        parent.keys[key.value] = (key, node)


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """Short YAML 1.1 type of an untagged plain scalar."""
    return _short(_resolve_scalar(value, (True, False))) or "str"


def _where(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def compose_text(text: str, display: str) -> tuple[YNode | None, list[Problem]]:
    """Compose YAML text; raise YamlFailure on fatal problems, return soft ones."""
    check_characters(text, display)
    builder = _Builder(display, text)
    try:
        root = builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise YamlFailure([*builder.problems, _syntax_problem(exc, display, text)]) from None
    except yaml.YAMLError as exc:
        raise YamlFailure([*builder.problems, Problem(Pos(display, 1, 1), (
            f"erreur de lecture YAML ({exc})"))]) from None
    except RecursionError:  # pragma: no cover - depth is bounded above
        raise YamlFailure([Problem(Pos(display, 1, 1), "imbrication trop profonde")]) from None
    return root, builder.problems


def compose_file(path: Path, display: str) -> tuple[YNode | None, list[Problem]]:
    """Read and compose one file (size limit, UTF-8, guards)."""
    return compose_text(read_text(path, display), display)
