"""Printable HTML jury grid: self-contained (inline CSS, no script), every text escaped."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from scoring.render.data import signature_label
from scoring.render.dates import french_datetime
from scoring.render.labels import duration, evidence_line, outcome, session_labels
from scoring.results import ACQUIS, NON_ACQUIS, CriterionResult, Problem, Report, TraineeResult

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;color:#111;margin:1.5em}
h1{font-size:15pt;margin:0 0 .2em}h2{font-size:13pt;margin:1.2em 0 .3em}
h3{font-size:11.5pt;margin:1em 0 .3em}
.avert{font-style:italic;color:#555}.probleme{color:#8a4b00}.refus{color:#a00;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #888;padding:.25em .4em;vertical-align:top;text-align:left}
th{background:#eee}tr.competence td{background:#f4f4f4;font-weight:bold}
.acquis{color:#065f2c;font-weight:bold}.non-acquis{color:#a00;font-weight:bold}
.non-evalue{color:#666}.calcule{font-size:9pt;color:#555}
ul{margin:0;padding-left:1.1em}li{margin:.1em 0}.citation{font-style:italic}
.signatures{display:flex;gap:2em;margin-top:1.5em}
.signatures div{flex:1;border:1px solid #888;height:6em;padding:.4em}
.stagiaire{page-break-after:always}
@media print{body{margin:0}@page{size:A4;margin:12mm}
 tr,li{page-break-inside:avoid}thead{display:table-header-group}}
"""


def _cls(decision: str) -> str:
    return {ACQUIS: "acquis", NON_ACQUIS: "non-acquis"}.get(decision, "non-evalue")


def _decision(decision: str) -> str:
    return f'<span class="{_cls(decision)}">{escape(decision)}</span>'


def _criterion_row(c: CriterionResult, labels: dict[str, str]) -> str:
    decision = _decision(c.decision)
    if c.override is not None:
        decision += (f'<div class="calcule">calculé : {escape(c.computed)} — '
                     f"évaluateur {escape(c.override.evaluator)}</div>")
    items = "".join(f"<li>{escape(evidence_line(e, labels))}</li>" for e in c.evidence)
    proofs = f"<ul>{items}</ul>" if items else ""
    notes = "".join(f"<li>{escape(n.evaluator)} : {escape(n.text)}</li>" for n in c.notes)
    if c.override is not None:
        notes += f"<li>Dérogation : {escape(c.override.justification)}</li>"
    return (f"<tr><td>{escape(c.id)}</td><td>{escape(c.label)}"
            f'<div class="calcule">Attendu : {escape(c.observed)}</div></td>'
            f"<td>{decision}</td><td>{escape(c.justification)}{proofs}</td>"
            f"<td>{'<ul>' + notes + '</ul>' if notes else ''}</td></tr>")


def _trainee(t: TraineeResult, report: Report) -> str:
    labels = session_labels(t.sessions)
    parts = [f'<section class="stagiaire"><h1>Grille d\'évaluation — {escape(t.trainee)}</h1>',
             f"<p>Référentiel {escape(report.referential.id)} "
             f"({escape(report.referential.version)}) : {escape(report.referential.title)}.</p>",
             f'<p class="avert">{escape(report.referential.warning)}</p>',
             "<h2>Sessions</h2><table><thead><tr><th></th><th>Session et journal</th>"
             "<th>Scénario</th><th>Mode</th><th>Début</th><th>Issue</th><th>Durée</th>"
             "<th>Contrôle et signature</th><th>Avertissements et notes</th></tr></thead>"
             "<tbody>"]
    for s in t.sessions:
        extra = [f'<li class="probleme">{escape(w)}</li>' for w in s.warnings]
        extra += [f"<li>{escape(n.evaluator)} : {escape(n.text)}</li>" for n in s.notes]
        scen = f"{s.scenario_id} {s.scenario_version}"
        if s.provenance and s.provenance != "livré":
            scen += f" (scénario {s.provenance})"
        check = ("rejoué, vérifié" if s.verified and s.reexecuted
                 else "vérifié" if s.verified else "non vérifié")
        parts.append(
            f"<tr><td>{labels[s.session]}</td><td>{escape(s.session)}<br>{escape(s.path)}</td>"
            f"<td>{escape(scen)}</td>"
            f"<td>{'examen' if s.mode == 'examen' else 'entraînement'}</td>"
            f"<td>{escape(french_datetime(s.started_at))}</td>"
            f"<td>{escape(outcome(s.outcome))}</td><td>{escape(duration(s.duration_ms))}</td>"
            f"<td>{escape(check)}<br>{escape(s.signature or signature_label(s))}</td>"
            f"<td>{'<ul>' + ''.join(extra) + '</ul>' if extra else '—'}</td></tr>")
    parts.append("</tbody></table>")
    if t.combined_mode == "examen":
        progress = (f" ; progression à l'entraînement : maîtrise {t.progress.mastery} %"
                    if t.progress is not None else "")
        parts.append(f"<p>Décisions prises sur les seules sessions d'examen (l'entraînement "
                     f"ne décide rien){escape(progress)}.</p>")
    for ccp in t.combined.ccps:
        parts.append(f"<h2>{escape(ccp.id)} — {escape(ccp.title)} : "
                     f"{_decision(ccp.decision)}</h2><p>{escape(ccp.justification)} "
                     f"Maîtrise (suivi de progression) : {ccp.mastery} %.</p>")
        parts.append("<table><thead><tr><th>Critère</th><th>Libellé</th><th>Décision</th>"
                     "<th>Preuves</th><th>Notes de l'évaluateur</th></tr></thead><tbody>")
        for comp in ccp.competences:
            parts.append(f'<tr class="competence"><td>{escape(comp.id)}</td>'
                         f"<td colspan=\"2\">{escape(comp.title)}</td>"
                         f"<td colspan=\"2\">{_decision(comp.decision)} — "
                         f"{escape(comp.justification)}</td></tr>")
            parts.extend(_criterion_row(c, labels) for c in comp.criteria)
        parts.append("</tbody></table>")
    parts.append("<h2>Retours pour le stagiaire</h2>")
    if t.combined.feedback:
        parts.append("<table><thead><tr><th>Critère</th><th>Observé</th><th>Attendu</th>"
                     "</tr></thead><tbody>")
        parts.extend(f"<tr><td>{escape(f.criterion)}</td><td>{escape(f.observed)}</td>"
                     f"<td>{escape(f.expected)}</td></tr>" for f in t.combined.feedback)
        parts.append("</tbody></table>")
    else:
        parts.append("<p>Aucun critère non acquis.</p>")
    parts.append('<div class="signatures"><div>Évaluateur (nom, date, signature)</div>'
                 "<div>Second évaluateur</div><div>Candidat (vu et pris connaissance)</div>"
                 "</div></section>")
    return "\n".join(parts)


def render_html(report: Report) -> str:
    body = "\n".join(_trainee(t, report) for t in report.trainees) or EMPTY
    return html_head(report.referential.id, report.problems) + body + HTML_END


EMPTY = "<p>Aucune session évaluée.</p>"
HTML_END = "\n</body></html>\n"


def html_head(referential_id: str, problems: Iterable[Problem]) -> str:
    """Everything before the first trainee's grid (the problems come first)."""
    shown = "".join(
        f'<p class="{"refus" if p.refused else "probleme"}">'
        f"{'Refusé' if p.refused else 'Attention'} : {escape(p.message)}</p>"
        for p in problems)
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>Grille d'évaluation — {escape(referential_id)}</title>"
            f"<style>{CSS}</style></head><body>\n{shown}\n")


def trainee_html(trainee: TraineeResult, report: Report) -> str:
    """One trainee's printable grid."""
    return _trainee(trainee, report)
