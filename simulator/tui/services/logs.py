"""Session logs read back: transcript, scoring, HTML export, replay check, evaluator sidecar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.tui.services.errors import ServiceError
from simulator.tui.services.play import engine_clock


@dataclass
class LoadedLog:
    """A session log read back for the debrief or the replay."""

    path: Path
    header: dict[str, Any]
    events: list[dict[str, Any]]
    verified: bool
    signed: bool
    problems: list[str]


def read_session_log(path: Path) -> LoadedLog:
    """Read a log (never raises on its content); ServiceError when it has no header."""
    from simulator.log import read_log, signing_key

    try:
        result = read_log(path, signing_key())
    except Exception as exc:
        raise ServiceError(f"Journal illisible : {exc}") from exc
    if result.header is None:
        reason = result.errors[0] if result.errors else "en-tête absent"
        raise ServiceError(f"{path} n'est pas un journal de session lisible ({reason}).")
    from simulator.trust.ranges import first_problem

    bad = first_problem(result.header, result.events)
    if bad is not None:           # numbers no writer produces (t_ms = 10**4000…)
        raise ServiceError(f"{path} : journal altéré, refusé : {bad}.")
    return LoadedLog(path=Path(path), header=result.header, events=list(result.events),
                     verified=bool(result.verified), signed=bool(result.signed),
                     problems=list(result.problems))


def transcript_lines(events: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(speaker, text, seq) for every event that shows in the transcript."""
    from simulator.engine.transcript import line_for

    out: list[tuple[str, str, int]] = []
    after_free_text = False
    for event in events:
        line = line_for(event, after_free_text)
        after_free_text = event.get("type") == "free_text" or (
            event.get("type") == "understood" and after_free_text)
        if line is not None:
            out.append((line.speaker, line.text, line.seq))
    return out


def referential_label() -> str:
    """« Référentiel TP-00338, version … » for the grids the app shows."""
    from scoring import DEFAULT_REFERENTIAL, ReferentialError, load_referential

    try:
        ref = load_referential(DEFAULT_REFERENTIAL)
    except ReferentialError:
        return f"Référentiel {DEFAULT_REFERENTIAL}"
    return f"Référentiel {ref.id}, version {ref.version}"


def score_log(path: Path) -> Any:
    """SessionResult of one log (evaluator overrides included), or ServiceError."""
    from scoring import ScoringError, score_logs
    from simulator.log import signing_key
    from simulator.trust.bridge import make_auditor

    try:
        report = score_logs([path], key=signing_key(), auditor=make_auditor())
    except ScoringError as exc:
        raise ServiceError(str(exc)) from exc
    for trainee in report.trainees:
        for session in trainee.sessions:
            return session
    message = report.problems[0].message if report.problems else "journal non évaluable"
    raise ServiceError(message)


def export_html(path: Path) -> Path:
    """Write the printable grid next to the log; return its path."""
    from scoring import ScoringError, render_html, score_logs
    from simulator.log import signing_key
    from simulator.trust.bridge import make_auditor

    try:
        report = score_logs([path], key=signing_key(), auditor=make_auditor())
    except ScoringError as exc:
        raise ServiceError(str(exc)) from exc
    out = path.with_name(path.name.removesuffix(".jsonl") + ".grille.html")
    try:
        out.write_text(render_html(report), encoding="utf-8")
    except OSError as exc:
        raise ServiceError(f"Export impossible : {exc}") from exc
    return out


def verify_replay(path: Path) -> tuple[bool, str]:
    """Re-execute the session from its log, as `replay --verify`: (ok, French message).

    The message carries what the jury must read: signature, provenance, resumes.
    """
    try:
        from simulator.log import signing_key
        from simulator.trust.audit import audit_log

        audit = audit_log(path, signing_key())
    except Exception as exc:
        return False, f"Vérification impossible : {exc}"
    labels = [audit.message(), audit.signature_label,
              *(f.message for f in audit.flags if f.message != audit.signature_label)]
    return audit.status == 0, " ; ".join(labels)


def evaluator_notes(path: Path) -> list[dict[str, Any]]:
    """Notes and overrides already in the sidecar (event dicts), verified or not."""
    from simulator.log import read_sidecar, signing_key

    try:
        result = read_sidecar(path, signing_key())
    except Exception:
        return []
    return list(result.events)


def add_note(path: Path, seq: int, text: str, evaluator: str, clock: Any) -> None:
    from simulator.log import LogError, SidecarWriter, signing_key

    try:
        writer = SidecarWriter.open(path, signing_key(), clock=engine_clock(clock))
        try:
            writer.note(seq, text, evaluator)
        finally:
            writer.close()
    except LogError as exc:
        raise ServiceError(str(exc)) from exc


def add_override(path: Path, criterion: str, decision: str, justification: str,
                 evaluator: str, clock: Any) -> None:
    from simulator.log import LogError, SidecarWriter, signing_key

    try:
        writer = SidecarWriter.open(path, signing_key(), clock=engine_clock(clock))
        try:
            writer.override(criterion, decision, justification, evaluator)
        finally:
            writer.close()
    except LogError as exc:
        raise ServiceError(str(exc)) from exc
    refresh_records(path)


def refresh_records(path: Path) -> str | None:
    """Score the log again into the centre records (after an evaluator's override), so the
    livret and the cohort follow; the French reason when the records cannot be updated."""
    from simulator.centre import CentreError, CentreRecords
    from simulator.centre.ingest import LogRejected, ingest_log
    from simulator.log import LogError, signing_key

    try:
        with CentreRecords() as records:
            ingest_log(records, path, key=signing_key())
    except (CentreError, LogRejected, LogError) as exc:
        return str(exc)
    return None


def authorize_resume(path: Path, session: Any, evaluator: str, clock: Any) -> None:
    """Record the evaluator's agreement to the exam resume just made (evaluation file)."""
    from simulator.log import LogError, SidecarWriter, signing_key

    last = session.events[-1] if session.events else None
    if last is None or last.get("type") != "session_resumed":
        return
    try:
        writer = SidecarWriter.open(path, signing_key(), clock=engine_clock(clock))
        try:
            writer.authorize_resume(int(last["data"]["after_seq"]), evaluator)
        finally:
            writer.close()
    except LogError as exc:
        raise ServiceError(str(exc)) from exc
