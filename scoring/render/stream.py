"""Write a cohort's report as it is scored: memory flat in the number of logs.

CSV rows go out trainee by trainee. JSON and HTML put the problems before the trainees,
but problems are only all known at the end, so the trainees' part is spooled to a
temporary file and copied after them (the bytes equal `render_json` / `render_html`). The
terminal table shows a compact summary, one line per trainee, past `COMPACT_AT` logs: rich's
layout of thousands of grids costs far more than the scoring itself, and an evaluator reads
a cohort's summary first; `--detail` asks for every grid.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import tempfile
from typing import TextIO

from scoring.cohort import Cohort
from scoring.render.csv_out import csv_lines, header_line
from scoring.render.data import report_dict, trainee_dict
from scoring.render.html_out import EMPTY, HTML_END, html_head, trainee_html
from scoring.results import Report, TraineeResult

COMPACT_AT = 30


def emit(out: TextIO, chunk: str | bytes) -> None:
    """Write a report part: text, or the UTF-8 bytes of a kept one (`Cohort.rendered`),
    handed to the binary stream under a UTF-8 text stream without newline translation
    (decoding them only to encode them again costs more than the rest of a warm run)."""
    if isinstance(chunk, str):
        out.write(chunk)
        return
    buffer = getattr(out, "buffer", None)
    if buffer is not None and os.linesep == "\n" and _is_utf8(getattr(out, "encoding", None)):
        out.flush()
        buffer.write(chunk)
    else:
        out.write(chunk.decode("utf-8"))


def _is_utf8(encoding: object) -> bool:
    if not isinstance(encoding, str):
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _indent(text: str, prefix: str, first: bool) -> str:
    lines = text.split("\n")
    return "\n".join((prefix + line) if (i or first) else line for i, line in enumerate(lines))


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


def _json_trainee(trainee: TraineeResult) -> str:
    return _indent(_dump(trainee_dict(trainee)), "    ", True)


def write_json(cohort: Cohort, out: TextIO) -> None:
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape") as spool:
        count = 0
        for text in cohort.rendered("json", _json_trainee):
            spool.write(",\n" if count else "\n")
            emit(spool, text)
            count += 1
        empty = Report(cohort.info, (), tuple(cohort.problems))
        head = report_dict(empty)
        out.write("{\n")
        for key in ("problemes", "referentiel", "schema"):
            out.write(f'  "{key}": {_indent(_dump(head[key]), "  ", False)},\n')
        out.write('  "stagiaires": [')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]" if count else "]")
        out.write(f',\n  "statut": {cohort.status}\n}}\n')


def write_csv(cohort: Cohort, out: TextIO) -> None:
    out.write(header_line())
    ref_id = cohort.info.id
    for text in cohort.rendered("csv", lambda trainee: "".join(csv_lines(trainee, ref_id))):
        emit(out, text)


def write_html(cohort: Cohort, out: TextIO) -> None:
    context = Report(cohort.info, ())
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape") as spool:
        count = 0
        for text in cohort.rendered("html", lambda trainee: trainee_html(trainee, context)):
            if count:
                spool.write("\n")
            emit(spool, text)
            count += 1
        out.write(html_head(cohort.info.id, cohort.problems))
        if count:
            spool.seek(0)
            shutil.copyfileobj(spool, out)
        else:
            out.write(EMPTY)
        out.write(HTML_END)


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_WIDTHS = (28, 9, 13)
_HEADS = ("stagiaire", "sessions", "décidé sur")


def _summary_line(trainee: TraineeResult) -> str:
    """A trainee's line of the summary: sessions, what decided, CCPs, mastery, flags."""
    flags = sum(1 for s in trainee.sessions if s.warnings)
    row = [_cell(trainee.trainee, _WIDTHS[0]).ljust(_WIDTHS[0]),
           str(len(trainee.sessions)).ljust(_WIDTHS[1]),
           ("examen" if trainee.combined_mode == "examen" else "entraînement"
            ).ljust(_WIDTHS[2])]
    row += [c.decision.ljust(11) for c in trainee.combined.ccps]
    row.append(f"{trainee.combined.mastery} %".ljust(8))
    plural = "s" if flags > 1 else ""
    row.append(f"{flags} session{plural} signalée{plural}" if flags else "—")
    return "  ".join(row) + "\n"


def write_summary(cohort: Cohort, out: TextIO) -> None:
    """One line per trainee: sessions, what decided, each CCP's decision, mastery, flags."""
    ref = cohort.info
    out.write(f"Synthèse de cohorte — référentiel {ref.id} ({ref.version}) : "
              f"{len(cohort)} journaux.\n{ref.warning}\n"
              "Grille détaillée de chaque stagiaire : ntc score … --detail (ou --format "
              "html).\n\n")
    shown = 0
    for line in cohort.rendered("synthese", _summary_line):
        if not shown:
            ccp_ids = [c.id for c in cohort.referential.ccps]
            out.write("  ".join(h.ljust(w) for h, w in zip(_HEADS, _WIDTHS, strict=True)))
            out.write("  " + "  ".join(c.ljust(11) for c in ccp_ids) +
                      "  maîtrise  avertissements\n")
        emit(out, line)
        shown += 1
    if not shown:
        out.write("Aucune session évaluée.\n")
    out.write(f"\n{shown} stagiaire{'s' if shown > 1 else ''}, "
              f"{cohort.sessions_scored} session{'s' if cohort.sessions_scored > 1 else ''} "
              "évaluée" + ("s" if cohort.sessions_scored > 1 else "") + ".\n")
    if cohort.problems:
        out.write("\nJournaux refusés ou signalés :\n")
        for p in cohort.problems:
            out.write(f"  {'refusé' if p.refused else 'attention'} : {p.message}\n")


def write_report(cohort: Cohort, fmt: str, out: TextIO, *, color: bool = False,
                 detail: bool = False) -> None:
    """Write the cohort's report in `fmt` to `out` as it is scored."""
    if fmt == "json":
        write_json(cohort, out)
    elif fmt == "csv":
        write_csv(cohort, out)
    elif fmt == "html":
        write_html(cohort, out)
    elif detail or len(cohort) <= COMPACT_AT:
        from scoring.render.table import render_table  # rich: only for the detailed grids

        trainees = tuple(cohort.trainees())
        if not trainees:
            return           # nothing scored: the command says so on stderr
        out.write(render_table(Report(cohort.info, trainees, tuple(cohort.problems)),
                               color=color))
    else:
        write_summary(cohort, out)
