"""Terminal rendering with rich: one grid per trainee (all sessions combined) + feedback."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scoring.render.data import signature_label
from scoring.render.dates import short_datetime
from scoring.render.labels import duration, evidence_line, outcome, session_labels
from scoring.results import ACQUIS, NON_ACQUIS, NON_EVALUE, Report, Scoring, TraineeResult

STYLES = {ACQUIS: "bold green", NON_ACQUIS: "bold red"}
WIDTH = 140


def _decision(decision: str, computed: str | None = None) -> Text:
    text = Text(decision, style=STYLES.get(decision, "dim"))
    if computed is not None and computed != decision:
        text.append(f"\n(calculé : {computed})", style="italic")
    return text


def _sessions(trainee: TraineeResult, labels: dict[str, str]) -> Table:
    table = Table(title=f"Sessions — {trainee.trainee}", title_justify="left", expand=True)
    for col in ("", "session", "scénario", "mode", "début", "issue", "durée", "contrôle",
                "avertissements"):
        table.add_column(col)
    for s in trainee.sessions:
        scen = f"{s.scenario_id} {s.scenario_version}"
        if s.provenance and s.provenance != "livré":
            scen += f" (scénario {s.provenance})"
        check = ("rejoué, vérifié" if s.verified and s.reexecuted
                 else "vérifié" if s.verified else "non vérifié")
        table.add_row(labels[s.session], f"{s.session}\n{s.path}", scen,
                      "examen" if s.mode == "examen" else "entraînement",
                      short_datetime(s.started_at), outcome(s.outcome),
                      duration(s.duration_ms), f"{check}\n{s.signature or signature_label(s)}",
                      Text("\n".join(s.warnings) or "—",
                           style="yellow" if s.warnings else ""))
    return table


def _grid(scoring: Scoring, title: str, labels: dict[str, str]) -> Table:
    table = Table(title=title, title_justify="left", expand=True, show_lines=True)
    table.add_column("critère", no_wrap=True)
    table.add_column("libellé", ratio=3)
    table.add_column("décision", no_wrap=True)
    table.add_column("preuves et justification", ratio=5)
    for ccp in scoring.ccps:
        table.add_row(Text(ccp.id, style="bold"), Text(ccp.title, style="bold"),
                      _decision(ccp.decision), f"{ccp.justification} Maîtrise {ccp.mastery} %.")
        for comp in ccp.competences:
            table.add_row(Text(comp.id, style="bold"), Text(comp.title, style="italic"),
                          _decision(comp.decision), comp.justification)
            if comp.decision == NON_EVALUE and not any(c.notes for c in comp.criteria):
                continue          # a competence not assessed: its criteria add nothing
            for crit in comp.criteria:
                lines = [crit.justification]
                lines += [f"• {evidence_line(ev, labels)}" for ev in crit.evidence]
                lines += [f"✎ {n.evaluator} : {n.text}" for n in crit.notes]
                table.add_row(crit.id, crit.label, _decision(crit.decision, crit.computed),
                              "\n".join(lines))
    return table


def _feedback(scoring: Scoring) -> Table | Text:
    if not scoring.feedback:
        return Text("Retours : aucun critère non acquis.", style="green")
    table = Table(title="Retours pour le stagiaire", title_justify="left", expand=True)
    table.add_column("critère", no_wrap=True)
    table.add_column("ce qui a été observé", ratio=1)
    table.add_column("ce qui est attendu", ratio=1)
    for f in scoring.feedback:
        table.add_row(f.criterion, f.observed, f.expected)
    return table


def render_table(report: Report, *, color: bool = False, width: int = WIDTH) -> str:
    """The report as terminal text (ANSI colours only when `color`)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False,
                      emoji=False, legacy_windows=False)
    ref = report.referential
    console.print(Text(f"Référentiel {ref.id} ({ref.version}) — {ref.title}", style="bold"))
    if ref.warning:
        console.print(Text(ref.warning, style="italic"))
    for problem in report.problems:
        style = "bold red" if problem.refused else "yellow"
        console.print(Text(f"{'REFUSÉ' if problem.refused else 'ATTENTION'} : "
                           f"{problem.message}", style=style))
    for trainee in report.trainees:
        labels = session_labels(trainee.sessions)
        console.print()
        console.print(_sessions(trainee, labels))
        for s in trainee.sessions:
            for note in s.notes:
                console.print(f"✎ {labels[s.session]} {note.evaluator} : {note.text}")
        scope = "toutes sessions" if len(trainee.sessions) > 1 else "session"
        nature = ("sessions d'examen" if trainee.combined_mode == "examen"
                  else "entraînement")
        console.print(_grid(trainee.combined,
                            f"{trainee.trainee} — grille ({scope}, {nature}), maîtrise "
                            f"{trainee.combined.mastery} %", labels))
        console.print(_feedback(trainee.combined))
        if trainee.progress is not None:
            console.print(Text(f"Progression à l'entraînement (ne décide rien) : maîtrise "
                               f"{trainee.progress.mastery} %", style="dim"))
    if not report.trainees:
        console.print(Text("Aucune session évaluée.", style="bold red"))
    return buf.getvalue()
