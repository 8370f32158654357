"""Dossier: brief, seller company and catalogue, client file, map, dashboard, raw files.

Shown before a session (with a button to start it) and during it (F2, read-only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static, TabbedContent, TabPane

from simulator.tui import formatting as fmt
from simulator.tui import services
from simulator.tui.commands import PaletteCommand
from simulator.tui.widgets.client_table import ClientTable
from simulator.tui.widgets.data_panes import (
    company_names,
    invoice_columns,
    market_view,
    newest_first,
    order_columns,
)
from simulator.tui.widgets.dossier_panes import indicators_table, map_points, seller_view
from simulator.tui.widgets.file_table import FileTable
from simulator.tui.widgets.territory_map import TerritoryMap

if TYPE_CHECKING:
    from simulator.tui.app import NtcApp


class DossierScreen(Screen[None]):
    """The case file; `prepared` is None until loaded (before a session)."""

    HELP_TITLE = "Dossier"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Retour"),
        Binding("f5", "start", "Commencer la session"),
        Binding("f2", "back", "Retour", show=False),
        Binding("ctrl+left", "previous_tab", "Onglet précédent", show=False),
        Binding("ctrl+right", "next_tab", "Onglet suivant", show=False),
    ]

    def __init__(self, *, prepared: services.Prepared | None = None,
                 request: tuple[str, int | None, str, str] | None = None,
                 in_session: bool = False) -> None:
        super().__init__()
        self.prepared = prepared
        self._request = request
        self.in_session = in_session
        self.route: list[tuple[float, float]] = []

    @classmethod
    def before_session(cls, scenario: str, *, seed: int | None, trainee: str,
                       mode: str) -> DossierScreen:
        """Dossier shown before starting: builds the world when mounted."""
        return cls(request=(scenario, seed, trainee, mode))

    @property
    def ntc(self) -> NtcApp:
        """The app (typed; the screens never import it at run time)."""
        return cast("NtcApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="onglets"):
            with TabPane("Brief", id="brief"), VerticalScroll():
                yield Static("", id="brief-texte")
                with Horizontal(id="actions"):
                    yield Button("Commencer la session (F5)", id="commencer",
                                 variant="primary")
            with TabPane("Entreprise", id="entreprise"), VerticalScroll():
                yield Static("", id="vendeur")
            with TabPane("Fichier clients", id="fichier"):
                yield ClientTable([], id="clients")
            with TabPane("Carte", id="carte"):
                yield TerritoryMap(id="plan")
            with TabPane("Indicateurs", id="indicateurs"), VerticalScroll():
                yield Static("", id="tableau")
            with TabPane("Données", id="donnees"), VerticalScroll():
                yield Static("", id="marche")
                yield FileTable("Factures", id="factures")
                yield FileTable("Commandes", id="commandes")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Dossier"
        if self.in_session:
            self.query_one("#actions").display = False
        if self.prepared is None and self._request is not None:
            scenario, seed, trainee, mode = self._request
            try:
                self.prepared = services.prepare(scenario, seed=seed, trainee=trainee,
                                                 mode=mode)
            except services.ServiceError as exc:
                self.notify(str(exc), title="Scénario indisponible", severity="error",
                            timeout=10)
                self.app.pop_screen()
                return
        if self.prepared is not None:
            self.show(self.prepared)
        if not self.in_session:
            self.query_one("#commencer", Button).focus()

    def show(self, prepared: services.Prepared) -> None:
        """Fill every tab from the prepared data."""
        scenario = prepared.scenario
        world = prepared.world
        self.sub_title = scenario.title
        head = (f"[b]{scenario.title}[/b]\n"
                f"Stagiaire : {prepared.trainee} · mode {fmt.mode(prepared.mode)} · "
                f"durée prévue {fmt.minutes_label(scenario.duration_min)} · "
                f"compétences {', '.join(scenario.competences)}\n")
        if prepared.role:
            head += f"Interlocuteur : {prepared.role}\n"
        from textual.markup import escape

        brief = escape(fmt.reflow(prepared.brief))
        self.query_one("#brief-texte", Static).update(head + "\n" + brief)
        seller = world.get("vendeur")
        self.query_one("#vendeur", Static).update(
            seller_view(seller) if isinstance(seller, dict) else "Pas de dossier vendeur.")
        table = self.query_one("#clients", ClientTable)
        table.rows = list(world.get("entreprises", []) or [])
        table.contacts = list(world.get("contacts", []) or [])
        table.hidden = services.hidden_fields(prepared.hidden, "entreprises")
        table.reload()
        plan = self.query_one("#plan", TerritoryMap)
        plan.points = map_points(world)
        plan.route = self.route
        indicators = world.get("indicateurs")
        self.query_one("#tableau", Static).update(
            indicators_table(indicators, services.hidden_fields(prepared.hidden, "indicateurs"))
            if isinstance(indicators, dict)
            else "Pas d'indicateurs.")
        self.show_files(prepared)

    def show_files(self, prepared: services.Prepared) -> None:
        """The raw files the calculation tasks work from."""
        world = prepared.world
        names = company_names(world)
        market = world.get("marche")
        self.query_one("#marche", Static).update(
            market_view(market, services.hidden_fields(prepared.hidden, "marche"))
            if isinstance(market, dict) else "Pas d'étude de marché.")
        self.query_one("#factures", FileTable).load(
            newest_first(list(world.get("factures", []) or [])), invoice_columns(names),
            services.hidden_fields(prepared.hidden, "factures"))
        self.query_one("#commandes", FileTable).load(
            newest_first(list(world.get("commandes", []) or [])), order_columns(names),
            services.hidden_fields(prepared.hidden, "commandes"))

    def set_route(self, route: list[tuple[float, float]]) -> None:
        """Draw a planned route on the map."""
        self.route = route
        self.query_one("#plan", TerritoryMap).route = route

    # -- actions ----------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "commencer":
            event.stop()
            self.action_start()

    def action_start(self) -> None:
        if self.in_session or self.prepared is None:
            return
        try:
            screen = self.ntc.start_session_screen(self.prepared)
        except services.ServiceError as exc:
            self.notify(str(exc), title="Session impossible", severity="error", timeout=10)
            return
        self.app.switch_screen(screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "start" and self.in_session)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Move the keyboard focus into the tab just shown (the table first, if any)."""
        pane = event.pane
        candidates = [w for w in pane.query("DataTable, Button, VerticalScroll")
                      if w.focusable]
        if candidates:
            candidates[0].focus()

    def _cycle_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [pane.id for pane in self.query(TabPane) if pane.id]
        if tabs.active in ids:
            tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]

    def action_next_tab(self) -> None:
        self._cycle_tab(1)

    def action_previous_tab(self) -> None:
        self._cycle_tab(-1)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for pane_id, label in (("brief", "Brief"), ("entreprise", "Entreprise"),
                               ("fichier", "Fichier clients"), ("carte", "Carte"),
                               ("indicateurs", "Indicateurs"), ("donnees", "Données")):
            yield (f"Dossier : {label}", "Afficher cet onglet", self._activator(pane_id))
        if not self.in_session:
            yield ("Commencer la session", "Lancer l'entretien", self.action_start)

    def _activator(self, pane_id: str) -> Callable[[], None]:
        def activate() -> None:
            self.query_one(TabbedContent).active = pane_id

        return activate
