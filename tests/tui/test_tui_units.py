"""Pure parts of the app: canvas, projection, formatting, storage, table filter, parsing."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.tui import formatting as fmt
from simulator.tui.screens.replay import event_summary
from simulator.tui.storage import (
    Profile,
    load_profile,
    new_log_path,
    recent_sessions,
    save_profile,
)
from simulator.tui.widgets.braille import BrailleCanvas
from simulator.tui.widgets.client_table import matches, sort_key
from simulator.tui.widgets.offer_form import parse_number
from simulator.tui.widgets.territory_map import MapPoint, draw_map, project


def test_braille_dots_combine_in_one_cell() -> None:
    canvas = BrailleCanvas(2, 1)
    canvas.set(0, 0)
    canvas.set(1, 3)
    assert canvas.rows() == [chr(0x2800 + 0x01 + 0x80) + " "]


def test_braille_line_and_markers() -> None:
    canvas = BrailleCanvas(4, 2)
    canvas.line(0, 0, 7, 7)
    canvas.marker(7, 7, "◆")
    rows = canvas.rows()
    assert rows[1][3] == "◆"
    assert rows[0][0] != " "
    canvas.set(100, 100)  # out of range: ignored
    assert len(canvas.rows()) == 2


def test_projection_keeps_points_inside_and_north_up() -> None:
    dots = project([(45.0, 4.0), (46.0, 5.0)], 40, 20)
    assert all(0 <= x < 40 and 0 <= y < 20 for x, y in dots)
    north, south = dots[1], dots[0]
    assert north[1] < south[1]


def test_draw_map_puts_base_on_top() -> None:
    points = [MapPoint(45.0, 4.0, "prospect"), MapPoint(45.0, 4.0, "base")]
    canvas = draw_map(10, 5, points, [(45.0, 4.0), (45.5, 4.5)])
    assert "◆" in "".join(canvas.rows())
    assert "○" not in "".join(canvas.rows())


def test_french_formatting() -> None:
    assert fmt.euros(1234567) == "1\u202f234\u202f567\u00a0€"
    assert fmt.percent(12.5) == "12,5\u00a0%"
    assert fmt.ratio_percent(0.25) == "25,0\u00a0%"
    assert fmt.duration_ms(95_000) == "01:35"
    assert fmt.duration_ms(3_725_000) == "1:02:05"
    assert fmt.minutes_label(90) == "1\u00a0h\u00a030"
    assert fmt.outcome(None) == "interrompue"
    assert fmt.date_time("2026-11-28T10:05:00+00:00") == "28/11/2026 10:05"


def test_parse_number_accepts_french_decimals() -> None:
    assert parse_number("12,5") == 12.5
    assert parse_number("1 200") == 1200
    assert parse_number("") is None
    assert parse_number("abc") is None


def test_profile_roundtrip_and_damaged_file(tmp_path: Path) -> None:
    save_profile(tmp_path, Profile(trainee="Zoé Lefèvre", mode="examen"))
    assert load_profile(tmp_path) == Profile("Zoé Lefèvre", "examen")
    (tmp_path / "profil.json").write_text("{pas du json", encoding="utf-8")
    assert load_profile(tmp_path) == Profile()


def test_recent_sessions_reads_headers_and_outcomes(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    first = new_log_path(tmp_path, "demo", "A B", datetime(2026, 1, 1, tzinfo=UTC))
    second = new_log_path(tmp_path, "demo", "A B", datetime(2026, 1, 2, tzinfo=UTC))
    header = {"type": "header", "scenario": {"id": "demo"}, "trainee": "A B",
              "mode": "examen", "started_at": "2026-01-01T10:00:00+00:00"}
    first.write_text(json.dumps(header) + "\n" + json.dumps(
        {"seq": 1, "type": "session_ended", "data": {"outcome": "succes"}}) + "\n",
        encoding="utf-8")
    second.write_text(json.dumps(header) + "\n{tronqu", encoding="utf-8")
    (tmp_path / "sessions" / "autre.jsonl").write_text("pas un journal\n", encoding="utf-8")
    found = recent_sessions(tmp_path)
    assert [s.path for s in found] == [second, first]
    assert found[0].outcome is None
    assert found[1].outcome == "succes"


def test_client_filter_and_sort_key() -> None:
    row = {"raison_sociale": "Fonderie Dupont", "commune": "Lyon", "statut": "client"}
    assert matches(row, "lyon fonderie")
    assert not matches(row, "grenoble")
    values = [None, "b", 3, "A", 1]
    assert sorted(values, key=sort_key) == [1, 3, "A", "b", None]


def test_event_summary_is_french() -> None:
    event = {"type": "session_ended", "data": {"outcome": "echec"}}
    assert event_summary(event) == "issue : échec"
    assert "accepte" in event_summary({"type": "negotiation_action",
                                       "data": {"action": "accept"}})


def test_history_rows_of_one_negotiation_node() -> None:
    from simulator.tui.widgets.negotiation_panel import history_rows

    events = [
        {"type": "offer_received", "data": {"node": "n", "round": 0, "decision": "counter",
                                            "offer": {"remise": 15, "delai_paiement": 60}}},
        {"type": "offer_made", "data": {"node": "n", "round": 1, "offer": {"remise": 4}}},
        {"type": "offer_made", "data": {"node": "autre", "round": 1, "offer": {}}},
    ]
    rows = history_rows(events, "n")
    assert [r[1] for r in rows] == ["Client", "Vous"]
    assert rows[0][3] == "15,0\u00a0%" and rows[0][-1] == "contre-offre"


def test_people_labels_and_client_card() -> None:
    from simulator.tui import services

    world = {
        "client": {"raison_sociale": "Fonderie Dupont", "commune": "Lyon", "departement": "69",
                   "effectif": 40, "ca_annuel": 2_000_000, "statut": "prospect"},
        "contact": {"civilite": "Mme", "nom": "Durand", "fonction": "Gérante"},
        "barrage": {"civilite": "M.", "nom": "Petit", "fonction": "Standardiste"},
    }
    assert services.speaker_names(world) == {"client": "Mme Durand (client)",
                                             "barrage": "M. Petit (standard)"}
    card = dict(services.client_card(world))
    assert card["Entreprise"] == "Fonderie Dupont"
    assert card["Décideur"] == "Mme Durand, Gérante"


def test_timer_limit_by_mode() -> None:
    from simulator.tui import services
    from simulator.tui.services import load_scenario

    scenario = load_scenario(str(Path(__file__).parent / "data" / "demo.yaml"))
    assert services.timer_limit_ms(scenario, "entrainement") is None
    assert services.timer_limit_ms(scenario, "examen") == 20 * 60_000


def test_log_names_are_ascii_and_unique(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 1, 1, 8, 30, tzinfo=UTC)
    first = new_log_path(tmp_path, "négo", "Léa Roux", moment)
    assert first.name == "20260101-083000_nego_Lea-Roux.jsonl"
    first.write_text("", encoding="utf-8")
    assert new_log_path(tmp_path, "négo", "Léa Roux", moment).name.endswith("-2.jsonl")
