"""Renderers of a Report: terminal table, JSON (`ntc-score/1`), CSV, printable HTML."""

from __future__ import annotations

import json

from scoring.render.csv_out import render_csv
from scoring.render.data import report_dict
from scoring.render.html_out import render_html
from scoring.results import Report

FORMATS = ("table", "json", "csv", "html")


def render_table(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """The terminal table (`scoring.render.table`, imported on use: rich is heavy and a
    cohort's CSV or summary never needs it)."""
    from scoring.render.table import render_table as table

    return table(report, color=color) if width is None else table(report, color=color,
                                                                   width=width)


def render_json(report: Report) -> str:
    """Stable JSON: sorted keys, 2-space indent, UTF-8 kept, final newline."""
    return json.dumps(report_dict(report), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    """Render in one of FORMATS."""
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        return render_html(report)
    return render_table(report, color=color)


__all__ = ["FORMATS", "render", "render_csv", "render_html", "render_json", "render_table"]
