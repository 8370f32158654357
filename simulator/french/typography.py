"""French typography: the no-break spaces a proofreader expects, applied to a finished text.

Trainers type ordinary spaces in their YAML (« Pourquoi ? », « 500 € »); `typeset` turns them
into no-break spaces so a line never wraps leaving « ? », « % » or « 500 € » alone. Text in
backquotes (code) is left as written.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"     # before « : », between a number and its unit
NNBSP = "\u202f"    # before « ; ! ? », inside « », thousands separator
SPACES = " \u00a0\u202f"

# Unit symbols that follow a number; a no-break space goes between them.
UNITS = ("%", "€", "k€", "M€", "€ HT", "€ TTC", "km", "kg", "bar", "kW", "kWh", "MWh", "m³",
         "m²", "m3", "m2", "°C", "h", "min", "l", "t", "Nm³")
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))

_CODE = re.compile(r"`[^`\n]*`")
_BEFORE_SPACED = re.compile(r"(?<=\S) ([;!?])(?=\s|$|[»)\"'.,…])")
_BEFORE_COLON = re.compile(r"(?<=\S) :(?=\s|$)")
_BEFORE_GLUED = re.compile(r"(?<=[\w)»…\]])([;!?])(?=\s|$|[»)\"'.,…])")
_COLON_GLUED = re.compile(r"(?<=[^\W\d_]|[)»])(:)(?=\s|$)")
_OPEN_QUOTE = re.compile(r"« ?")
_CLOSE_QUOTE = re.compile(r" ?»")
_NUMBER_UNIT = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)?) ?({_UNIT})(?![\w²³])")
_THOUSANDS = re.compile(r"(?<![\w,.])(\d{1,3})((?: \d{3})+)(?![\d,])")
_NUMERO = re.compile(r"\bn° ")


def _typeset_plain(text: str) -> str:
    text = _BEFORE_SPACED.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_GLUED.sub(NNBSP + r"\1", text)
    text = _COLON_GLUED.sub(NBSP + ":", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    text = _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(" ", NNBSP), text)
    text = _NUMBER_UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2).replace(" ", NBSP), text)
    return _NUMERO.sub("n°" + NBSP, text)


def typeset(text: str) -> str:
    """`text` with French no-break spaces; backquoted code kept as written."""
    if not text:
        return text
    out: list[str] = []
    last = 0
    for m in _CODE.finditer(text):
        out.append(_typeset_plain(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_typeset_plain(text[last:]))
    return "".join(out)
