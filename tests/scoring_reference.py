"""The straightforward decision algorithm (as it was before the shared results of
`scoring.decision`): every criterion decided on its own, every list walked again.

Kept as the reference the fast `build_scoring` must equal exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scoring.decision import _ccp, _competence, _count, _feedback, _percent, _seq_text
from scoring.evidence import Evidence
from scoring.fold import last_overrides
from scoring.referential import Criterion, Referential
from scoring.results import (
    ACQUIS,
    NON_ACQUIS,
    NON_EVALUE,
    CCPResult,
    CompetenceResult,
    CriterionResult,
    Note,
    Override,
    Scoring,
    SessionResult,
)


def decide(evidence: Sequence[Evidence], scope: str) -> tuple[str, str, int, int, bool,
                                                               int | None]:
    pos = sum(e.weight for e in evidence if e.weight > 0)
    neg = -sum(e.weight for e in evidence if e.weight < 0)
    n_pos = sum(1 for e in evidence if e.weight > 0)
    n_neg = sum(1 for e in evidence if e.weight < 0)
    blockers = [e for e in evidence if e.blocker]
    if blockers:
        first = blockers[0]
        reason = first.justification.removeprefix("Faute bloquante : ").rstrip(".")
        return (NON_ACQUIS, f"Non acquis : faute bloquante, {reason}{_seq_text(first)}.",
                pos, neg, True, 0)
    if pos == 0 and neg == 0:
        return NON_EVALUE, f"Non évalué : aucune observation pour ce critère {scope}.", 0, 0,\
            False, None
    mastery = round(100 * pos / (pos + neg))
    balance = f"bilan {pos - neg:+d}" if pos != neg else "bilan nul"
    if pos > neg:
        return (ACQUIS, f"Acquis : {_count(n_pos, 'favorable')} contre "
                        f"{_count(n_neg, 'défavorable')} ({balance}).", pos, neg, False, mastery)
    return (NON_ACQUIS, f"Non acquis : {_count(n_neg, 'défavorable')} contre "
                        f"{_count(n_pos, 'favorable')} ({balance}).", pos, neg, False, mastery)


def _criterion(crit: Criterion, evidence: list[Evidence], override: Override | None,
               notes: tuple[Note, ...], scope: str) -> CriterionResult:
    computed, why, pos, neg, blocker, mastery = decide(evidence, scope)
    decision = computed
    if override is not None and override.decision != computed:
        decision = override.decision
        why = (f"{why.rstrip('.')} ; décision de l'évaluateur : {decision} "
               f"({override.justification.rstrip('.')}).")
    elif override is not None:
        why = f"{why.rstrip('.')} ; même décision retenue par l'évaluateur."
    return CriterionResult(
        id=crit.id, label=crit.label, observed=crit.observed, decision=decision,
        computed=computed, justification=why, evidence=tuple(evidence), positive=pos,
        negative=neg, blocker=blocker, mastery=mastery, override=override, notes=notes)


def build_scoring(referential: Referential, evidence: Iterable[Evidence],
                  overrides: dict[str, Override], notes: Sequence[Note],
                  scope: str) -> Scoring:
    per_crit: dict[str, list[Evidence]] = {}
    for ev in evidence:
        per_crit.setdefault(ev.criterion, []).append(ev)
    ccps: list[CCPResult] = []
    for ccp in referential.ccps:
        comps: list[CompetenceResult] = []
        for comp in ccp.competences:
            crits = [
                _criterion(crit, sorted(per_crit.get(crit.id, []), key=Evidence.sort_key),
                           overrides.get(crit.id),
                           tuple(n for n in notes if n.criterion == crit.id), scope)
                for crit in comp.criteria]
            comps.append(_competence(comp, crits))
        ccps.append(_ccp(ccp, comps))
    all_crits = [r for p in ccps for c in p.competences for r in c.criteria]
    mastery = _percent(sum(1 for r in all_crits if r.decision == ACQUIS), len(all_crits))
    return Scoring(tuple(ccps), _feedback(all_crits), mastery)


def combination(sessions: Sequence[SessionResult], referential: Referential,
                scope: str) -> Scoring:
    evidence = [ev for s in sessions for r in s.scoring.criteria() for ev in r.evidence]
    overrides = [r.override for s in sessions for r in s.scoring.criteria()
                 if r.override is not None]
    notes = [n for s in sessions for r in s.scoring.criteria() for n in r.notes]
    return build_scoring(referential, evidence, last_overrides(overrides), notes, scope)
