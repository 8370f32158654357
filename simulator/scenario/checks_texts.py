"""Checks of texts: placeholders `{…}` and inline conditionals `{si … : a | b}`."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario import inline
from simulator.scenario.checks_base import shift
from simulator.scenario.checks_exprs import ExpressionChecks
from simulator.scenario.fields import did_you_mean
from simulator.scenario.model import Expression, Pos, Text
from simulator.scenario.placeholders import ANY_BRACES, read_body
from simulator.world.schema import FIELDS, OPTIONAL_FIELDS

# Example fallbacks shown in the warning for a field that can be empty.
_FALLBACK_HINTS: dict[str, str] = {
    "concurrent": "un concurrent", "dernier_contact": "jamais", "derniere_commande": "aucune",
    "telephone": "numéro inconnu", "email": "adresse inconnue",
}


class TextChecks(ExpressionChecks):
    """Every `{…}` of a text names a known value; positions point into the source."""

    # -- texts -------------------------------------------------------------------------
    def placeholders(self, text: Text | None, extra: frozenset[str] = frozenset(),
                     exact: bool = True) -> None:
        """Check `{…}` in a text; `exact=False` when `text.pos` is not the text's start."""
        if text is None:
            return
        if "{si" in text.value:
            text = self.inline_conditionals(text, extra)
        cursor = (text.pos.line, text.pos.col)
        for m in ANY_BRACES.finditer(text.value):
            body = m.group(1)
            if body is None:
                continue
            found_at = self.locate(text.pos.path, m.group(0), cursor)
            if found_at is not None:
                cursor = (found_at.line, found_at.col + 1)
                pos = found_at
            else:
                pos = _text_pos(text, m.start()) if exact else text.pos
            reading = read_body(body)
            if reading.path is None:
                self.report(pos, f"espace réservé mal formé « {{{body}}} » (écrivez par "
                                 "exemple {client.raison_sociale} ; pour une accolade, {{ ou }})")
                continue
            if reading.problem is not None:
                self.report(pos, f"espace réservé « {{{body}}} » : {reading.problem}")
                continue
            self.placeholder_path(pos, reading.path, reading.fallback, extra)

    def placeholder_path(self, pos: Pos, path: str, fallback: str | None,
                         extra: frozenset[str]) -> None:
        """The named value exists; warn when it can be empty and has no fallback."""
        parts = path.split(".")
        root = parts[0]
        known = self.known | extra
        self.used_vars.add(root)
        if root == "produit" and root not in known:
            self.report(pos, f"espace réservé « {{{path}}} » : « produit » est le "
                             "produit négocié, il n'existe que dans un scénario avec un "
                             "nœud de négociation")
        elif root not in known:
            self.report(pos, f"espace réservé inconnu « {{{path}}} »"
                             f"{did_you_mean(root, known)}")
        elif len(parts) > 1 and root in FIELDS and parts[1] not in FIELDS[root]:
            self.report(pos, f"espace réservé : champ inconnu « {parts[1]} » de "
                             f"« {root} »{did_you_mean(parts[1], FIELDS[root])}")
        elif len(parts) > 1 and root in self.sc.variables:
            self.report(pos, f"espace réservé : la variable « {root} » n'a pas de champ "
                             f"« {parts[1]} »")
        elif (fallback is None and len(parts) == 2 and root in FIELDS
              and parts[1] in OPTIONAL_FIELDS.get(root, frozenset())):
            self.report(pos, f"espace réservé « {{{path}}} » : ce champ peut être vide ; "
                             f"donnez un texte de repli, par exemple "
                             f"{{{path}|{_FALLBACK_HINTS.get(parts[1], '…')}}}",
                        "avertissement")

    def inline_conditionals(self, text: Text, extra: frozenset[str]) -> Text:
        """Check `{si condition : a | b}` segments; the text left for placeholder checks."""
        try:
            segments = inline.conditionals(text.value)
        except inline.InlineError as exc:
            self.report(self.locate(text.pos.path, "{si", (text.pos.line, text.pos.col))
                        or text.pos, exc.message)
            return Text(inline.masked(text.value), text.pos)
        cursor = (text.pos.line, text.pos.col)
        for seg in segments:
            start = self.locate(text.pos.path, "{si", cursor) or text.pos
            cursor = (start.line, start.col + 1)
            self.expression(Expression(seg.condition,
                                       shift(start, seg.condition_at - seg.start + 1)), extra)
            for part, at in ((seg.then, seg.then_at), (seg.otherwise, seg.otherwise_at)):
                if part:
                    self.placeholders(Text(part, shift(start, at - seg.start + 1)), extra,
                                      exact=False)
        return Text(inline.masked(text.value), text.pos)

    def locate(self, path: str, needle: str, start: tuple[int, int]) -> Pos | None:
        """Where `needle` appears in the source from `start` on (texts may be folded)."""
        lines = self.source_lines(path)
        line, col = start
        for index in range(line - 1, min(len(lines), line + 60)):
            found = lines[index].find(needle, col - 1 if index == line - 1 else 0)
            if found >= 0:
                return Pos(path, index + 1, found + 1)
        return None

    def source_lines(self, path: str) -> list[str]:
        if path not in self._sources:
            try:
                self._sources[path] = Path(path).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._sources[path] = []
        return self._sources[path]


def _text_pos(text: Text, offset: int) -> Pos:
    before = text.value[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return shift(text.pos, offset + 1)
    # Literal blocks keep their lines: same indentation as the first content line.
    in_line = offset - before.rfind("\n") - 1
    return Pos(text.pos.path, text.pos.line + newlines, text.pos.col + in_line)
