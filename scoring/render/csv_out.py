"""CSV for cohorts: one row per trainee × session × criterion.

Opens cleanly in a French spreadsheet: `;` separator, UTF-8 with a BOM, header row
(docs/scoring-json-schema.md, « CSV »). Dates stay ISO 8601 (`debut`) beside the French
local time (`debut_local`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from scoring.render.data import signature_label
from scoring.render.dates import short_datetime
from scoring.render.labels import evidence_line
from scoring.results import Report, TraineeResult

COLUMNS = (
    "stagiaire", "session", "fichier", "scenario", "version_scenario", "debut", "issue",
    "referentiel", "ccp", "decision_ccp", "competence", "decision_competence", "critere",
    "libelle", "decision", "decision_calculee", "derogation_justification", "evaluateur",
    "maitrise", "poids_favorables", "poids_defavorables", "bloquant", "evenements",
    "preuves", "justification", "retour_observe", "retour_attendu", "avertissements",
    "mode", "debut_local", "verifie", "rejoue", "signature", "provenance", "reprises",
)
BOM = "\ufeff"


def render_csv(report: Report) -> str:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for trainee in report.trainees:
        writer.writerows(csv_rows(trainee, report.referential.id))
    return buf.getvalue()


def csv_rows(trainee: TraineeResult, referential_id: str) -> Iterator[list[object]]:
    """The rows of one trainee (one per session × criterion), in report order."""
    for s in trainee.sessions:
        feedback = {f.criterion: f for f in s.scoring.feedback}
        for ccp in s.scoring.ccps:
            for comp in ccp.competences:
                for crit in comp.criteria:
                    seqs = sorted({n for ev in crit.evidence for n in ev.seqs})
                    ov = crit.override
                    fb = feedback.get(crit.id)
                    yield [
                        trainee.trainee, s.session, s.path, s.scenario_id,
                        s.scenario_version, s.started_at, s.outcome or "",
                        referential_id, ccp.id, ccp.decision, comp.id,
                        comp.decision, crit.id, crit.label, crit.decision, crit.computed,
                        ov.justification if ov else "", ov.evaluator if ov else "",
                        "" if crit.mastery is None else crit.mastery, crit.positive,
                        crit.negative, "oui" if crit.blocker else "non",
                        " ".join(str(n) for n in seqs),
                        " | ".join(evidence_line(ev) for ev in crit.evidence),
                        crit.justification, fb.observed if fb else "",
                        fb.expected if fb else "", " | ".join(s.warnings),
                        s.mode, short_datetime(s.started_at),
                        "oui" if s.verified else "non", "oui" if s.reexecuted else "non",
                        s.signature or signature_label(s), s.provenance,
                        " | ".join(s.resumes)]
