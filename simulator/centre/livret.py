"""The livret de certification: what a trainee acquired, when, and by which sessions.

Rules (capitalisation): a competence is acquired on the date of the first session whose
scoring (evaluator overrides applied) acquired it, and stays acquired; a CCP is acquired
when all its competences are, on the date of the last of them. The first CCP acquired opens
a five-year window; the title is obtained when every CCP is acquired within it. Until then
a CCP is « en cours » (some competences acquired or assessed) or « non évalué »; a
competence that sessions assessed without acquiring it is « non acquis ».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scoring import ACQUIS, NON_ACQUIS, NON_EVALUE, Referential, load_referential
from simulator.centre.errors import CentreError
from simulator.centre.records import CentreRecords, Decision, SessionRow, trainee_key

EN_COURS = "en cours"
WINDOW_YEARS = 5


def add_years(day: date, years: int) -> date:
    """Same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _day(iso: str) -> str:
    return iso[:10]


@dataclass(frozen=True)
class Outcome:
    """Decisions of one trainee, as stored in the records."""

    decisions: tuple[Decision, ...]
    first_ccp_on: str | None
    deadline: str | None
    title_on: str | None


def decide(referential: Referential,
           sessions: Sequence[tuple[str, str, dict[str, str]]]) -> Outcome:
    """Apply the capitalisation rules to (session id, ISO date, {item: decision}), any order."""
    ordered = sorted(sessions, key=lambda s: (s[1], s[0]))
    out: list[Decision] = []
    ccp_dates: list[str] = []
    for ccp in referential.ccps:
        comps: list[Decision] = []
        for comp in ccp.competences:
            acquired = [(d, sid) for sid, d, items in ordered if items.get(comp.id) == ACQUIS]
            failed = [(d, sid) for sid, d, items in ordered if items.get(comp.id) == NON_ACQUIS]
            if acquired:
                when, sid = acquired[0]
                comps.append(Decision(comp.id, "competence", ACQUIS, _day(when), (sid,), ""))
            elif failed:
                when, sid = failed[-1]
                detail = f"{len(failed)} séance" + ("s" if len(failed) > 1 else "")
                comps.append(Decision(comp.id, "competence", NON_ACQUIS, None, (sid,), detail))
            else:
                comps.append(Decision(comp.id, "competence", NON_EVALUE, None, (), ""))
        done = [c for c in comps if c.status == ACQUIS]
        detail = f"{len(done)}/{len(comps)} compétences acquises"
        if comps and len(done) == len(comps):
            when = max(c.decided_on or "" for c in comps)
            deciding = tuple(sorted({s for c in comps for s in c.sessions}))
            out.append(Decision(ccp.id, "ccp", ACQUIS, when, deciding, detail))
            ccp_dates.append(when)
        elif any(c.status != NON_EVALUE for c in comps):
            out.append(Decision(ccp.id, "ccp", EN_COURS, None, (), detail))
        else:
            out.append(Decision(ccp.id, "ccp", NON_EVALUE, None, (), detail))
        out.extend(comps)
    first = min(ccp_dates) if ccp_dates else None
    deadline = add_years(date.fromisoformat(first), WINDOW_YEARS).isoformat() if first else None
    title = None
    if ccp_dates and len(ccp_dates) == len(referential.ccps) and deadline is not None:
        last = max(ccp_dates)
        title = last if last <= deadline else None
    return Outcome(tuple(out), first, deadline, title)


def recompute(records: CentreRecords, trainee_id: int, referential_id: str) -> Outcome:
    """Decide again from the trainee's scored sessions and store the result."""
    referential = _referential(referential_id)
    outcome = decide(referential, records.scored_sessions(trainee_id))
    records.save_decisions(trainee_id, referential.id, outcome.decisions, outcome.first_ccp_on,
                           outcome.deadline, outcome.title_on)
    return outcome


def _referential(referential_id: str) -> Referential:
    try:
        return load_referential(referential_id)
    except Exception as exc:   # ReferentialError: French already
        raise CentreError(str(exc), "config") from None


@dataclass(frozen=True)
class Livret:
    trainee: str
    referential: Referential
    decisions: dict[str, Decision]
    first_ccp_on: str | None
    deadline: str | None
    title_on: str | None
    sessions: tuple[SessionRow, ...]


def load_livret(records: CentreRecords, name: str,
                referential_id: str = "TP-00338") -> Livret:
    """The livret of the trainee called `name` (accents and case ignored)."""
    found = records.find_trainee(name)
    if found is None:
        raise CentreError(unknown_trainee_message(records, name), "unknown_trainee")
    trainee_id, shown = found
    decisions = {d.item: d for d in records.decisions(trainee_id)}
    first, deadline, title = records.livret_dates(trainee_id)
    return Livret(shown, _referential(referential_id), decisions, first, deadline, title,
                  tuple(records.sessions(trainee_id)))


def unknown_trainee_message(records: CentreRecords, name: str) -> str:
    """« stagiaire inconnu … » with the closest names known to the records."""
    import difflib

    names = [n for _, n in records.trainees()]
    keys = {trainee_key(n): n for n in names}
    wanted = trainee_key(name)
    close = [keys[k] for k in difflib.get_close_matches(wanted, list(keys), n=3, cutoff=0.6)]
    close += [n for k, n in keys.items() if wanted and wanted in k and n not in close]
    if close:
        listed = ", ".join(f"« {n} »" for n in close[:3])
        return (f"stagiaire inconnu du registre du centre : « {name} » (vouliez-vous dire "
                f"{listed} ?)")
    if not names:
        return (f"stagiaire inconnu du registre du centre : « {name} » (le registre est vide ; "
                "« ntc livret import JOURNAL… » y ajoute des séances)")
    return (f"stagiaire inconnu du registre du centre : « {name} » (« ntc livret » liste les "
            "stagiaires)")
