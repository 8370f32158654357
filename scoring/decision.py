"""The decision rules (documented in docs/scoring-json-schema.md, « Règles de décision »).

Criterion, from its evidence:
1. no evidence (or only zero weights) → non évalué;
2. any blocker → non acquis, whatever else;
3. sum of weights > 0 → acquis;
4. otherwise (sum ≤ 0 with negative evidence) → non acquis.
An evaluator's override replaces the computed decision; both are kept.
Competence: non évalué if none of its criteria is evaluated; acquis if all its evaluated
criteria are acquis; else non acquis. CCP: non acquis if a competence is non acquis; acquis
if all its competences are acquis; else non évalué (some not assessed yet: not failed).
Mastery percentages are for progress only and never decide anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scoring.evidence import Evidence
from scoring.referential import CCP, Competence, Criterion, Referential
from scoring.results import (
    ACQUIS,
    NON_ACQUIS,
    NON_EVALUE,
    CCPResult,
    CompetenceResult,
    CriterionResult,
    Feedback,
    Note,
    Override,
    Scoring,
)
from simulator.french.grammar import count_word, plural


def _seq_text(ev: Evidence) -> str:
    if not ev.seqs:
        return ""
    return f" (év. {', '.join(str(s) for s in ev.seqs)})"


def decide(evidence: Sequence[Evidence], scope: str) -> tuple[str, str, int, int, bool,
                                                               int | None]:
    """`(decision, justification, positive, negative, blocker, mastery)` for one criterion.

    `scope` ends the non-évalué sentence (« dans cette session », « dans ces sessions »).
    One pass over the evidence: this runs for every criterion of every session scored.
    """
    pos = neg = n_pos = n_neg = 0
    first: Evidence | None = None
    for e in evidence:
        weight = e.weight
        if weight > 0:
            pos += weight
            n_pos += 1
        elif weight < 0:
            neg -= weight
            n_neg += 1
        if first is None and e.blocker:
            first = e
    if first is not None:
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


def _count(n: int, adjective: str) -> str:
    return f"{n} preuve {adjective}" if n <= 1 else f"{n} preuves {adjective}s"


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


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def _competence(comp: Competence, results: list[CriterionResult]) -> CompetenceResult:
    evaluated = [r for r in results if r.decision != NON_EVALUE]
    failed = [r.id for r in evaluated if r.decision == NON_ACQUIS]
    acquired = sum(1 for r in results if r.decision == ACQUIS)
    if not evaluated:
        decision, why = NON_EVALUE, "Non évaluée : aucun critère observé."
    elif failed:
        decision = NON_ACQUIS
        what = count_word(len(failed), "critère non acquis", "critères non acquis")
        why = f"Non acquise : {what} : {', '.join(failed)}."
    else:
        decision = ACQUIS
        why = (f"Acquise : {plural(len(evaluated), 'critère évalué', 'critères évalués')}, "
               f"{count_word(len(evaluated), 'acquis', 'tous acquis')} ; "
               f"{plural(len(results) - len(evaluated), 'non évalué', 'non évalués')}."
               if len(evaluated) < len(results) else "Acquise : tous les critères sont acquis.")
    return CompetenceResult(comp.id, comp.title, decision, why,
                            _percent(acquired, len(results)), tuple(results))


def _ccp(ccp: CCP, comps: list[CompetenceResult]) -> CCPResult:
    failed = [c.id for c in comps if c.decision == NON_ACQUIS]
    missing = [c.id for c in comps if c.decision == NON_EVALUE]
    crits = [r for c in comps for r in c.criteria]
    mastery = _percent(sum(1 for r in crits if r.decision == ACQUIS), len(crits))
    if failed:
        decision = NON_ACQUIS
        what = count_word(len(failed), "compétence non acquise", "compétences non acquises")
        why = f"Non acquis : {what} : {', '.join(failed)}."
    elif not missing:
        decision, why = ACQUIS, "Acquis : toutes les compétences sont acquises."
    elif len(missing) == len(comps):
        decision, why = NON_EVALUE, "Non évalué : aucune compétence observée."
    else:
        decision = NON_EVALUE
        acquired_comps = len(comps) - len(missing)
        why = (f"Non évalué en entier : "
               f"{plural(acquired_comps, 'compétence acquise', 'compétences acquises')}, "
               f"{count_word(len(missing), 'non évaluée', 'non évaluées')} : "
               f"{', '.join(missing)}.")
    return CCPResult(ccp.id, ccp.title, decision, why, mastery, tuple(comps))


def _feedback(results: Iterable[CriterionResult]) -> tuple[Feedback, ...]:
    out: list[Feedback] = []
    for r in results:
        if r.decision != NON_ACQUIS:
            continue
        negatives = [e for e in r.evidence if e.weight < 0 or e.blocker]
        if negatives:
            observed = " ".join(
                e.justification + (f" (« {e.quote} »)" if e.quote else "") for e in negatives)
        elif r.override is not None:
            observed = f"Décision de l'évaluateur : {r.override.justification}"
        else:
            observed = "Les preuves observées ne suffisent pas."
        seqs = tuple(sorted({(e.session, s) for e in negatives for s in e.seqs}))
        out.append(Feedback(r.id, r.label, observed, r.observed, seqs))
    return tuple(out)


class _Unobserved:
    """The results of a referential's criteria, competences and CCPs when nothing at all
    was observed for them (no evidence, override or note), for one scope.

    Nine criteria out of ten of a session are in that case, and their results are then
    the same values: frozen, they are built once (by the rules themselves) and shared.
    Indexed like the referential: `criteria[ccp][competence][criterion]`.
    """

    def __init__(self, referential: Referential, scope: str) -> None:
        self.referential = referential          # kept alive: its id() keys the cache
        self.criteria = [[[_criterion(crit, [], None, (), scope) for crit in comp.criteria]
                          for comp in ccp.competences] for ccp in referential.ccps]
        self.competences = [[_competence(comp, crits)
                             for comp, crits in zip(ccp.competences, per_comp, strict=True)]
                            for ccp, per_comp in zip(referential.ccps, self.criteria,
                                                     strict=True)]
        self.ccps = [_ccp(ccp, comps)
                     for ccp, comps in zip(referential.ccps, self.competences, strict=True)]
        self.count = sum(len(crits) for per_comp in self.criteria for crits in per_comp)
        self.ids = [[frozenset(crit.id for crit in comp.criteria) for comp in ccp.competences]
                    for ccp in referential.ccps]
        self.ccp_ids = [frozenset().union(*per_comp) for per_comp in self.ids]


_UNOBSERVED: dict[tuple[int, str], _Unobserved] = {}
_UNOBSERVED_MAX = 64


def _unobserved(referential: Referential, scope: str) -> _Unobserved:
    found = _UNOBSERVED.get((id(referential), scope))
    if found is None or found.referential is not referential:
        if len(_UNOBSERVED) >= _UNOBSERVED_MAX:
            _UNOBSERVED.clear()
        found = _UNOBSERVED[id(referential), scope] = _Unobserved(referential, scope)
    return found


def build_scoring(referential: Referential, evidence: Iterable[Evidence],
                  overrides: dict[str, Override], notes: Sequence[Note],
                  scope: str) -> Scoring:
    """Decide every criterion of the referential and roll up to competences and CCPs.

    Only what was observed is decided here; the rest is the shared `_Unobserved` results.
    """
    per_crit: dict[str, list[Evidence]] = {}
    for ev in evidence:
        found = per_crit.get(ev.criterion)
        if found is None:
            per_crit[ev.criterion] = [ev]
        else:
            found.append(ev)
    per_note: dict[str | None, list[Note]] = {}
    for note in notes:
        per_note.setdefault(note.criterion, []).append(note)
    empty = _unobserved(referential, scope)
    touched = per_crit.keys() | overrides.keys() | per_note.keys()
    observed: list[CriterionResult] = []        # in the referential's order
    ccps: list[CCPResult] = []
    for i, ccp in enumerate(referential.ccps):
        if empty.ccp_ids[i].isdisjoint(touched):
            ccps.append(empty.ccps[i])
            continue
        comps: list[CompetenceResult] = []
        for j, comp in enumerate(ccp.competences):
            if empty.ids[i][j].isdisjoint(touched):
                comps.append(empty.competences[i][j])
                continue
            crits: list[CriterionResult] = []
            for k, crit in enumerate(comp.criteria):
                cid = crit.id
                if cid not in touched:
                    crits.append(empty.criteria[i][j][k])
                    continue
                found = per_crit.get(cid, [])
                if len(found) > 1:
                    found.sort(key=Evidence.sort_key)
                crit_notes = per_note.get(cid)
                result = _criterion(crit, found, overrides.get(cid),
                                    tuple(crit_notes) if crit_notes else (), scope)
                crits.append(result)
                observed.append(result)
            comps.append(_competence(comp, crits))
        ccps.append(_ccp(ccp, comps))
    mastery = _percent(sum(1 for r in observed if r.decision == ACQUIS), empty.count)
    return Scoring(tuple(ccps), _feedback(observed), mastery)
