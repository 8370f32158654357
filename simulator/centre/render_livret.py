"""`ntc livret STAGIAIRE` outputs: terminal text, JSON (`ntc-livret/1`), printable HTML."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from scoring import ACQUIS, NON_ACQUIS, NON_EVALUE
from simulator.centre.livret import EN_COURS, Livret
from simulator.centre.logcheck import LogCheck, check_log
from simulator.centre.records import ENDED, INTERRUPTED, RUNNING, SessionRow
from simulator.centre.text import fr_date, fr_datetime, fr_long_date, plural, typo, upper_first

SCHEMA = "ntc-livret/1"
STATUS_FR = {RUNNING: "non terminée", ENDED: "terminée", INTERRUPTED: "interrompue"}
MODE_FR = {"entrainement": "entraînement", "examen": "examen"}
OUTCOME_FR = {"succes": "succès", "echec": "échec", "partiel": "partiel", "abandon": "abandon"}


def decision_text(status: str, day: str | None, detail: str = "") -> str:
    if status == ACQUIS and day:
        return f"acquis le {fr_date(day)}"
    if status == EN_COURS:
        return f"en cours ({detail})" if detail else "en cours"
    if status == NON_ACQUIS:
        return "non acquis" + (f" ({detail})" if detail else "")
    return NON_EVALUE


def title_text(livret: Livret) -> str:
    if livret.title_on:
        return f"titre obtenu le {fr_long_date(livret.title_on)}"
    if livret.deadline:
        return (f"capitalisation ouverte le {fr_long_date(livret.first_ccp_on)} : les autres "
                f"CCP sont à acquérir avant le {fr_long_date(livret.deadline)}")
    return "aucun CCP acquis : la période de capitalisation de cinq ans n'est pas ouverte"


def session_text(row: SessionRow, check: LogCheck) -> str:
    parts = [fr_datetime(row.started_at), row.scenario_id, MODE_FR.get(row.mode, row.mode),
             STATUS_FR.get(row.status, row.status)]
    if row.outcome:
        parts.append(f"issue : {OUTCOME_FR.get(row.outcome, row.outcome)}")
    parts.append(plural(row.last_seq, "événement"))
    if row.resumes:
        parts.append(f"reprise {row.resumes} fois" if row.resumes > 1 else "reprise une fois")
    text = " · ".join(p for p in parts if p)
    if check.message:
        text += f" — {check.message}"
    return text


def render_table(livret: Livret) -> str:
    ref = livret.referential
    lines = [f"Livret de certification — {livret.trainee}",
             f"{ref.id} {ref.title}", "", f"Titre : {title_text(livret)}", ""]
    for ccp in ref.ccps:
        d = livret.decisions.get(ccp.id)
        status = decision_text(d.status, d.decided_on, d.detail) if d else NON_EVALUE
        lines.append(f"{ccp.id} {ccp.title} : {status}")
        for comp in ccp.competences:
            c = livret.decisions.get(comp.id)
            text = decision_text(c.status, c.decided_on, c.detail) if c else NON_EVALUE
            lines.append(f"  {comp.id} {comp.title} : {text}")
        lines.append("")
    lines.append(f"Séances ({len(livret.sessions)}) :")
    for row in livret.sessions:
        lines.append(f"  {session_text(row, check_log(row))}")
    if not livret.sessions:
        lines.append("  aucune")
    lines.append("")
    lines.append(ref.warning)
    return typo("\n".join(lines)).rstrip() + "\n"


def _session_json(row: SessionRow) -> dict[str, Any]:
    check = check_log(row)
    return {"session": row.id, "scenario": {"id": row.scenario_id,
                                            "version": row.scenario_version,
                                            "sha256": row.scenario_sha256},
            "mode": row.mode, "graine": row.seed, "debut": row.started_at,
            "fin": row.ended_at, "statut": row.status, "issue": row.outcome,
            "dernier_evenement": row.last_seq, "reprises": row.resumes,
            "journal": row.log_path, "controle_journal": check.state,
            "controle_message": check.message}


def render_json(livret: Livret) -> str:
    ref = livret.referential
    ccps = []
    for ccp in ref.ccps:
        d = livret.decisions.get(ccp.id)
        comps = []
        for comp in ccp.competences:
            c = livret.decisions.get(comp.id)
            comps.append({"id": comp.id, "titre": comp.title,
                          "statut": c.status if c else NON_EVALUE,
                          "date": c.decided_on if c else None,
                          "seances": list(c.sessions) if c else []})
        ccps.append({"id": ccp.id, "titre": ccp.title, "statut": d.status if d else NON_EVALUE,
                     "date": d.decided_on if d else None,
                     "seances": list(d.sessions) if d else [], "competences": comps})
    data = {"schema": SCHEMA, "stagiaire": livret.trainee,
            "referentiel": {"id": ref.id, "titre": ref.title, "version": ref.version},
            "premier_ccp": livret.first_ccp_on, "fin_capitalisation": livret.deadline,
            "titre": livret.title_on, "ccp": ccps,
            "seances": [_session_json(s) for s in livret.sessions]}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;color:#111;margin:1.5em}
h1{font-size:15pt;margin:0 0 .2em}h2{font-size:12.5pt;margin:1.1em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #888;padding:.25em .4em;text-align:left;vertical-align:top}
th{background:#eee}tr.ccp td{background:#f4f4f4;font-weight:bold}
.acquis{color:#065f2c;font-weight:bold}.non-acquis{color:#a00}.en-cours{color:#8a4b00}
.non-evalue{color:#666}.avert{font-style:italic;color:#555}
.signatures{display:flex;gap:2em;margin-top:1.5em}
.signatures div{flex:1;border:1px solid #888;height:5em;padding:.4em}
@media print{@page{size:A4;margin:12mm}tr{page-break-inside:avoid}}
"""


def _css(status: str) -> str:
    return {ACQUIS: "acquis", NON_ACQUIS: "non-acquis", EN_COURS: "en-cours"}.get(
        status, "non-evalue")


def _html_row(livret: Livret, item: str, title: str, css: str) -> str:
    d = livret.decisions.get(item)
    status = d.status if d else NON_EVALUE
    text = decision_text(status, d.decided_on if d else None, d.detail if d else "")
    return (f"<tr{css}><td>{escape(item)}</td><td>{escape(title)}</td>"
            f'<td class="{_css(status)}">{escape(typo(text))}</td></tr>')


def render_html(livret: Livret) -> str:
    ref = livret.referential
    t = typo
    rows = []
    for ccp in ref.ccps:
        rows.append(_html_row(livret, ccp.id, ccp.title, ' class="ccp"'))
        rows.extend(_html_row(livret, comp.id, comp.title, "") for comp in ccp.competences)
    sessions = "".join(f"<li>{escape(t(session_text(s, check_log(s))))}</li>"
                       for s in livret.sessions) or "<li>aucune</li>"
    title = t(f"Livret de certification — {livret.trainee}")
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1><p>{escape(t(f'{ref.id} {ref.title}'))}</p>"
            f"<p><strong>{escape(upper_first(t(title_text(livret))))}</strong></p>"
            "<table><thead><tr><th>Code</th><th>Intitulé</th><th>Décision</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<h2>Séances</h2><ul>{sessions}</ul>"
            f'<p class="avert">{escape(t(ref.warning))}</p>'
            '<div class="signatures"><div>Le ou la stagiaire</div><div>Le formateur ou la '
            "formatrice</div><div>Le jury</div></div></body></html>\n")


def render(livret: Livret, fmt: str) -> str:
    return {"table": render_table, "json": render_json, "html": render_html}[fmt](livret)

