"""Write a world snapshot as files (CSV or JSON) for `ntc territory generate`.

CSV: RFC 4180, comma-separated, UTF-8, one header line; booleans `oui`/`non`, missing values
empty, decimals with a dot, nested values as JSON. The ground truth of the injected faults
goes to its own file (`defauts`), so a trainer can hand out the file without it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

COLLECTION_FILES: tuple[str, ...] = (
    "entreprises", "contacts", "commandes", "factures", "visites", "defauts",
)


def canonical_json(value: Any) -> str:
    """Stable JSON text (sorted keys are NOT used: field order is part of the output)."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text of records (columns = keys in first-seen order)."""
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in columns])
    return buffer.getvalue()


def render_files(world: dict[str, Any], fmt: str) -> dict[str, str]:
    """File name -> content, for format `csv` or `json`."""
    files: dict[str, str] = {}
    if fmt == "json":
        for name in COLLECTION_FILES:
            files[f"{name}.json"] = canonical_json(world[name])
        files["marche.json"] = canonical_json(world["marche"])
        files["indicateurs.json"] = canonical_json(world["indicateurs"])
    else:
        for name in COLLECTION_FILES:
            files[f"{name}.csv"] = to_csv(world[name])
        files["marche_segments.csv"] = to_csv(world["marche"]["segments"])
        files["marche_concurrents.csv"] = to_csv(
            [*world["marche"]["concurrents"],
             {"nom": world["vendeur"]["nom"], "part": world["marche"]["part_vendeur"],
              "ca_estime": world["indicateurs"]["ca_total"],
              "positionnement": "Notre entreprise"}])
        files["indicateurs.csv"] = to_csv(
            [{"indicateur": k, "valeur": v} for k, v in world["indicateurs"].items()])
    files["monde.json"] = canonical_json(world)
    return files


def write_files(world: dict[str, Any], out: Path, fmt: str) -> list[Path]:
    """Write every file into `out` (created if needed); return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_files(world, fmt).items():
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
