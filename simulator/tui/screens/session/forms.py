"""The session screen's forms: the offer form (négociation) and the task form (tâche).

Kept beside `simulator.tui.screens.session` (its package) as a mixin so that module stays a readable
size: this is the one job of drawing those forms, moving the focus between them and the
replies (F4), and sending their inputs (offer, accept, break off, task answers) to the
engine. The bindings stay on `SessionScreen` itself; only the `action_*` methods and
message handlers live here, which Textual finds through ordinary inheritance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.widgets import Input

from simulator.tui import services
from simulator.tui.widgets.negotiation_panel import NegotiationPanel
from simulator.tui.widgets.offer_form import OfferForm
from simulator.tui.widgets.replies import ReplyList
from simulator.tui.widgets.task_form import TaskForm

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class SessionForms(_Base):
    """Offer and task forms of `SessionScreen` (which provides the state used here)."""

    if TYPE_CHECKING:
        session: Any
        prepared: services.Prepared
        planned_route: list[str]
        _draft: dict[str, Any] | None
        _task_node: str | None
        _task_visit: int

        def _one(self, selector: Any, expect_type: Any = None) -> Any: ...

        def _do(self, call: Any, *args: Any) -> bool: ...

    def _focus_input_zone(self, kind: str) -> None:
        if self.session.ended:
            self.set_focus(None)
            return
        if kind == "negociation":
            # Never an input: digits pick replies until the trainee enters the form (F4).
            if self.session.choices:
                self._one(ReplyList).focus()
            else:
                self._one("#proposer").focus()
        elif kind == "tache":
            for form in self.query(TaskForm):
                self.call_after_refresh(form.focus_first_field)
        elif self._one(ReplyList).display and not services.pending_clarification(
                self.session.events, self.session.node.id):
            self._one(ReplyList).focus()
        else:
            self._one("#libre", Input).focus()

    def _show_negotiation(self, view: Any) -> None:
        seller = self.prepared.world.get("vendeur") or {}
        self._one(NegotiationPanel).show(
            view, self.session.events, self.session.node.id,
            seller.get("delai_paiement_standard", 30))

    def _show_task(self, node: Any | None) -> None:
        zone = self._one("#zone", VerticalScroll)
        if node is None:
            if self._task_node is not None:
                for form in self.query(TaskForm):
                    form.remove()
                self._task_node = None
            return
        if self._task_node == node.id and self._task_visit == node.visit:
            return
        for form in self.query(TaskForm):
            form.remove()
        self._task_node, self._task_visit = node.id, node.visit
        world = self.prepared.world
        self.planned_route = [str(r.get("id")) for f in node.fields if f.kind == "tournee"
                              for r in f.rows]
        # No fixed id: the previous form is still being removed when the next task's
        # form is mounted (two task nodes in a row), and ids must be unique.
        scenario = self.prepared.scenario
        hidden = services.hidden_columns(scenario, node.id, services.hidden_paths(
            scenario, self.prepared.mode,
            settled=services.settled_tasks(getattr(self.session, "events", []) or [])))
        form = TaskForm(node.fields, km=lambda order: services.route_km(world, order),
                        hidden=hidden, classes="tache")
        zone.mount(form, before=self._one("#fin"))

    def _preview(self, offer: dict[str, float]) -> dict[str, float]:
        view = self.session.node.negotiation
        if view is None:
            return {}
        return services.offer_margin(view, offer)

    def _take_draft(self) -> None:
        """A typed offer fills the offer form; the trainee checks it and sends it."""
        last = self.session.events[-1] if self.session.events else None
        if not last or last.get("type") != "offer_draft" or not self._negotiating():
            return
        draft = dict(last["data"])
        self._draft = draft
        panel = self._one(NegotiationPanel)
        form = panel.query_one(OfferForm)
        form.set_values({**panel.offer(), **draft.get("draft", {}),
                         "contreparties": list(draft.get("contreparties") or [])},
                        form.authority)
        self.notify("Offre comprise : vérifiez-la puis envoyez-la (Ctrl+O).", title="Offre")

    def action_switch_zone(self) -> None:
        """F4: from the replies to the form (offer or task) and back."""
        from textual.widgets import Button

        replies = self._one(ReplyList)
        focused = self.focused
        in_field = focused is not None and not isinstance(focused, Button) and any(
            isinstance(node, OfferForm | TaskForm) for node in focused.ancestors_with_self)
        if in_field and replies.display and self.session.choices:
            replies.focus()
            return
        if self._negotiating():
            field = self._one("#offre-remise", Input)
            field.focus()
            field.scroll_visible(animate=False)
        else:
            for form in self.query(TaskForm):
                form.focus_first_field()

    def on_offer_form_action(self, event: OfferForm.Action) -> None:
        event.stop()
        if event.action == "proposer":
            self.action_offer()
        elif event.action == "accepter":
            self.action_accept()
        elif event.action == "rompre":
            self.action_break_off()

    def _negotiating(self) -> bool:
        return not self.session.ended and self.session.node.kind == "negociation"

    def action_offer(self) -> None:
        if not self._negotiating():
            return
        offer = self._one(NegotiationPanel).offer()
        draft, self._draft = self._draft, None
        # A typed draft is recorded as such, with the counterparts ticked when it is sent.
        extra: tuple[Any, ...] = () if draft is None else (
            None, list(offer.pop("contreparties", [])), str(draft.get("text", "")))
        self._within_limits("Si le client accepte cette offre, l'accord sera conclu "
                            "à ces conditions.", offer,
                            lambda: self._do(self.session.offer, offer, *extra))

    def action_counterparts(self) -> None:
        """F6: the list of counterparts to ask with the offer."""
        if self._negotiating():
            self._one(NegotiationPanel).query_one(OfferForm).choose_counterparts()

    def action_accept(self) -> None:
        if self._negotiating():
            self._within_limits("Vous acceptez la proposition du client.", None,
                                lambda: self._do(self.session.accept))

    def _within_limits(self, action: str, offer: dict[str, Any] | None,
                       proceed: Any) -> None:
        """Run `proceed` at once, or after an explicit confirmation when the deal would be
        below the floor or beyond the delegation (the engine's own check)."""
        from simulator.engine import EngineError
        from simulator.tui.dialogs.limits import LimitsDialog, breaches

        try:
            facts = self.session.limits(offer)
        except EngineError:
            proceed()          # the engine refuses it with its own message
            return
        if not breaches(facts):
            proceed()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                proceed()

        self.app.push_screen(LimitsDialog(action, facts), answered)

    def action_break_off(self) -> None:
        if not self._negotiating():
            return
        from simulator.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._do(self.session.break_off)

        self.app.push_screen(ConfirmDialog("Rompre la négociation ?",
                                           "Le client partira sans accord.",
                                           confirm_label="Rompre", cancel_label="Continuer"),
                             answered)

    def on_task_form_submitted(self, event: TaskForm.Submitted) -> None:
        event.stop()
        self._do(self.session.answer, event.answers)

    def on_task_form_route_changed(self, event: TaskForm.RouteChanged) -> None:
        event.stop()
        self.planned_route = list(event.order)

    def action_submit_task(self) -> None:
        forms = self.query(TaskForm)
        if forms and not self.session.ended:
            self._do(self.session.answer, forms.first().answers())
