"""Bilan: the session's scoring grid, evidence per criterion, jump to the transcript, export."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree

from simulator.tui import formatting as fmt
from simulator.tui import services
from simulator.tui.commands import PaletteCommand
from simulator.tui.messages import ReplayRequested
from simulator.tui.widgets.evidence_list import EvidenceList
from simulator.tui.widgets.score_tree import ScoreTree, decision_mark
from simulator.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp


def summary_text(result: Any) -> str:
    """Header of a scored session: scenario, mode in words, outcome, referential used, and
    what the mastery percentage means."""
    verified = "[green]journal vérifié[/]" if result.verified else "[red]journal non vérifié[/]"
    text = (f"[b]{escape(result.scenario_title or result.scenario_id)}[/b] · "
            f"{escape(result.trainee)} · mode {fmt.mode(result.mode)} · issue : "
            f"{fmt.outcome(result.outcome)} · durée {fmt.duration_ms(result.duration_ms)} · "
            f"{verified}\n{escape(services.referential_label())} · "
            f"maîtrise {result.scoring.mastery}\u00a0% [dim](critères acquis sur tous ceux du "
            "référentiel, y compris ceux que ce scénario n'évalue pas : un suivi de "
            "progression, pas une note)[/dim]")
    labels = [str(x) for x in (getattr(result, "signature", ""),) if x]
    provenance = getattr(result, "provenance", "")
    if provenance and provenance != "livré":
        labels.append(f"scénario {provenance}")
    labels += [str(r) for r in getattr(result, "resumes", ())]
    if labels:
        text += "\n[yellow]" + escape(" · ".join(labels)) + "[/]"
    return text


class DebriefScreen(Screen[None]):
    """Scoring of one session log."""

    HELP_TITLE = "Bilan"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Exporter en HTML"),
        Binding("r", "replay", "Rejouer"),
        Binding("t", "focus_transcript", "Échange", show=False),
        Binding("escape", "home", "Accueil"),
    ]

    def __init__(self, log_path: Path) -> None:
        super().__init__()
        self.log_path = log_path
        self.result: Any = None

    @property
    def ntc(self) -> NtcApp:
        """The app (typed; the screens never import it at run time)."""
        return cast("NtcApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="resume")
        with Horizontal(id="bilan"):
            yield ScoreTree(id="grille")
            with Vertical(id="droite"):
                yield EvidenceList(id="preuves")
                yield Transcript(id="echange-bilan", numbered=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Bilan de la session"
        try:
            self.result = services.score_log(self.log_path)
            loaded = services.read_session_log(self.log_path)
        except services.ServiceError as exc:
            self.query_one("#resume", Static).update(f"[red]{escape(str(exc))}[/]")
            return
        self.query_one("#resume", Static).update(summary_text(self.result))
        names = services.speaker_names(loaded.header.get("world") or {})
        transcript = self.query_one(Transcript)
        transcript.names = names
        transcript.set_lines(services.transcript_lines(loaded.events))
        tree = self.query_one(ScoreTree)
        tree.show_scoring(self.result.scoring)
        tree.focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Any]) -> None:
        data = event.node.data
        evidence = self.query_one(EvidenceList)
        if data is not None and hasattr(data, "evidence"):
            evidence.show_criterion(data)
        else:
            evidence.show_criterion(None)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        if event.node.data is not None and hasattr(event.node.data, "evidence"):
            self.query_one(EvidenceList).focus()

    def on_evidence_list_jump(self, event: EvidenceList.Jump) -> None:
        event.stop()
        line = self.query_one(Transcript).highlight(event.seq)
        if line is None:
            self.notify("Ce moment n'apparaît pas dans l'échange.", severity="warning")

    def action_focus_transcript(self) -> None:
        self.query_one(Transcript).focus()

    def action_export(self) -> None:
        try:
            out = services.export_html(self.log_path)
        except services.ServiceError as exc:
            self.notify(str(exc), title="Export", severity="error")
            return
        self.notify(f"Grille exportée : {out}", title="Export HTML")

    def action_replay(self) -> None:
        self.post_message(ReplayRequested(self.log_path))

    def action_home(self) -> None:
        self.ntc.action_go_home()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield ("Exporter la grille en HTML", "Fichier imprimable à côté du journal",
               self.action_export)
        yield ("Rejouer la session", "Rejeu pas à pas (évaluateur)", self.action_replay)


__all__ = ["DebriefScreen", "decision_mark", "summary_text"]
