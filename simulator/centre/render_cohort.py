"""`ntc cohorte` outputs: terminal table, JSON, CSV for a French spreadsheet, HTML."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from scoring import ACQUIS, NON_ACQUIS
from simulator.centre.cohort import SCHEMA, Cohort, CohortRow
from simulator.centre.livret import EN_COURS
from simulator.centre.text import fr_date, plural, typo

BOM = "\ufeff"
MARKS = {ACQUIS: "✓", NON_ACQUIS: "✗", EN_COURS: "…"}


def _title_text(row: CohortRow) -> str:
    if row.title_on:
        return f"obtenu le {fr_date(row.title_on)}"
    if row.deadline:
        return f"à compléter avant le {fr_date(row.deadline)}"
    return ""


def _cell_text(status: str, day: str | None) -> str:
    if status == ACQUIS and day:
        return f"✓ {fr_date(day)}"
    if status == NON_ACQUIS:
        return "✗ non acquis"
    if status == EN_COURS:
        return "… en cours"
    return "·"


def render_table(cohort: Cohort) -> str:
    """Aligned plain text (no per-cell styling: thousands of rows print at once)."""
    heads = ["Stagiaire", "Séances", *[c.id for c in cohort.columns], "Titre"]
    body = [[row.trainee, str(row.sessions),
             *[_cell_text(*row.cell(c.id)) for c in cohort.columns], _title_text(row)]
            for row in cohort.rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h)
              for i, h in enumerate(heads)]
    lines = [f"Cohorte — {cohort.referential.id} {cohort.referential.title} "
             f"({plural(len(cohort.rows), 'stagiaire')})", ""]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines.append(fmt.format(*heads).rstrip())
    lines.append("  ".join("─" * w for w in widths))
    lines.extend(fmt.format(*r).rstrip() for r in body)
    if not body:
        lines.append("(aucun stagiaire dans le registre du centre : « ntc livret import "
                     "JOURNAL… » ou « ntc livret rebuild »)")
    lines.append("")
    lines.append("✓ acquis (date) · ✗ non acquis · … en cours · « · » non évalué ; titre : "
                 "les deux CCP dans les cinq ans qui suivent le premier")
    return typo("\n".join(lines)) + "\n"


def _status_label(status: str, day: str | None) -> str:
    return f"acquis le {fr_date(day)}" if status == ACQUIS and day else status


def render_json(cohort: Cohort) -> str:
    ref = cohort.referential
    data = {
        "schema": SCHEMA,
        "referentiel": {"id": ref.id, "titre": ref.title, "version": ref.version},
        "colonnes": [{"id": c.id, "titre": c.title, "type": c.kind} for c in cohort.columns],
        "stagiaires": [{
            "stagiaire": row.trainee, "seances": row.sessions,
            "premier_ccp": row.first_ccp_on, "fin_capitalisation": row.deadline,
            "titre": row.title_on,
            "decisions": {c.id: {"statut": row.cell(c.id)[0], "date": row.cell(c.id)[1]}
                          for c in cohort.columns}} for row in cohort.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_csv(cohort: Cohort) -> str:
    """`;`-separated, UTF-8 with BOM, dates JJ/MM/AAAA: opens as is in a French spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Stagiaire", "Séances", *[c.id for c in cohort.columns],
                     "Premier CCP", "Fin de capitalisation", "Titre"])
    for row in cohort.rows:
        cells = []
        for c in cohort.columns:
            status, day = row.cell(c.id)
            cells.append(fr_date(day) if status == ACQUIS and day else status)
        writer.writerow([row.trainee, row.sessions, *cells, fr_date(row.first_ccp_on),
                         fr_date(row.deadline), fr_date(row.title_on)])
    return BOM + out.getvalue()


CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10pt;color:#111;margin:1.5em}
h1{font-size:15pt}table{border-collapse:collapse}
th,td{border:1px solid #888;padding:.2em .4em;text-align:left;white-space:nowrap}
th{background:#eee}.acquis{color:#065f2c;font-weight:bold}.non-acquis{color:#a00}
.en-cours{color:#8a4b00}.non-evalue{color:#777}.legende{color:#555;margin-top:.6em}
@media print{@page{size:A4 landscape;margin:10mm}thead{display:table-header-group}}
"""


def render_html(cohort: Cohort) -> str:
    ref = cohort.referential
    head = "".join(f'<th title="{escape(c.title)}">{escape(c.id)}</th>' for c in cohort.columns)
    rows = []
    for row in cohort.rows:
        cells = []
        for c in cohort.columns:
            status, day = row.cell(c.id)
            css = {ACQUIS: "acquis", NON_ACQUIS: "non-acquis", EN_COURS: "en-cours"}.get(
                status, "non-evalue")
            cells.append(f'<td class="{css}">{escape(typo(_status_label(status, day)))}</td>')
        rows.append(f"<tr><td>{escape(row.trainee)}</td><td>{row.sessions}</td>"
                    f"{''.join(cells)}<td>{escape(typo(_title_text(row)))}</td></tr>")
    title = typo(f"Cohorte — {ref.id} {ref.title}")
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1><p>{escape(typo(plural(len(cohort.rows), 'stagiaire')))}"
            f"</p><table><thead><tr><th>Stagiaire</th><th>Séances</th>{head}<th>Titre</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p class=\"legende\">{escape(typo(ref.warning))}</p></body></html>\n")


def render(cohort: Cohort, fmt: str) -> str:
    return {"table": render_table, "json": render_json, "csv": render_csv,
            "html": render_html}[fmt](cohort)
