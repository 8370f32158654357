"""Accueil: trainee identity, mode, scenario catalogue, the trainee's recent sessions, replay
entry, and the offer to resume a session a refresh or a dropped connection interrupted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from simulator.tui import formatting as fmt
from simulator.tui import services
from simulator.tui.commands import PaletteCommand
from simulator.tui.messages import ReplayRequested
from simulator.tui.storage import interrupted_session, log_in_use, recent_sessions
from simulator.tui.widgets.catalogue_list import CatalogueList, entry_facts

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp


class HomeScreen(Screen[None]):
    """Start page of the app."""

    HELP_TITLE = "Accueil"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_scenario", "Ouvrir le scénario", show=False),
        Binding("f5", "open_scenario", "Ouvrir", tooltip="Ouvrir le dossier du scénario"),
        Binding("f6", "toggle_mode", "Mode", tooltip="Changer de mode (entraînement / examen)"),
        Binding("ctrl+r", "replay_selected", "Rejouer",
                tooltip="Rejouer la session récente sélectionnée"),
        Binding("ctrl+e", "resume_selected", "Reprendre",
                tooltip="Reprendre la session interrompue sélectionnée"),
        Binding("ctrl+o", "app.open_log", "Journal…", tooltip="Rejouer un journal de session"),
        Binding("f7", "app.trainer", "Formateur",
                tooltip="Formateur\u202f: cohorte, livrets et séances des stagiaires"),
        Binding("f4", "change_trainee", "Stagiaire", show=False,  # shown beside the name
                tooltip="Changer de stagiaire"),
    ]
    RESUME_WAIT_S = 30   # a dropped connection may hold the log a few seconds more

    def __init__(self, *, offer_resume: bool = False) -> None:
        super().__init__()
        self._offer_resume = offer_resume   # just logged in: offer an interrupted session
        self.catalogue = services.Catalogue()
        self._titles: dict[str, str] = {}
        self._selected: services.CatalogueEntry | None = None
        self._prompts: dict[str, Any] = {}

    @property
    def ntc(self) -> NtcApp:
        """The app (typed; the screens never import it at run time)."""
        return cast("NtcApp", self.app)

    def compose(self) -> ComposeResult:
        profile = self.ntc.profile
        yield Header()
        with Horizontal(id="identite"):
            yield Label("Stagiaire :", classes="etiquette")
            yield Label(self._identity(), id="stagiaire")
            with RadioSet(id="mode"):
                yield RadioButton("Entraînement", value=profile.mode != "examen",
                                  id="entrainement")
                yield RadioButton("Examen", value=profile.mode == "examen", id="examen")
        with Horizontal(id="corps"):
            with Vertical(id="catalogue"):
                scenarios = CatalogueList(id="scenarios")
                scenarios.border_title = "Scénarios par CCP et compétence"
                yield scenarios
                yield Static("", id="details")
            with Vertical(id="recentes"):
                sessions = OptionList(id="sessions")
                sessions.border_title = "Vos sessions récentes"
                yield sessions
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Simulateur NTC — Accueil"
        cached = self.ntc.catalogue_cache
        if cached is None:
            # Warm summary cache (every start after the first): a few ms, shown in the
            # first frame; otherwise the scenarios are checked off the UI thread.
            known = services.cached_catalogue()
            if known is not None:
                cached = self.ntc.catalogue_cache = (known, services.competence_titles())
        if cached is not None:
            self.catalogue, self._titles = cached
            self._fill_tree()
        else:
            self.query_one("#scenarios", CatalogueList).show_loading()
            self.call_after_refresh(self.load_catalogue)
        self.refresh_recent()
        self.call_after_refresh(self.ntc.screen_ready)
        self.query_one("#scenarios", CatalogueList).focus()
        if self._offer_resume and cached is not None:   # else once the catalogue is loaded
            self._offer_resume = False
            self.call_after_refresh(self.offer_resume)

    # -- catalogue --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="catalogue")
    def load_catalogue(self) -> None:
        """Load and check the shipped scenarios off the UI thread (start-up stays fast)."""
        catalogue = services.load_catalogue()
        titles = services.competence_titles()
        self.app.call_from_thread(self._catalogue_loaded, catalogue, titles)

    def _catalogue_loaded(self, catalogue: services.Catalogue, titles: dict[str, str]) -> None:
        self.catalogue, self._titles = catalogue, titles
        self.ntc.catalogue_cache = (catalogue, titles)
        self._fill_tree()
        if self._offer_resume:           # the offer names the scenario by its title
            self._offer_resume = False
            self.offer_resume()

    def _fill_tree(self) -> None:
        """Show the catalogue (name kept: benchmarks/bench_tui.py times it)."""
        self.query_one("#scenarios", CatalogueList).fill(self.catalogue, self._titles)
        self.query_one("#details", Static).update(
            "Choisissez un scénario puis Entrée pour ouvrir son dossier.")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "scenarios":
            return
        entry = self.query_one("#scenarios", CatalogueList).entry_for(event.option.id)
        if entry is None:
            return
        self._selected = entry
        self.query_one("#details", Static).update(
            f"[b]{escape(entry.title)}[/b]\n{', '.join(entry.competences)} · "
            f"{entry_facts(entry)} · [dim]{entry.id}[/dim]"
            + (f"\n[dim]{escape(entry.path)}[/dim]" if entry.local else ""))

    # -- identity and mode ------------------------------------------------------------
    @property
    def trainee(self) -> str:
        return self.ntc.profile.trainee

    def _identity(self) -> str:
        name = self.ntc.profile.trainee
        return (f"[b]{escape(name)}[/b] [dim](F4 : changer)[/dim]" if name
                else "[dim]personne n'est connecté (F4)[/dim]")

    def action_change_trainee(self) -> None:
        self.ntc.ask_trainee()

    def trainee_changed(self, *, offer_resume: bool) -> None:
        """Show the new trainee's identity; offer to resume an interrupted session (the
        sessions list follows when the screen resumes)."""
        self.query_one("#stagiaire", Label).update(self._identity())
        if offer_resume:
            self.offer_resume()

    @property
    def mode(self) -> str:
        pressed = self.query_one("#mode", RadioSet).pressed_button
        return "examen" if pressed is not None and pressed.id == "examen" else "entrainement"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.ntc.remember(mode=self.mode)

    def action_toggle_mode(self) -> None:
        target = "entrainement" if self.mode == "examen" else "examen"
        self.query_one(f"#{target}", RadioButton).value = True

    def action_open_scenario(self) -> None:
        if self._selected is None:
            self.notify("Choisissez d'abord un scénario dans le catalogue.", severity="warning")
            return
        if not self.trainee:
            self.ntc.ask_trainee()
            return
        self.ntc.remember(mode=self.mode)
        self.app.push_screen(self.ntc.dossier_before_session(
            self._selected.path or self._selected.id, seed=self.ntc.options.seed,
            trainee=self.trainee,
            mode=self.mode))

    # -- recent sessions --------------------------------------------------------------
    def refresh_recent(self) -> None:
        """Reload the recent sessions list from the sessions folder."""
        options = self.query_one("#sessions", OptionList)
        options.clear_options()
        self._prompts = {}
        if not self.trainee:
            options.add_option(Option("[dim]Connectez-vous pour voir vos sessions.[/dim]",
                                      disabled=True))
            return
        # Interrupted sessions first (most recent first): the one to resume is on top.
        summaries = sorted(recent_sessions(self.ntc.options.data_dir, trainee=self.trainee),
                           key=lambda s: s.outcome is not None)
        if not summaries:
            self._prompts = {}
            options.add_option(Option("[dim]Aucune session pour l'instant.[/dim]",
                                      disabled=True))
            return
        for summary in summaries:
            result = fmt.outcome(summary.outcome)
            style = {"succès": "green", "échec": "red", "interrompue": "yellow"}.get(result)
            result_text = f"[{style}]{result}[/]" if style else result
            prompt = (f"{fmt.date_time(summary.started_at)} {escape(summary.scenario_id)}\n"
                      f"  {result_text} · {fmt.mode(summary.mode)} · "
                      f"{escape(summary.trainee)}")
            options.add_option(Option(prompt, id=str(summary.path)))
        self._prompts = {str(s.path): s for s in summaries}
        options.highlighted = 0
        waiting = [s for s in summaries if s.outcome is None]
        options.border_title = ("Sessions récentes — Ctrl+E : reprendre la session interrompue"
                                if waiting else "Sessions récentes")
        self.score_recent([s.path for s in summaries])

    @work(thread=True, exclusive=True, group="bilans")
    def score_recent(self, paths: list[Path]) -> None:
        """Add each session's result (criteria acquired, mastery) once scored."""
        for path in paths:
            try:
                result = services.score_log(path)
            except Exception:  # an unreadable log keeps its plain line
                continue
            try:
                self.app.call_from_thread(self._show_result, path, result)
            except RuntimeError:  # the app closed meanwhile
                return

    def _show_result(self, path: Path, result: Any) -> None:
        summary = self._prompts.get(str(path))
        if summary is None:
            return
        criteria = [c for c in result.scoring.criteria() if c.decision != "non évalué"]
        acquired = sum(1 for c in criteria if c.decision == "acquis")
        outcome = fmt.outcome(summary.outcome)
        style = {"succès": "green", "échec": "red", "interrompue": "yellow"}.get(outcome)
        outcome_text = f"[{style}]{outcome}[/]" if style else outcome
        prompt = (f"{fmt.date_time(summary.started_at)} {escape(summary.scenario_id)}\n"
                  f"  {outcome_text} · {acquired}/{len(criteria)} critères acquis · "
                  f"maîtrise du référentiel {result.scoring.mastery}\u00a0%\n"
                  f"  {fmt.mode(summary.mode)} · {escape(summary.trainee)}")
        options = self.query_one("#sessions", OptionList)
        try:
            options.replace_option_prompt(str(path), prompt)
        except Exception:  # the list was reloaded meanwhile
            return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "scenarios":
            event.stop()
            entry = self.query_one("#scenarios", CatalogueList).entry_for(event.option.id)
            if entry is not None:
                self._selected = entry
                self.action_open_scenario()
            return
        if event.option_list.id == "sessions" and event.option.id:
            event.stop()
            self.post_message(ReplayRequested(Path(event.option.id)))

    def _selected_summary(self) -> Any:
        options = self.query_one("#sessions", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self._prompts.get(option.id or "")

    def action_resume_selected(self) -> None:
        """Continue an interrupted session where its log stops."""
        summary = self._selected_summary()
        if summary is None or summary.outcome is not None:
            # The highlighted line is not resumable: take the most recent interrupted one.
            waiting = [s for s in self._prompts.values() if s.outcome is None]
            if not waiting:
                self.notify("Aucune session interrompue à reprendre.", severity="warning")
                return
            summary = max(waiting, key=lambda s: (s.started_at, s.path.name))
        self.ask_resume(summary)

    def ask_resume(self, summary: Any) -> None:
        """An exam resume needs the evaluator (issue 13): ask who authorises it first."""
        if summary.mode == "examen":
            from simulator.tui.dialogs.resume import ResumeAuthorizationDialog

            def authorized(name: str | None) -> None:
                if name:
                    self.resume_when_free(summary, evaluator=name)

            self.app.push_screen(ResumeAuthorizationDialog(), authorized)
            return
        self.resume_when_free(summary)

    def offer_resume(self) -> None:
        """After login: the trainee's latest session was left unfinished, continue it?"""
        from simulator.tui.dialogs.confirm import ConfirmDialog

        try:
            summary = interrupted_session(self.ntc.options.data_dir, self.trainee)
        except OSError:
            return
        if summary is None:
            return
        title = next((e.title for e in self.catalogue.entries if e.id == summary.scenario_id),
                     summary.scenario_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.ask_resume(summary)

        self.app.push_screen(ConfirmDialog(
            "Reprendre votre session interrompue ?",
            f"« {title} » ({fmt.mode(summary.mode)}), commencée le "
            f"{fmt.date_time(summary.started_at)}, s'est arrêtée avant la fin (page "
            "rechargée, connexion coupée ou application fermée). Elle reprendra là où elle "
            "en était ; le journal notera la reprise.",
            confirm_label="Reprendre", cancel_label="Plus tard"), answered)

    def resume_when_free(self, summary: Any, waited: float = 0.0,
                         evaluator: str | None = None) -> None:
        """Resume once no other process writes the log: after a refresh or a dropped
        connection the previous app may need a few seconds to close it."""
        if log_in_use(summary.path):
            if waited >= self.RESUME_WAIT_S:
                self.notify("Cette session est encore ouverte ailleurs (autre onglet ou "
                            "autre poste). Fermez-la, puis reprenez-la avec Ctrl+E.",
                            title="Reprise", severity="error", timeout=10)
                return
            if waited == 0.0:
                self.notify("La session précédente se ferme, reprise dans un instant…",
                            title="Reprise", timeout=5)
            self.set_timer(0.5, lambda: self.resume_when_free(summary, waited + 0.5,
                                                               evaluator))
            return
        self._resume(summary, evaluator)

    def _resume(self, summary: Any, evaluator: str | None = None) -> None:
        path = Path(summary.path)
        try:
            session, prepared = services.resume(
                path, self.ntc.clock,
                warn=lambda message: self.app.notify(message, severity="warning", timeout=10))
            if evaluator:
                services.authorize_resume(path, session, evaluator, self.ntc.clock)
        except services.ServiceError as exc:
            self.notify(str(exc), title="Reprise", severity="error", timeout=10)
            return
        summary_path = path
        if session.ended:
            session.close()
            self.app.push_screen(self.ntc.debrief_screen(summary_path))
            return
        self.app.push_screen(self.ntc.session_screen(session, summary_path, prepared))

    def action_replay_selected(self) -> None:
        options = self.query_one("#sessions", OptionList)
        if options.highlighted is None:
            self.notify("Sélectionnez une session récente.", severity="warning")
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id:
            self.post_message(ReplayRequested(Path(option.id)))

    def on_screen_resume(self) -> None:
        self.refresh_recent()
        self.query_one("#stagiaire", Label).update(self._identity())

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield ("Ouvrir le scénario sélectionné", "Dossier puis session",
               self.action_open_scenario)
        yield ("Changer de mode", "Entraînement ↔ examen", self.action_toggle_mode)
        yield ("Changer de stagiaire", "Choisir ou créer un autre nom",
               self.action_change_trainee)
        yield ("Reprendre la session sélectionnée", "Continuer une session interrompue",
               self.action_resume_selected)
        for entry in self.catalogue.entries:
            yield (f"Scénario : {entry.title}",
                   f"Ouvrir le dossier · {', '.join(entry.competences)} · {entry.id}",
                   self._opener(entry))

    def _opener(self, entry: services.CatalogueEntry) -> Callable[[], None]:
        def open_entry() -> None:
            self._selected = entry
            self.action_open_scenario()

        return open_entry
