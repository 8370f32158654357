"""Rejeu (evaluator): step through a session log with timestamps and the scoring evidence
attached to each step; notes and overrides go to the signed sidecar."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from simulator.french.grammar import plural
from simulator.tui import formatting as fmt
from simulator.tui import services
from simulator.tui.commands import PaletteCommand
from simulator.tui.dialogs.evaluator import NoteDialog, NoteInput, OverrideDialog, OverrideInput
from simulator.tui.widgets.evidence_list import evidence_prompt
from simulator.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp

EVENT_LABELS: dict[str, str] = {
    "session_started": "début",
    "node_entered": "étape",
    "client_line": "réplique",
    "choices_shown": "choix proposés",
    "choice_made": "choix",
    "free_text": "texte libre",
    "offer_made": "offre",
    "offer_received": "réponse client",
    "negotiation_action": "négociation",
    "task_answered": "tâche",
    "variable_changed": "variable",
    "need_revealed": "besoin révélé",
    "evidence": "preuve",
    "feedback_shown": "coach",
    "timer": "chrono",
    "session_resumed": "reprise",
    "session_abandoned": "abandon",
    "session_ended": "fin",
}


def event_summary(event: dict[str, Any]) -> str:
    """One short line about an event."""
    data = event.get("data", {}) or {}
    kind = event.get("type", "")
    if kind in ("client_line", "free_text", "feedback_shown"):
        return str(data.get("text", ""))
    if kind == "choice_made":
        return f"{data.get('number', '')}. {data.get('text', '')}"
    if kind == "node_entered":
        return f"{data.get('node', '')} ({data.get('kind', '')})"
    if kind == "choices_shown":
        return plural(len(data.get("choices", [])), "réponse possible", "réponses possibles")
    if kind == "variable_changed":
        return f"{data.get('name')} : {data.get('old')} → {data.get('new')}"
    if kind == "evidence":
        weight = data.get("weight", 0)
        return f"{data.get('criterion')} {'+' if weight > 0 else '−'} {data.get('justification')}"
    if kind in ("offer_made", "offer_received"):
        offer = data.get("offer", {}) or {}
        decision = data.get("decision", "")
        return (f"tour {data.get('round')} · remise {fmt.number(offer.get('remise'), 1)} % · "
                f"paiement {fmt.number(offer.get('delai_paiement'))} j {decision}").strip()
    if kind == "negotiation_action":
        return "accepte" if data.get("action") == "accept" else "rompt"
    if kind == "task_answered":
        results = data.get("results", {}) or {}
        good = sum(1 for r in results.values() if isinstance(r, dict) and r.get("ok"))
        return f"{plural(good, 'réponse juste', 'réponses justes')} sur {len(results)}"
    if kind == "session_ended":
        return f"issue : {fmt.outcome(data.get('outcome'))}"
    if kind == "timer":
        return "temps écoulé" if data.get("expired") else "temps dépassé"
    if kind == "need_revealed":
        return str(data.get("text", data.get("need", "")))
    return ""


class ReplayScreen(Screen[None]):
    """Step-by-step replay of one log."""

    HELP_TITLE = "Rejeu"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "step(1)", "Suivant", priority=True),
        Binding("left,p", "step(-1)", "Précédent", priority=True),
        Binding("home", "first", "Début", show=False, priority=True),
        Binding("end", "last", "Fin", show=False, priority=True),
        Binding("a", "note", "Annoter"),
        Binding("d", "override", "Décision"),
        Binding("b", "debrief", "Bilan"),
        Binding("escape", "back", "Retour"),
    ]

    def __init__(self, log_path: Path) -> None:
        super().__init__()
        self.log_path = log_path
        self.loaded: services.LoadedLog | None = None
        self.result: Any = None
        self.index = 0
        self.replay_status = "Rejeu : vérification en cours…"
        self._evidence_by_seq: dict[int, list[Any]] = {}
        self._notes_by_seq: dict[int, list[str]] = {}

    @property
    def ntc(self) -> NtcApp:
        """The app (typed; the screens never import it at run time)."""
        return cast("NtcApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="verification")
        with Horizontal(id="rejeu"):
            steps: DataTable[str] = DataTable(id="etapes", cursor_type="row")
            steps.border_title = "Étapes (← →)"
            yield steps
            with Vertical(id="cote"):
                with VerticalScroll(id="detail-zone"):
                    yield Static("", id="detail")
                yield Transcript(id="echange-rejeu", numbered=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Rejeu de session"
        self.sub_title = self.log_path.name
        try:
            self.loaded = services.read_session_log(self.log_path)
        except services.ServiceError as exc:
            self.query_one("#verification", Static).update(f"[red]{escape(str(exc))}[/]")
            return
        table: DataTable[str] = self.query_one("#etapes", DataTable)
        table.add_column("n°", key="seq")
        table.add_column("temps", key="t")
        table.add_column("type", key="type")
        table.add_column("résumé", key="resume")
        for event in self.loaded.events:
            table.add_row(str(event.get("seq")), fmt.duration_ms(int(event.get("t_ms", 0))),
                          EVENT_LABELS.get(str(event.get("type")), str(event.get("type"))),
                          escape(event_summary(event)[:60]), key=str(event.get("seq")))
        header = self.loaded.header
        transcript = self.query_one(Transcript)
        transcript.names = services.speaker_names(header.get("world") or {})
        transcript.set_lines(services.transcript_lines(self.loaded.events))
        self._load_scoring()
        self._show_status()
        table.focus()
        self.go(0)
        self.verify()

    def _load_scoring(self) -> None:
        self._evidence_by_seq = {}
        self._notes_by_seq = {}
        try:
            self.result = services.score_log(self.log_path)
        except services.ServiceError:
            self.result = None
        if self.result is not None:
            for crit in self.result.scoring.criteria():
                for ev in crit.evidence:
                    for seq in ev.seqs:
                        self._evidence_by_seq.setdefault(int(seq), []).append((crit.id, ev))
        for event in services.evaluator_notes(self.log_path):
            data = event.get("data", {}) or {}
            if event.get("type") == "note":
                self._notes_by_seq.setdefault(int(data.get("event_seq", 0)), []).append(
                    f"{data.get('evaluator')} : {data.get('text')}")
            elif event.get("type") == "override":
                self._notes_by_seq.setdefault(0, []).append(
                    f"{data.get('evaluator')} : {data.get('criterion')} → "
                    f"{data.get('decision')} ({data.get('justification')})")

    def _show_status(self) -> None:
        assert self.loaded is not None
        header = self.loaded.header
        chain = ("[green]chaîne de hachage intègre[/]" if self.loaded.verified
                 else "[b red]journal altéré ou incomplet[/]")
        signed = ("signé" if self.loaded.signed
                  else "non signé : l'intégrité n'est pas garantie")
        problems = ""
        if self.loaded.problems:
            problems = "\n[yellow]" + escape(" ; ".join(self.loaded.problems[:2])) + "[/]"
        self.query_one("#verification", Static).update(
            f"[b]{escape(str(header.get('trainee', '')))}[/b] · "
            f"{escape(str((header.get('scenario') or {}).get('id', '')))} · "
            f"{fmt.mode(str(header.get('mode', '')))} · {fmt.date_time(header.get('started_at'))}"
            f"\n{chain} ({signed}) · {escape(self.replay_status)}{problems}")

    @work(thread=True, exclusive=True, group="verification")
    def verify(self) -> None:
        ok, message = services.verify_replay(self.log_path)
        status = (f"Rejeu conforme : {message}" if ok
                  else f"À ne pas retenir tel quel : {message}")
        self.app.call_from_thread(self._verified, status)

    def _verified(self, status: str) -> None:
        self.replay_status = status
        if self.loaded is not None:
            self._show_status()

    # -- stepping ---------------------------------------------------------------------
    def go(self, index: int) -> None:
        if self.loaded is None or not self.loaded.events:
            return
        index = max(0, min(index, len(self.loaded.events) - 1))
        self.index = index
        event = self.loaded.events[index]
        table = self.query_one("#etapes", DataTable)
        if table.cursor_row != index:
            table.move_cursor(row=index)
        seq = int(event.get("seq", 0))
        transcript = self.query_one(Transcript)
        transcript.show_until(seq)
        transcript.highlight(seq)
        self.query_one("#detail", Static).update(self._detail(event))

    def _detail(self, event: dict[str, Any]) -> str:
        seq = int(event.get("seq", 0))
        kind = str(event.get("type"))
        lines = [f"[b]n° {seq}[/b] · {fmt.duration_ms(int(event.get('t_ms', 0)))} · "
                 f"{EVENT_LABELS.get(kind, kind)}",
                 escape(event_summary(event))]
        evidence = self._evidence_by_seq.get(seq, [])
        if evidence:
            lines.append("[b]Preuves :[/b]")
            lines.extend(f"{cid} {evidence_prompt(ev)}" for cid, ev in evidence)
        for note in self._notes_by_seq.get(seq, []):
            lines.append(f"[yellow]Note : {escape(note)}[/]")
        return "\n".join(lines)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "etapes" and event.cursor_row != self.index:
            self.go(event.cursor_row)

    def action_step(self, delta: int) -> None:
        self.go(self.index + delta)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        if self.loaded is not None:
            self.go(len(self.loaded.events) - 1)

    # -- evaluator --------------------------------------------------------------------
    def _current_seq(self) -> int:
        if self.loaded is None or not self.loaded.events:
            return 0
        return int(self.loaded.events[self.index].get("seq", 0))

    def action_note(self) -> None:
        seq = self._current_seq()

        def saved(value: object) -> None:
            if isinstance(value, NoteInput):
                try:
                    services.add_note(self.log_path, seq, value.text, value.evaluator,
                                      self.ntc.clock)
                except services.ServiceError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify("Note enregistrée dans le fichier d'évaluation.")
                self._load_scoring()
                self.go(self.index)

        self.app.push_screen(NoteDialog(seq, self.ntc.profile.trainee), saved)

    def action_override(self) -> None:
        titles = services.competence_titles()
        criteria = sorted((k, v) for k, v in titles.items() if "." in k)
        selected = None
        evidence = self._evidence_by_seq.get(self._current_seq(), [])
        if evidence:
            selected = evidence[0][0]

        def saved(value: object) -> None:
            if isinstance(value, OverrideInput):
                try:
                    services.add_override(self.log_path, value.criterion, value.decision,
                                          value.justification, value.evaluator,
                                          self.ntc.clock)
                except services.ServiceError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.notify(f"Décision enregistrée : {value.criterion} → {value.decision}.")
                self._load_scoring()
                self.go(self.index)

        self.app.push_screen(OverrideDialog(criteria, self.ntc.profile.trainee, selected),
                             saved)

    def action_debrief(self) -> None:
        self.app.push_screen(self.ntc.debrief_screen(self.log_path))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit(0)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield ("Annoter l'étape", "Note d'évaluateur (fichier signé)", self.action_note)
        yield ("Modifier une décision", "Décision d'évaluateur sur un critère",
               self.action_override)
        yield ("Bilan de la session", "Grille d'évaluation", self.action_debrief)
