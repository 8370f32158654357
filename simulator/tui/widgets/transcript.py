"""The transcript: who said what, speakers told apart by colour and label."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from simulator.engine.transcript import speaker_label
from simulator.french.grammar import plural
from simulator.french.typography import typeset

__all__ = ["KEEP_LINES", "SPEAKER_CLASSES", "Transcript", "TranscriptLine", "speaker_label"]

KEEP_LINES = 120        # lines a live session keeps on screen (`Transcript.add_lines`)

SPEAKER_CLASSES: dict[str, str] = {
    "client": "client",
    "barrage": "barrage",
    "stagiaire": "stagiaire",
    "coach": "coach",
    "systeme": "systeme",
    "jury": "client",
    "manager": "client",
    "narrateur": "systeme",
}

class TranscriptLine(Static):
    """One line; `seq` is the event it comes from, shown as « n° 98 » when `numbered` (debrief
    and replay: the evidence cites these numbers)."""

    def __init__(self, speaker: str, text: str, seq: int, label: str,
                 numbered: bool = False) -> None:
        css = SPEAKER_CLASSES.get(speaker, "client")
        number = f"[dim]n°\u00a0{seq}[/dim] " if numbered else ""
        super().__init__(f"{number}[b]{escape(label)}\u00a0:[/b] {escape(typeset(text))}",
                         classes=f"ligne {css}")
        self.seq = seq
        self.speaker = speaker


class Transcript(VerticalScroll):
    """Scrolling list of lines; `highlight(seq)` shows the moment an event happened."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; border: round $primary 40%; padding: 0 1; }
    Transcript:focus { border: round $accent; }
    Transcript .ligne { margin-bottom: 0; }
    Transcript .client { color: $text; }
    Transcript .client > * { color: $text; }
    Transcript .barrage { color: $secondary; }
    Transcript .stagiaire { color: $success; padding-left: 4; }
    Transcript .coach { color: $warning; text-style: italic; padding-left: 2; }
    Transcript .systeme { color: $text-muted; }
    Transcript .surligne { background: $accent 30%; }
    """

    def __init__(self, *, names: dict[str, str] | None = None, id: str | None = None,
                 numbered: bool = False) -> None:
        super().__init__(id=id)
        self.names = names or {}
        self.numbered = numbered
        self.count = 0
        self._shown = 0                    # TranscriptLine widgets mounted by add_lines
        self._folded = 0                   # lines removed from the top (see add_lines)
        self._notice: Static | None = None
        self.border_title = "Échange"

    def add_line(self, speaker: str, text: str, seq: int) -> None:
        self.add_lines([(speaker, text, seq)])

    def add_lines(self, lines: list[tuple[str, str, int]]) -> None:
        """Append the lines of one input together: one mount and one scroll, one layout.

        A live session keeps its last `KEEP_LINES` lines on screen: every line laid out
        costs each keypress, and past a few hundred the next line comes frames later. The
        older ones are named by a notice at the top (the debrief and the replay show the
        whole exchange)."""
        if not lines:
            return
        self.mount_all([TranscriptLine(s, t, q, speaker_label(s, self.names), self.numbered)
                        for s, t, q in lines])
        self.count += len(lines)
        self._shown += len(lines)
        if self._shown > KEEP_LINES:
            self._fold(self._shown - KEEP_LINES)
        self.scroll_end(animate=False)

    def _fold(self, count: int) -> None:
        old = [c for c in self.children if isinstance(c, TranscriptLine)][:count]
        self._shown -= len(old)
        self._folded += len(old)
        self.remove_children(old)
        lines = plural(self._folded, "ligne plus haut, retirée", "lignes plus haut, retirées")
        text = typeset(f"… {lines} de l'écran pour garder la réponse rapide : l'échange "
                       "complet est dans le bilan et le rejeu.")
        if self._notice is None:
            self._notice = Static(text, classes="ligne systeme")
            self.mount(self._notice, before=0)
        else:
            self._notice.update(text)

    def set_lines(self, lines: list[tuple[str, str, int]]) -> None:
        """Replace every line (replay)."""
        self.remove_children()
        self.count = 0
        self._shown = self._folded = 0
        self._notice = None
        widgets = [TranscriptLine(s, t, q, speaker_label(s, self.names), self.numbered)
                   for s, t, q in lines]
        self.count = len(widgets)
        if widgets:
            self.mount_all(widgets)
        self.scroll_end(animate=False)

    def show_until(self, seq: int) -> None:
        """Hide the lines after event `seq` (replay: the transcript as it was then)."""
        for line in self.query(TranscriptLine):
            line.display = line.seq <= seq

    def highlight(self, seq: int) -> TranscriptLine | None:
        """Mark the last line at or before `seq` and scroll to it."""
        target: TranscriptLine | None = None
        for line in self.query(TranscriptLine):
            line.remove_class("surligne")
            if line.seq <= seq:
                target = line
        if target is not None:
            target.add_class("surligne")
            self.scroll_to_widget(target, animate=False, center=True)
        return target
