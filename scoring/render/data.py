"""The report as plain data, schema `ntc-score/1` (docs/scoring-json-schema.md).

Every renderer but the table reads this, so the formats cannot disagree. French keys
without accents, like the scenario language.
"""

from __future__ import annotations

from typing import Any

from scoring.evidence import Evidence
from scoring.render.dates import french_datetime
from scoring.results import (
    CCPResult,
    CriterionResult,
    Feedback,
    Note,
    Override,
    Report,
    Scoring,
    SessionResult,
    TraineeResult,
)


def evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {"poids": ev.weight, "justification": ev.justification, "source": ev.source,
            "evenements": list(ev.seqs), "citation": ev.quote, "bloquant": ev.blocker,
            "critere_origine": ev.origin or ev.criterion,
            "referentiel_origine": ev.native, "session": ev.session}


def override_dict(ov: Override | None) -> dict[str, Any] | None:
    if ov is None:
        return None
    return {"decision": ov.decision, "justification": ov.justification,
            "evaluateur": ov.evaluator, "seq": ov.seq, "session": ov.session}


def note_dict(note: Note) -> dict[str, Any]:
    return {"texte": note.text, "evaluateur": note.evaluator, "seq": note.seq,
            "critere": note.criterion, "session": note.session}


def criterion_dict(r: CriterionResult) -> dict[str, Any]:
    return {"id": r.id, "libelle": r.label, "attendu": r.observed, "decision": r.decision,
            "decision_calculee": r.computed, "justification": r.justification,
            "maitrise": r.mastery, "poids_favorables": r.positive,
            "poids_defavorables": r.negative, "bloquant": r.blocker,
            "derogation": override_dict(r.override),
            "notes": [note_dict(n) for n in r.notes],
            "preuves": [evidence_dict(e) for e in r.evidence]}


def ccp_dict(p: CCPResult) -> dict[str, Any]:
    return {"id": p.id, "titre": p.title, "decision": p.decision,
            "justification": p.justification, "maitrise": p.mastery,
            "competences": [
                {"id": c.id, "titre": c.title, "decision": c.decision,
                 "justification": c.justification, "maitrise": c.mastery,
                 "criteres": [criterion_dict(r) for r in c.criteria]}
                for c in p.competences]}


def feedback_dict(f: Feedback) -> dict[str, Any]:
    return {"critere": f.criterion, "libelle": f.label, "observe": f.observed,
            "attendu": f.expected,
            "evenements": [{"session": s, "seq": n} for s, n in f.seqs]}


def scoring_dict(s: Scoring) -> dict[str, Any]:
    return {"maitrise": s.mastery, "ccp": [ccp_dict(p) for p in s.ccps],
            "retours": [feedback_dict(f) for f in s.feedback]}


def signature_label(s: SessionResult) -> str:
    """The French signature status (the auditor's label when it gave one)."""
    if not s.signed:
        return "non signé : l'intégrité n'est pas garantie"
    if s.signature_checked:
        return "signé, signature vérifiée"
    return "signé, signature non vérifiée : l'intégrité n'est pas garantie"


def session_dict(s: SessionResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "session": s.session, "fichier": s.path, "stagiaire": s.trainee,
        "scenario": {"id": s.scenario_id, "version": s.scenario_version,
                     "titre": s.scenario_title},
        "mode": s.mode, "graine": s.seed, "debut": s.started_at, "issue": s.outcome,
        "duree_ms": s.duration_ms, "evenements": s.events, "verifie": s.verified,
        "signe": s.signed, "signature_verifiee": s.signature_checked,
        "avertissements": list(s.warnings),
        "rejoue": s.reexecuted, "provenance": s.provenance,
        "signature": s.signature or signature_label(s),
        "reprises": list(s.resumes), "limites": list(s.limits),
        "debut_local": french_datetime(s.started_at),
        "notes": [note_dict(n) for n in s.notes],
        "criteres_non_rattaches": list(s.unmapped)}
    out.update(scoring_dict(s.scoring))
    return out


def trainee_dict(t: TraineeResult) -> dict[str, Any]:
    return {"stagiaire": t.trainee, "sessions": [session_dict(s) for s in t.sessions],
            "bilan": scoring_dict(t.combined), "bilan_nature": t.combined_mode,
            "progression": scoring_dict(t.progress) if t.progress is not None else None}


def report_dict(report: Report) -> dict[str, Any]:
    ref = report.referential
    return {
        "schema": report.schema,
        "referentiel": {"id": ref.id, "titre": ref.title, "version": ref.version,
                        "avertissement": ref.warning},
        "statut": report.status,
        "problemes": [{"fichier": p.path, "message": p.message, "refuse": p.refused}
                      for p in report.problems],
        "stagiaires": [trainee_dict(t) for t in report.trainees],
    }
