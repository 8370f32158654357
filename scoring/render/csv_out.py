"""CSV for cohorts: one row per trainee × session × criterion.

Opens cleanly in a French spreadsheet: `;` separator, UTF-8 with a BOM, header row
(docs/scoring-json-schema.md, « CSV »). Dates stay ISO 8601 (`debut`) beside the French
local time (`debut_local`).

A cohort of 2,000 sessions is 62,000 rows of 35 columns, and `csv.writer` fed with every
row was most of `ntc score --format csv`. The lines are therefore written here, with the
quoting of `csv.writer(delimiter=";", lineterminator="\r\n")` (QUOTE_MINIMAL): a session's
columns are quoted once per session, and a criterion not evaluated — most rows, the same
from one session to the next — is quoted once for the whole cohort (`_PLAIN`). `csv_rows`
gives the same rows as values; both are built from the same field helpers below.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scoring.render.data import signature_label
from scoring.render.dates import short_datetime
from scoring.render.labels import evidence_line
from scoring.results import (
    CCPResult,
    CompetenceResult,
    CriterionResult,
    Feedback,
    Report,
    SessionResult,
    TraineeResult,
)

COLUMNS = (
    "stagiaire", "session", "fichier", "scenario", "version_scenario", "debut", "issue",
    "referentiel", "ccp", "decision_ccp", "competence", "decision_competence", "critere",
    "libelle", "decision", "decision_calculee", "derogation_justification", "evaluateur",
    "maitrise", "poids_favorables", "poids_defavorables", "bloquant", "evenements",
    "preuves", "justification", "retour_observe", "retour_attendu", "avertissements",
    "mode", "debut_local", "verifie", "rejoue", "signature", "provenance", "reprises",
)
BOM = "\ufeff"
TERMINATOR = "\r\n"
MEMO_SIZE = 4096          # entries per memo; cleared when full (bounded memory)

_PLAIN: dict[tuple[object, ...], str] = {}
_COMPETENCES: dict[tuple[object, ...], str] = {}


def quote_field(value: object) -> str:
    """One field as `csv.writer` writes it with this dialect (CPython `_csv.c`).

    None is empty, other non-strings go through `str()`; the field is quoted, its `"`
    doubled, iff it holds the delimiter, the quote char or a line terminator char.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if ";" in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(fields: Iterable[object]) -> str:
    """One row as `csv.writer.writerow` writes it, terminator included."""
    quoted = [quote_field(f) for f in fields]
    if quoted == [""]:
        return '""' + TERMINATOR      # a lone empty field would read as an empty row
    return ";".join(quoted) + TERMINATOR


def _session_fields(trainee: TraineeResult, s: SessionResult) -> tuple[list[object],
                                                                      list[object]]:
    """The columns before and after the criterion's: the same on every row of a session."""
    head: list[object] = [trainee.trainee, s.session, s.path, s.scenario_id,
                          s.scenario_version, s.started_at, s.outcome or ""]
    tail: list[object] = [" | ".join(s.warnings), s.mode, short_datetime(s.started_at),
                          "oui" if s.verified else "non", "oui" if s.reexecuted else "non",
                          s.signature or signature_label(s), s.provenance,
                          " | ".join(s.resumes)]
    return head, tail


def _competence_fields(referential_id: str, ccp: CCPResult,
                       comp: CompetenceResult) -> list[object]:
    return [referential_id, ccp.id, ccp.decision, comp.id, comp.decision]


def _competence_part(referential_id: str, ccp: CCPResult, comp: CompetenceResult) -> str:
    """The competence's columns, quoted, joined and followed by `;` (memoised)."""
    fields = _competence_fields(referential_id, ccp, comp)
    key = tuple(fields)
    hit = _COMPETENCES.get(key)
    if hit is None:
        if len(_COMPETENCES) >= MEMO_SIZE:
            _COMPETENCES.clear()
        hit = _COMPETENCES[key] = ";".join([quote_field(f) for f in fields]) + ";"
    return hit


def _criterion_fields(crit: CriterionResult, fb: Feedback | None) -> list[object]:
    seqs = sorted({n for ev in crit.evidence for n in ev.seqs})
    ov = crit.override
    return [crit.id, crit.label, crit.decision, crit.computed,
            ov.justification if ov else "", ov.evaluator if ov else "",
            "" if crit.mastery is None else crit.mastery, crit.positive,
            crit.negative, "oui" if crit.blocker else "non",
            " ".join(str(n) for n in seqs),
            " | ".join(evidence_line(ev) for ev in crit.evidence),
            crit.justification, fb.observed if fb else "",
            fb.expected if fb else ""]


def _criterion_part(crit: CriterionResult, fb: Feedback | None) -> str:
    """The criterion's columns, quoted and joined; memoised when they are only its own
    plain values (no evidence, override or feedback): keyed on those values, never on
    the object, so equal criteria of any session share it (the key holds `results.py`'s
    declared types: int weights and mastery, a bool blocker)."""
    if crit.evidence or crit.override or fb:
        return ";".join([quote_field(f) for f in _criterion_fields(crit, fb)])
    key = (crit.id, crit.label, crit.decision, crit.computed, crit.mastery,
           crit.positive, crit.negative, crit.blocker, crit.justification)
    hit = _PLAIN.get(key)
    if hit is None:
        if len(_PLAIN) >= MEMO_SIZE:
            _PLAIN.clear()
        hit = _PLAIN[key] = ";".join([quote_field(f) for f in _criterion_fields(crit, None)])
    return hit


def csv_lines(trainee: TraineeResult, referential_id: str) -> Iterator[str]:
    """The CSV lines of one trainee, "\\r\\n" ended: `csv_line` of each of `csv_rows`."""
    for s in trainee.sessions:
        head, tail = _session_fields(trainee, s)
        before = ";".join([quote_field(f) for f in head]) + ";"
        after = ";" + ";".join([quote_field(f) for f in tail]) + TERMINATOR
        feedback = {f.criterion: f for f in s.scoring.feedback}
        get = feedback.get
        for ccp in s.scoring.ccps:
            for comp in ccp.competences:
                start = before + _competence_part(referential_id, ccp, comp)
                for crit in comp.criteria:
                    yield start + _criterion_part(crit, get(crit.id)) + after


def csv_rows(trainee: TraineeResult, referential_id: str) -> Iterator[list[object]]:
    """The rows of one trainee (one per session × criterion), in report order, as values."""
    for s in trainee.sessions:
        head, tail = _session_fields(trainee, s)
        feedback = {f.criterion: f for f in s.scoring.feedback}
        for ccp in s.scoring.ccps:
            for comp in ccp.competences:
                for crit in comp.criteria:
                    yield [*head, *_competence_fields(referential_id, ccp, comp),
                           *_criterion_fields(crit, feedback.get(crit.id)), *tail]


def header_line() -> str:
    """The BOM and the header row: what every CSV report starts with."""
    return BOM + csv_line(COLUMNS)


def render_csv(report: Report) -> str:
    ref = report.referential.id
    parts = [header_line()]
    for trainee in report.trainees:
        parts.extend(csv_lines(trainee, ref))
    return "".join(parts)
