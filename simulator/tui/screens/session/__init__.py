"""Entretien / négociation / tâche: the running session.

The screen only forwards inputs to `simulator.engine.Session` and redraws from its views
(`node`, `choices`, `transcript`, `events`); the engine decides everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from simulator.french.typography import typeset
from simulator.tui import formatting as fmt
from simulator.tui import services
from simulator.tui.commands import PaletteCommand
from simulator.tui.screens.session.forms import SessionForms
from simulator.tui.widgets.negotiation_panel import NegotiationPanel
from simulator.tui.widgets.replies import Reply, ReplyList
from simulator.tui.widgets.task_form import TaskForm
from simulator.tui.widgets.transcript import Transcript, speaker_label

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp


class SessionScreen(SessionForms, Screen[None]):
    """A session being played; `session` is a `simulator.engine.Session`."""

    HELP_TITLE = "Entretien"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n})", "Choisir la réponse de ce numéro", show=False,
                  key_display="1…9") for n in range(1, 10)),
        Binding("f2", "dossier", "Dossier"),
        Binding("f3", "free_text", "Votre réponse"),
        Binding("f4", "switch_zone", "Réponses ⇄ offre",
                tooltip="Passer des répliques au formulaire (offre, tâche) et inversement"),
        Binding("f5", "toggle_menu", "Réponses proposées"),
        Binding("f6", "counterparts", "Contreparties",
                tooltip="Choisir ce que vous demandez en échange d'une concession"),
        Binding("ctrl+o", "offer", "Proposer"),
        Binding("f7", "accept", "Accepter"),
        Binding("f8", "break_off", "Rompre"),
        Binding("ctrl+s", "submit_task", "Valider la tâche"),
        Binding("f10", "debrief", "Bilan"),
        Binding("escape", "abandon", "Abandonner"),
    ]

    def __init__(self, session: Any, log_path: Path, prepared: services.Prepared) -> None:
        super().__init__()
        self.session = session
        self.log_path = log_path
        self.prepared = prepared
        self._shown = 0
        self._limit_ms: int | None = None
        self._task_node: str | None = None
        self._task_visit = -1
        self.planned_route: list[str] = []
        self._expiry_shown = False
        self.reloader: Any = None          # `ntc play --watch` (simulator.tui.reload)
        # Typed replies are the way to answer at the exam: the menu is hidden there, except
        # the two choices of a « Vouliez-vous dire… ? ». In training it is an aid (F5).
        self._menu_open = prepared.mode != "examen"
        self._draft: dict[str, Any] | None = None      # a typed offer, to confirm
        # (node, visit) the default focus was given for: focus moves only on a new node, so
        # a choice never sends the trainee back into a form (or out of one).
        self._focused_for: tuple[str, int] | None = None
        self._widgets: dict[tuple[Any, Any], Any] = {}
        self._texts: dict[str, str] = {}

    def _one(self, selector: Any, expect_type: Any = None) -> Any:
        """`query_one`, remembered: the screen's fixed widgets are looked up once, not
        through every transcript line on each input (the DOM grows with the session)."""
        key = (selector, expect_type)
        widget = self._widgets.get(key)
        if widget is None or not widget.is_attached:
            widget = (self.query_one(selector) if expect_type is None
                      else self.query_one(selector, expect_type))
            self._widgets[key] = widget
        return widget

    def _update(self, widget: Static, text: str) -> None:
        """Update a Static only when its text changes (an update always relays it out)."""
        if self._texts.get(widget.id or "") != text:
            self._texts[widget.id or ""] = text
            widget.update(text)

    @classmethod
    def start(cls, app: NtcApp, prepared: services.Prepared) -> SessionScreen:
        session, path = services.open_session(
            prepared, app.options.data_dir, app.clock,
            warn=lambda message: app.notify(message, severity="warning", timeout=10))
        return cls(session, path, prepared)

    @property
    def ntc(self) -> NtcApp:
        """The app (typed; the screens never import it at run time)."""
        return cast("NtcApp", self.app)

    @property
    def is_running_session(self) -> bool:
        return not self.session.ended

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="barre"):
            yield Label("", id="etape")
            yield Label("", id="chrono")
        with Horizontal(id="principal"):
            with Vertical(id="colonne"):
                yield Transcript(names=services.speaker_names(self.prepared.world),
                                 id="echange")
                yield Static("", id="replique")
                with VerticalScroll(id="zone"):
                    yield ReplyList(id="reponses")
                    yield NegotiationPanel(self._preview, id="negociation")
                    yield Static("", id="fin")
                yield Input(placeholder="Votre réponse (F3) : tapez-la avec vos mots, puis "
                                        "Entrée", id="libre")
            with VerticalScroll(id="fiche"):
                yield Static("", id="fiche-client")
                yield Static("", id="besoins")
        yield Footer()

    def on_mount(self) -> None:
        scenario = self.prepared.scenario
        self.title = scenario.title
        self.sub_title = (f"{self.prepared.trainee} · {fmt.mode(self.prepared.mode)} · "
                          f"graine {self.prepared.seed}")
        self._limit_ms = services.timer_limit_ms(scenario, self.prepared.mode)
        self._one("#libre", Input).cursor_blink = self.ntc.cursor_blink_enabled
        card = "\n".join(f"[b]{escape(k)}[/b] : {escape(v)}"
                         for k, v in services.client_card(self.prepared.world))
        fiche = self._one("#fiche", VerticalScroll)
        fiche.border_title = "Fiche client"
        fiche.can_focus = False
        self._one("#fiche-client", Static).update(card)
        self.refresh_view()
        self.update_clock()
        self.set_interval(1.0, self.update_clock)
        request = self.ntc.options.play
        if request is not None and request.watch:       # `ntc play PATH --watch`
            from simulator.tui.reload import POLL_SECONDS, Reloader

            self.reloader = Reloader(self, type(self).start)
            self.set_interval(POLL_SECONDS, self.reloader.poll)

    def on_resize(self) -> None:
        """Small terminals (80×24): the current line is already the transcript's last, so
        its echo goes; replies and forms share a scrolling zone."""
        self.set_class(self.size.height < 32, "-compact")

    def on_unmount(self) -> None:
        """Release the log file whatever the way out (end, abandon, quit)."""
        self.session.close()

    # -- clock ------------------------------------------------------------------------
    def elapsed_ms(self) -> int:
        """The session's own clock: recorded offsets, continued after a resume."""
        return max(0, int(self.session.elapsed_ms))

    def update_clock(self) -> None:
        label = self._one("#chrono", Label)
        elapsed = self.elapsed_ms()
        if self.session.ended:
            label.update(f"⏱ {fmt.duration_ms(elapsed)} — terminé")
            return
        if self._limit_ms is None:
            label.update(f"⏱ {fmt.duration_ms(elapsed)}")
            return
        remaining = self._limit_ms - elapsed
        if remaining <= 0:
            label.update("[b red]⏱ temps écoulé[/]")
            if not self._expiry_shown:
                self._expiry_shown = True
                self.notify("Le temps prévu est écoulé : votre prochaine réponse sera "
                            "enregistrée comme hors délai.", title="Chrono",
                            severity="warning", timeout=10)
        else:
            style = "b red" if remaining < 60_000 else "b"
            label.update(f"[{style}]⏱ {fmt.duration_ms(remaining)} restantes[/]")

    # -- redraw -----------------------------------------------------------------------
    def refresh_view(self) -> None:
        """Redraw everything from the engine's views."""
        session = self.session
        transcript = self._one(Transcript)
        lines = session.transcript
        hide_results = self.prepared.mode == "examen" and not session.ended
        fresh: list[tuple[str, str, int]] = []
        for line in lines[self._shown:]:
            text = line.text
            if hide_results and text.startswith("Réponses enregistrées :"):
                text = "Réponses enregistrées."     # exam: no result before the end
            fresh.append((line.speaker, text, line.seq))
        transcript.add_lines(fresh)
        self._shown = len(lines)
        node = session.node
        kinds = {"dialogue": "Entretien", "negociation": "Négociation", "tache": "Tâche",
                 "fin": "Fin"}
        self._update(self._one("#etape", Label),
                     f"[b]{kinds.get(node.kind, node.kind)}[/b] · "
                     f"{escape(self.prepared.scenario.title)}")
        self._show_line(node)
        replies = [Reply(c.number, c.id, c.text, c.enabled, c.reason) for c in session.choices]
        asked = services.pending_clarification(session.events, node.id)
        if asked and not self._menu_open:     # numbered 1 and 2, in the question's order
            by_id = {r.id: r for r in replies}
            replies = [Reply(i, by_id[c].id, by_id[c].text, by_id[c].enabled, by_id[c].reason)
                       for i, c in enumerate(asked, 1) if c in by_id]
        reply_list = self._one(ReplyList)
        reply_list.set_replies(replies)
        negotiating = node.kind == "negociation" and not session.ended
        reply_list.display = bool(replies) and not session.ended and (
            self._menu_open or bool(asked))
        self._one("#libre", Input).display = (bool(replies) or negotiating) and \
            not session.ended
        self._one(NegotiationPanel).display = negotiating
        if negotiating and node.negotiation is not None:
            self._show_negotiation(node.negotiation)
        tasking = node.kind == "tache" and not session.ended
        self.set_class(tasking, "-tache")
        self._show_task(node if tasking else None)
        end = self._one("#fin", Static)
        end.display = session.ended
        if session.ended:
            end.update(f"[b]Session terminée : {fmt.outcome(session.outcome)}.[/b] "
                       "Entrée ou F10 : voir le bilan.")
            self.update_clock()
        needs = services.revealed_needs(self.prepared.scenario, session.revealed)
        self._update(self._one("#besoins", Static),
                     "\n[b]Besoins découverts[/b]\n" + (
                         "\n".join(f"• {escape(n)}" for n in needs)
                         if needs else "[dim]aucun pour l'instant[/dim]"))
        key = (node.id, int(getattr(node, "visit", 0) or 0))
        focused = self.focused
        if key != self._focused_for or focused is None or not focused.display:
            self._focused_for = key
            self._focus_input_zone(node.kind)

    def _show_line(self, node: Any) -> None:
        line = self._one("#replique", Static)
        if node.kind == "tache" and node.instructions:
            self._update(line, f"[b]Consigne :[/b] {escape(node.instructions)}")
        elif node.text:
            names = services.speaker_names(self.prepared.world)
            who = speaker_label(node.speaker, names)
            self._update(line, f"[b]{escape(who)}\u00a0:[/b] {escape(typeset(node.text))}")
        else:
            self._update(line, "")

    # -- inputs -----------------------------------------------------------------------
    def _do(self, call: Any, *args: Any) -> bool:
        """Send one input to the engine; a refused input is shown, nothing is recorded."""
        from simulator.engine import EngineError, ScenarioRuntimeError

        try:
            call(*args)
        except ScenarioRuntimeError as exc:
            self.notify(str(exc), title="Erreur dans le scénario", severity="error", timeout=15)
            return False
        except EngineError as exc:
            self.notify(str(exc), title="Saisie refusée", severity="warning")
            return False
        self.refresh_view()
        if self.session.ended:
            self.session.close()
        return True

    def action_pick(self, number: int) -> None:
        if self.session.ended or not self.session.choices:
            return
        reply = self._one(ReplyList).by_number(number)
        if reply is None:
            return
        if not reply.enabled:
            self.notify(reply.reason or "Réponse indisponible.", severity="warning")
            return
        self._do(self.session.choose, reply.id)

    def on_reply_list_picked(self, event: ReplyList.Picked) -> None:
        event.stop()
        self._do(self.session.choose, event.reply.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "libre":
            return
        event.stop()
        text = event.value.strip()
        if not text:
            return
        asked = services.pending_clarification(self.session.events, self.session.node.id)
        if text in ("1", "2") and len(asked) == 2:    # answering « Vouliez-vous dire… ? »
            if self._do(self.session.choose, asked[int(text) - 1]):
                event.input.value = ""
            return
        if self._do(self.session.say, text):         # never the highlighted reply
            event.input.value = ""
            self._take_draft()

    def action_toggle_menu(self) -> None:
        """Show or hide the proposed replies (training mode only)."""
        if self.prepared.mode == "examen":
            self.notify("À l'examen, répondez avec vos mots : pas de réponses proposées.",
                        severity="warning")
            return
        self._menu_open = not self._menu_open
        self.refresh_view()
        if self._menu_open:
            self._one(ReplyList).focus()

    def action_free_text(self) -> None:
        field = self._one("#libre", Input)
        if field.display:
            field.focus()

    def action_dossier(self) -> None:
        prepared = services.prepared_from_session(
            self.session, self.prepared.scenario, seed=self.prepared.seed,
            trainee=self.prepared.trainee, mode=self.prepared.mode)
        route = (services.route_points(prepared.world, self.planned_route)
                 if self.planned_route else None)
        screen = self.ntc.dossier_screen(prepared=prepared, in_session=True, route=route)
        self.app.push_screen(screen)

    def action_debrief(self) -> None:
        if not self.session.ended:
            return
        self.app.switch_screen(self.ntc.debrief_screen(self.log_path))

    def on_key(self, event: Any) -> None:
        if event.key == "enter" and self.session.ended:
            event.stop()
            self.action_debrief()

    def action_abandon(self) -> None:
        if self.session.ended:
            self.action_debrief()
            return

        def leave() -> None:
            self.session.close()
            self.app.pop_screen()
            self.ntc.refresh_home()

        self.ntc._confirm_abandon(leave)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("offer", "counterparts", "accept", "break_off"):
            return self._negotiating()
        if action == "submit_task":
            return not self.session.ended and self.session.node.kind == "tache"
        if action == "debrief":
            return bool(self.session.ended)
        if action == "switch_zone":
            return not self.session.ended and (self._negotiating() or bool(self.query(TaskForm)))
        if action == "free_text":
            return (bool(self.session.choices) or self._negotiating()) and \
                not self.session.ended
        if action == "pick":
            return self._one(ReplyList).display
        if action == "toggle_menu":
            return self.prepared.mode != "examen" and not self.session.ended
        if action == "abandon":
            return not self.session.ended
        return True

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield ("Dossier", "Consulter le dossier pendant la session", self.action_dossier)
        if self._negotiating():
            yield ("Proposer l'offre", "Envoyer l'offre saisie", self.action_offer)
            yield ("Choisir les contreparties", "Ce que vous demandez en échange (F6)",
                   self.action_counterparts)
            yield ("Accepter la contre-offre", "Conclure sur la dernière position du client",
                   self.action_accept)
            yield ("Rompre la négociation", "Quitter la table", self.action_break_off)
        if self.session.ended:
            yield ("Voir le bilan", "Grille d'évaluation de la session", self.action_debrief)
        else:
            yield ("Abandonner la session", "Le journal garde ce qui a été fait",
                   self.action_abandon)
