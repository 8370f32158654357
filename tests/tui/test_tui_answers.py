"""The dossier hides the figures that the scenario's tasks ask the trainee to compute."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import AppFactory
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from simulator.engine import answers
from simulator.scenario import load_scenario
from simulator.tui import formatting as fmt
from simulator.tui.screens.dossier import DossierScreen
from simulator.tui.widgets.data_panes import amount

TASK = """\
id: t-kpi
titre: "Calcul"
version: "1.0"
referentiel: TP-00338
competences: [C7]
duree: "10 min"
difficulte: facile
dossier_vendeur: air-comprime
brief: "Objectif : {indicateurs.objectif_ca} €."
debut: calcul
noeuds:
  calcul:
    type: tache
    consigne: "Calculez."
    champs:
      - {id: ca, type: nombre, attendu: "indicateurs.ca_total", tolerance: "1 %", critere: C7.1}
      - {id: arrondi, type: nombre, attendu: "round(indicateurs.panier_moyen / 10)"}
      - {id: ecart, type: nombre, attendu: "indicateurs.ca_total - indicateurs.objectif_ca"}
      - {id: obj, type: nombre, attendu: "indicateurs.objectif_ca * 2"}
      - {id: seg, type: nombre, attendu: "indicateurs.nb_segment_a"}
      - id: cibles
        type: selection
        source: entreprises
        attendu_si: "ligne.statut == 'prospect' and ligne.potentiel == 'fort'"
      - {id: txt, type: choix, options: [A, B], attendu: "'A'"}
      - {id: marge, type: nombre, attendu: "somme(commandes.marge)"}
      - {id: fautes, type: selection, source: entreprises,
         attendu_si: "ligne.id in defauts.entreprise_id"}
    suite: fin
  fin:
    type: fin
    issue: succes
    texte: "Fini."
"""


@pytest.fixture
def task_scenario(tmp_path: Path) -> Any:
    path = tmp_path / "t-kpi.yaml"
    path.write_text(TASK, encoding="utf-8")
    return load_scenario(str(path))


def test_referenced_paths_map_rows_to_their_source(task_scenario: Any) -> None:
    assert answers.referenced_paths(task_scenario) == {
        "indicateurs.ca_total", "indicateurs.panier_moyen", "indicateurs.objectif_ca",
        "indicateurs.nb_segment_a", "entreprises.statut", "entreprises.potentiel",
        "commandes.marge", "entreprises.id", "defauts.entreprise_id"}


def test_answer_paths_hide_answers_not_data(task_scenario: Any) -> None:
    hidden = answers.answer_paths(task_scenario)
    # answers read from one figure, and the figures that give them away
    assert {"indicateurs.ca_total", "indicateurs.panier_moyen", "indicateurs.nb_segment_a",
            "indicateurs.ecart_objectif_ca", "entreprises.segment",
            "defauts.entreprise_id"} <= hidden
    # stated in the brief, or selection criteria the trainee filters on: data
    assert not hidden & {"indicateurs.objectif_ca", "entreprises.statut",
                         "entreprises.potentiel", "entreprises.id", "commandes.marge"}


def test_hidden_paths_follow_mode_and_progress(task_scenario: Any) -> None:
    every = answers.answer_paths(task_scenario)
    assert answers.hidden_paths(task_scenario, "entrainement") == every
    assert answers.hidden_paths(task_scenario, "entrainement", settled={"calcul"}) == set()
    assert answers.hidden_paths(task_scenario, "entrainement", ended=True) == set()
    assert answers.hidden_paths(task_scenario, "examen", settled={"calcul"},
                                ended=True) == every


def test_settled_tasks_need_every_field_right_in_the_last_answer() -> None:
    def answered(node: str, *oks: bool) -> dict[str, Any]:
        return {"type": "task_answered",
                "data": {"node": node, "results": {str(i): {"ok": ok}
                                                   for i, ok in enumerate(oks)}}}

    assert answers.settled_tasks([answered("a", True, False)]) == set()
    assert answers.settled_tasks([answered("a", True, False), answered("a", True, True),
                                  answered("b", True)]) == {"a", "b"}
    assert answers.settled_tasks([answered("a", True), answered("a", False)]) == set()


def _screen_text(screen: DossierScreen) -> str:
    """Everything the dossier's widgets hold, as plain text (every tab, shown or not)."""
    console = Console(width=400, file=io.StringIO(), record=True)
    for static in screen.query(Static):
        content = static.content
        console.print(Text.from_markup(content) if isinstance(content, str) else content)
    for table in screen.query(DataTable):
        for index in range(table.row_count):
            console.print(" | ".join(str(cell) for cell in table.get_row_at(index)))
    return console.export_text()


async def test_dossier_does_not_show_the_kpis_to_compute(make_app: AppFactory) -> None:
    app = make_app(play="bilan-activite")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossierScreen)
        for pane in screen.query(TabPane):
            screen.query_one(TabbedContent).active = pane.id or ""
            await pilot.pause()
        assert screen.prepared is not None
        kpis = screen.prepared.world["indicateurs"]
        text = _screen_text(screen)
        assert "à calculer" in text
        for key in ("ca_total", "marge_totale", "panier_moyen", "montant_en_retard"):
            assert fmt.euros(kpis[key]) not in text, key
        assert fmt.ratio_percent(kpis["taux_transformation"]) not in text
        # figures given by the brief (or not asked) stay on the dashboard
        assert fmt.euros(kpis["objectif_ca"]) in text
        # and the files to compute from are in the dossier
        order = screen.prepared.world["commandes"][0]
        invoice = screen.prepared.world["factures"][0]
        assert amount(order["montant_ht"]) in text and amount(order["marge"]) in text
        assert invoice["id"] in text and amount(invoice["montant_ttc"]) in text


async def test_exam_dossier_hides_the_abc_segment_column(make_app: AppFactory) -> None:
    app = make_app(play="etude-marche", mode="examen")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossierScreen)
        table = screen.query_one("#clients DataTable", DataTable)
        column = [c.label.plain for c in table.columns.values()].index("Seg.")
        assert table.row_count > 0
        assert {table.get_row_at(i)[column] for i in range(table.row_count)} == {"à calculer"}


def test_value_twins_find_a_figure_equal_to_a_computed_answer(task_scenario: Any) -> None:
    world = {"indicateurs": {"ca_total": 100.0, "objectif_ca": 80.0, "ecart_objectif_ca": 20.0,
                             "panier_moyen": 55.0, "nb_segment_a": 3, "autre": 20.5},
             "commandes": [{"marge": 7.0}, {"marge": 13.0}]}
    twins = answers.value_twins(task_scenario, world)
    # ecart = ca - objectif = 20 = ecart_objectif_ca; somme(commandes.marge) = 20 too
    assert twins == {"indicateurs.ecart_objectif_ca"}
    assert answers.value_twins(task_scenario, world, nodes=[]) == set()
    assert "indicateurs.ecart_objectif_ca" in answers.hidden_paths(
        task_scenario, "examen", world=world)


async def test_training_dossier_shows_a_kpi_once_its_task_is_done(
        make_app: AppFactory) -> None:
    from textual.widgets import Input

    from simulator.tui.screens.session import SessionScreen

    app = make_app(play="bilan-activite")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        session = screen.session
        assert session.node.id == "tableau_de_bord"
        for f in session.current_node.fields:
            field = screen.query_one(f"#champ-{f.id}", Input)
            field.value = str(session.expected(f))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.node.id == "ecarts"
        await pilot.press("f2")
        await pilot.pause()
        dossier = app.screen
        assert isinstance(dossier, DossierScreen) and dossier.prepared is not None
        kpis = dossier.prepared.world["indicateurs"]
        text = _screen_text(dossier)
        assert fmt.euros(kpis["ca_total"]) in text
        # still to compute in the next task: the gap to the objective
        assert fmt.euros(kpis["ecart_objectif_ca"]) not in text


def test_hidden_columns_of_a_task_list_field(task_scenario: Any) -> None:
    hidden = answers.hidden_paths(task_scenario, "entrainement")
    columns = answers.hidden_columns(task_scenario, "calcul", hidden)
    assert set(columns) == {"cibles", "fautes"}
    assert "segment" in columns["cibles"] and "potentiel" not in columns["cibles"]
    assert answers.hidden_columns(task_scenario, "calcul", frozenset()) == {
        "cibles": frozenset(), "fautes": frozenset()}
    row = {"id": "E1", "segment": "A", "potentiel": "fort"}
    assert answers.shown_row(row, columns["cibles"]) == {"id": "E1", "potentiel": "fort"}


async def test_task_form_rows_do_not_show_a_hidden_column(
        make_app: AppFactory, tmp_path: Path) -> None:
    from textual.widgets import SelectionList

    from simulator.tui.screens.session import SessionScreen

    path = tmp_path / "t-kpi.yaml"
    path.write_text(TASK, encoding="utf-8")
    app = make_app(play=str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.session.node.id == "calcul"
        rows = {str(r["id"]): r for r in screen.prepared.world["entreprises"]}
        options = screen.query_one("#champ-cibles SelectionList", SelectionList)
        assert options.option_count == len(rows)
        segments = potentials = 0
        for index in range(options.option_count):
            option = options.get_option_at_index(index)
            row = rows[str(option.value)]
            parts = str(option.prompt).split(" · ")
            # the segment counts are to compute: the segment column is hidden...
            segments += bool(row.get("segment")) and row["segment"] in parts
            # ...the selection criteria are not
            potentials += bool(row.get("potentiel")) and row["potentiel"] in parts
        assert segments == 0
        assert potentials > 0
