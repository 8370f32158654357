"""What scoring produces: per criterion, competence, CCP, session, trainee, and the report.

Plain frozen dataclasses, sorted at construction time, so every renderer walks the same
order and the output is a pure function of the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.evidence import Evidence

ACQUIS = "acquis"
NON_ACQUIS = "non acquis"
NON_EVALUE = "non évalué"
DECISIONS: tuple[str, ...] = (ACQUIS, NON_ACQUIS, NON_EVALUE)
SCHEMA = "ntc-score/1"


@dataclass(frozen=True)
class Override:
    """An evaluator's decision replacing the computed one (from the `.eval.jsonl` sidecar)."""

    criterion: str
    decision: str
    justification: str
    evaluator: str
    seq: int
    session: str = ""


@dataclass(frozen=True)
class Note:
    """A free note of the evaluator, optionally about one criterion."""

    text: str
    evaluator: str
    seq: int
    criterion: str | None = None
    session: str = ""


@dataclass(frozen=True)
class CriterionResult:
    id: str
    label: str
    observed: str
    decision: str                      # final decision (after the override, if any)
    computed: str                      # decision from the evidence alone
    justification: str
    evidence: tuple[Evidence, ...]
    positive: int
    negative: int
    blocker: bool
    mastery: int | None
    override: Override | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class CompetenceResult:
    id: str
    title: str
    decision: str
    justification: str
    mastery: int
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True)
class CCPResult:
    id: str
    title: str
    decision: str
    justification: str
    mastery: int
    competences: tuple[CompetenceResult, ...]


@dataclass(frozen=True)
class Feedback:
    """For a criterion not acquired: what was observed and what was expected."""

    criterion: str
    label: str
    observed: str
    expected: str
    seqs: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Scoring:
    """Decisions over a set of evidence (one session, or all sessions of a trainee)."""

    ccps: tuple[CCPResult, ...]
    feedback: tuple[Feedback, ...]
    mastery: int

    def criteria(self) -> list[CriterionResult]:
        return [c for p in self.ccps for comp in p.competences for c in comp.criteria]


@dataclass(frozen=True)
class SessionResult:
    session: str                       # session id (or file name when missing)
    path: str
    trainee: str
    scenario_id: str
    scenario_version: str
    scenario_title: str
    mode: str
    seed: int | None
    started_at: str
    outcome: str | None
    duration_ms: int
    events: int
    verified: bool
    signed: bool
    warnings: tuple[str, ...]
    scoring: Scoring
    notes: tuple[Note, ...] = ()
    unmapped: tuple[str, ...] = ()     # criteria of the evidence with no place in the referential
    signature_checked: bool = False    # signed and its HMAC verified with the centre's key
    reexecuted: bool = False           # the engine re-derived every event before scoring
    provenance: str = ""               # « livré », « local », « modifié » ("" unknown)
    signature: str = ""                # French signature status shown with the decisions
    resumes: tuple[str, ...] = ()      # « séance reprise … » (where, when, who allowed it)
    limits: tuple[str, ...] = ()       # what the checks cannot establish, stated in words


@dataclass(frozen=True)
class TraineeResult:
    """A trainee's sessions and their decisions.

    Exam and training sessions are never mixed: `combined` decides from the exam sessions
    when there are any (`combined_mode` « examen »), else from training sessions;
    `progress` holds the training sessions' combination when exam sessions decide.
    """

    trainee: str
    sessions: tuple[SessionResult, ...]
    combined: Scoring
    combined_mode: str = "entrainement"
    progress: Scoring | None = None


@dataclass(frozen=True)
class Problem:
    """A log that could not be scored (`refuse`) or was scored with a flag (`avertissement`)."""

    path: str
    message: str
    refused: bool


@dataclass(frozen=True)
class ReferentialInfo:
    id: str
    title: str
    version: str
    warning: str


@dataclass(frozen=True)
class Report:
    referential: ReferentialInfo
    trainees: tuple[TraineeResult, ...]
    problems: tuple[Problem, ...] = field(default=())
    schema: str = SCHEMA

    @property
    def status(self) -> int:
        """Exit status: 1 when a log was refused or flagged, else 0."""
        return 1 if self.problems else 0
