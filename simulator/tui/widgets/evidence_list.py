"""Evidence of one criterion; choosing a line jumps to its moment in the transcript."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.markup import escape
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def evidence_prompt(ev: Any) -> str:
    sign = "[green]+[/]" if ev.weight > 0 else "[red]−[/]"
    blocker = " [b red]bloquant[/]" if getattr(ev, "blocker", False) else ""
    seqs = ", ".join(str(s) for s in ev.seqs)
    where = f" [dim](n° {seqs})[/]" if seqs else ""
    quote = f"\n   [i]« {escape(ev.quote)} »[/i]" if getattr(ev, "quote", None) else ""
    return f"{sign} {escape(ev.justification)}{blocker}{where}{quote}"


class EvidenceList(OptionList):
    """Lists `criterion.evidence`; `Jump` is posted with the event seq of the chosen line."""

    DEFAULT_CSS = """
    EvidenceList { height: auto; max-height: 10; border: round $primary 50%; }
    EvidenceList:focus { border: round $accent; }
    """

    @dataclass
    class Jump(Message):
        seq: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.evidence: list[Any] = []
        self.border_title = "Preuves"

    def show_criterion(self, criterion: Any | None) -> None:
        self.clear_options()
        self.evidence = []
        if criterion is None:
            self.border_title = "Preuves"
            self.add_option(Option("[dim]Choisissez un critère.[/dim]", disabled=True))
            return
        self.border_title = f"Preuves — {criterion.id}"
        self.evidence = list(criterion.evidence)
        if criterion.justification:
            self.add_option(Option(f"[b]{escape(criterion.justification)}[/b]",
                                   disabled=True))
        if criterion.override is not None:
            ov = criterion.override
            self.add_option(Option(
                f"[yellow]Décision de l'évaluateur ({escape(ov.evaluator)}) : "
                f"{escape(ov.decision)} — {escape(ov.justification)}[/]", disabled=True))
        for note in getattr(criterion, "notes", ()):
            self.add_option(Option(f"[yellow]Note : {escape(note.text)}[/]", disabled=True))
        for i, ev in enumerate(self.evidence):
            self.add_option(Option(evidence_prompt(ev), id=f"preuve-{i}"))
        if not self.evidence:
            self.add_option(Option("[dim]Aucune preuve pour ce critère.[/dim]",
                                   disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("preuve-"):
            ev = self.evidence[int(option_id.removeprefix("preuve-"))]
            if ev.seqs:
                self.post_message(self.Jump(int(min(ev.seqs))))
