"""The trainee's possible replies as a numbered list (keys 1–9, arrows, Enter)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.markup import escape
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from simulator.french.typography import typeset


@dataclass(frozen=True)
class Reply:
    number: int
    id: str
    text: str
    enabled: bool
    reason: str | None = None


class ReplyList(OptionList):
    """Options are the listed choices; disabled ones show their reason (training mode)."""

    DEFAULT_CSS = """
    ReplyList { height: auto; max-height: 12; border: round $primary 50%; }
    ReplyList:focus { border: round $accent; }
    """

    @dataclass
    class Picked(Message):
        """A reply was chosen (Enter or its number)."""

        reply: Reply

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.replies: list[Reply] = []
        self.border_title = "Vos réponses (1–9, ↑↓, Entrée)"

    def set_replies(self, replies: list[Reply]) -> None:
        """Show `replies` (all options added at once: one refresh, not one per option)."""
        self.replies = replies
        self.clear_options()
        options = []
        for reply in replies:
            text = escape(typeset(reply.text))
            if reply.enabled:
                prompt = f"[b]{reply.number}.[/b] {text}"
            else:
                reason = f" — [i]{escape(reply.reason)}[/i]" if reply.reason else ""
                prompt = f"[dim]{reply.number}. {text}{reason}[/dim]"
            options.append(Option(prompt, id=reply.id, disabled=not reply.enabled))
        self.add_options(options)
        first = next((i for i, r in enumerate(replies) if r.enabled), None)
        self.highlighted = first

    def highlighted_reply(self) -> Reply | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.replies)):
            return None
        return self.replies[self.highlighted]

    def by_number(self, number: int) -> Reply | None:
        return next((r for r in self.replies if r.number == number), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        reply = self.replies[event.option_index]
        if reply.enabled:
            self.post_message(self.Picked(reply))
