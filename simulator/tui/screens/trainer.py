"""« Formateur »: the cohort table, the selected trainee's livret and sessions, and the
replay of a session one key away (`r`). Reads the centre records (simulator.centre)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from simulator.centre import CentreError, CentreRecords
from simulator.centre.cohort import Cohort, load_cohort
from simulator.centre.livret import Livret, load_livret
from simulator.centre.logcheck import check_log
from simulator.centre.records import SessionRow
from simulator.centre.render_livret import (
    MODE_FR,
    OUTCOME_FR,
    STATUS_FR,
    decision_text,
    title_text,
)
from simulator.centre.text import fr_date, fr_datetime, typo, upper_first

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp

CELL = {"acquis": "✓", "non acquis": "✗", "en cours": "…", "non évalué": "·"}


def cell_text(status: str, day: str | None) -> str:
    if status == "acquis" and day:
        return f"✓ {fr_date(day)}"
    return CELL.get(status, "·")


def livret_text(livret: Livret) -> str:
    """The livret as Textual markup (escaped)."""
    ref = livret.referential
    lines = [f"[b]{escape(livret.trainee)}[/b]", escape(upper_first(typo(title_text(livret)))),
             ""]
    for ccp in ref.ccps:
        d = livret.decisions.get(ccp.id)
        status = decision_text(d.status, d.decided_on, d.detail) if d else "non évalué"
        lines.append(f"[b]{ccp.id}[/b] {escape(typo(status))}")
        for comp in ccp.competences:
            c = livret.decisions.get(comp.id)
            text = decision_text(c.status, c.decided_on, c.detail) if c else "non évalué"
            lines.append(f"  {comp.id} {escape(typo(text))}")
    return "\n".join(lines)


class TrainerScreen(Screen[None]):
    """Cohort, livret, sessions; `r` replays the highlighted session."""

    HELP_TITLE = "Formateur"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Retour", tooltip="Revenir à l'accueil"),
        Binding("r", "replay", "Rejouer", tooltip="Rejouer la séance sélectionnée"),
        Binding("f5", "reload", "Actualiser", tooltip="Relire le registre du centre"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cohort: Cohort | None = None
        self.livret: Livret | None = None
        self.sessions: list[SessionRow] = []
        self.error: str | None = None

    @property
    def ntc(self) -> NtcApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        cohort: DataTable[str] = DataTable(id="cohorte", cursor_type="row", zebra_stripes=True)
        cohort.border_title = "Cohorte"
        yield cohort
        with Horizontal(id="formateur-bas"):
            with VerticalScroll(id="livret-zone"):
                yield Static("", id="livret")
            sessions: DataTable[str] = DataTable(id="seances", cursor_type="row")
            sessions.border_title = "Séances"
            yield sessions
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Formateur"
        self.sub_title = "registre du centre"
        self.query_one("#livret-zone", VerticalScroll).border_title = "Livret"
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def reload(self) -> None:
        """Read the records again (a session may have ended meanwhile)."""
        table = self.query_one("#cohorte", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        try:
            with CentreRecords() as records:
                self.cohort = load_cohort(records)
        except CentreError as exc:
            self.cohort, self.error = None, str(exc)
            self.query_one("#livret", Static).update(escape(self.error))
            self.notify(self.error, title="Registre du centre", severity="error", timeout=10)
            return
        self.error = None
        cohort = self.cohort
        table.add_columns("Stagiaire", "Séances", *[c.id for c in cohort.columns], "Titre")
        for row in cohort.rows:
            title = (f"✓ {fr_date(row.title_on)}" if row.title_on
                     else f"avant le {fr_date(row.deadline)}" if row.deadline else "")
            table.add_row(row.trainee, str(row.sessions),
                          *[cell_text(*row.cell(c.id)) for c in cohort.columns], title,
                          key=row.trainee)
        if not cohort.rows:
            self.query_one("#livret", Static).update(escape(typo(
                "Aucun stagiaire dans le registre du centre : les séances jouées ici ou avec "
                "« ntc run » y sont inscrites, « ntc livret import » ajoute celles faites "
                "ailleurs.")))
            self.query_one("#seances", DataTable).clear(columns=True)
            return
        table.move_cursor(row=min(max(keep, 0), len(cohort.rows) - 1))
        self.show_trainee(cohort.rows[table.cursor_row].trainee)
        table.focus()

    def show_trainee(self, name: str) -> None:
        try:
            with CentreRecords() as records:
                self.livret = load_livret(records, name)
        except CentreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.query_one("#livret", Static).update(livret_text(self.livret))
        self.sessions = list(reversed(self.livret.sessions))     # latest first
        table = self.query_one("#seances", DataTable)
        table.clear(columns=True)
        table.add_columns("Début", "Scénario", "Mode", "État", "Journal")
        for row in self.sessions:
            state = STATUS_FR.get(row.status, row.status)
            if row.outcome:
                state += f" ({OUTCOME_FR.get(row.outcome, row.outcome)})"
            check = check_log(row)
            table.add_row(fr_datetime(row.started_at), row.scenario_id,
                          MODE_FR.get(row.mode, row.mode), state,
                          "ok" if check.state == "ok" else typo(check.message), key=row.id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "cohorte" and event.row_key.value is not None:
            self.show_trainee(str(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "seances":
            self.action_replay()
        elif event.data_table.id == "cohorte":
            self.query_one("#seances", DataTable).focus()

    def selected_session(self) -> SessionRow | None:
        if not self.sessions:
            return None
        row = self.query_one("#seances", DataTable).cursor_row
        return self.sessions[min(max(row, 0), len(self.sessions) - 1)]

    def action_replay(self) -> None:
        session = self.selected_session()
        if session is None:
            self.notify("Aucune séance à rejouer pour ce stagiaire.", severity="warning")
            return
        path = Path(session.log_path or "")
        if not session.log_path or not path.is_file():
            self.notify(typo(f"Journal introuvable : {session.log_path or '(non enregistré)'}"),
                        title="Rejeu", severity="error", timeout=10)
            return
        self.ntc.open_replay(path)


