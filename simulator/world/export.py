"""Write a world snapshot as files (CSV or JSON) for `ntc territory generate`.

CSV: RFC 4180, comma-separated, UTF-8, one header line; booleans `oui`/`non`, missing values
empty, decimals with a dot, nested values as JSON. The ground truth of the injected faults
goes to its own file (`defauts`), so a trainer can hand out the file without it.

Files are streamed record by record (nothing is built whole in memory: a 100,000-company
territory is ~300 MB of text). JSON is compact by default, one record per line inside
each list (still one JSON value per file, and easy to diff or grep); `indent=N` gives the
same text as `json.dumps(value, indent=N)`. Field order is part of the output (no sorted
keys); the same world always gives the same bytes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from simulator.world.record import Company

COLLECTION_FILES: tuple[str, ...] = (
    "entreprises", "contacts", "commandes", "factures", "visites", "defauts",
)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _refuse(value: Any) -> Any:
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# One C encoder built once: `JSONEncoder.encode` builds a new one per call, a quarter of the
# time of encoding a small record (there are hundreds of thousands of them).
_MAKE = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODER = None if _MAKE is None else _MAKE(
    None, _refuse, json.encoder.encode_basestring, None, ":", ",", False, False, True)


def _compact(value: Any) -> str:
    if _C_ENCODER is None or isinstance(value, str):   # pragma: no cover - pure Python json
        return _ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def json_chunks(value: Any, indent: int | None = None) -> Iterator[str]:
    """The JSON text of `value` in pieces: lists and dicts of the top two levels are opened
    item by item (each item encoded at C speed when compact)."""
    yield from _chunks(value, indent, 0, depth=2)
    yield "\n"


def _chunks(value: Any, indent: int | None, level: int, depth: int) -> Iterator[str]:
    if isinstance(value, Company):      # built here, one at a time (record.py)
        value = value.as_dict()
    if (depth == 0 or not isinstance(value, (list, dict)) or not value
            or (isinstance(value, list) and not isinstance(value[0], (list, dict, Company)))):
        yield _encode(value, indent, level)
        return
    opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
    items: Iterable[tuple[str | None, Any]] = (
        ((None, v) for v in value) if isinstance(value, list) else value.items())
    if indent is None:
        inner_sep, key_sep, end = ("\n" if isinstance(value, list) else ""), ":", ""
    else:
        inner_sep, key_sep = "\n" + " " * (indent * (level + 1)), ": "
        end = "\n" + " " * (indent * level)
    yield opening
    for index, (key, item) in enumerate(items):
        yield ("," if index else "") + inner_sep
        if key is not None:
            yield _compact(key) + key_sep
        yield from _chunks(item, indent, level + 1, depth - 1)
    yield (end if indent is not None else ("\n" if isinstance(value, list) else "")) + closing


def _encode(value: Any, indent: int | None, level: int) -> str:
    if indent is None:
        return _compact(value)
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if level and "\n" in text:
        text = text.replace("\n", "\n" + " " * (indent * level))
    return text


def canonical_json(value: Any, indent: int | None = None) -> str:
    """The whole JSON text of a file (what `write_files` streams)."""
    return "".join(json_chunks(value, indent))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key)
    return list(seen)


def write_csv(rows: Sequence[Mapping[str, Any]], out: IO[str]) -> None:
    """CSV of records (columns = keys in first-seen order), written row by row."""
    columns = _columns(rows)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, Company):
            row = row.as_dict()
        writer.writerow([_cell(row.get(key)) for key in columns])


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV text of records (small tables and tests)."""
    import io

    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def _writers(world: dict[str, Any], fmt: str, indent: int | None
             ) -> list[tuple[str, Callable[[IO[str]], None]]]:
    """(file name, function writing its content), in the order files are written."""
    def as_json(value: Any) -> Callable[[IO[str]], None]:
        return lambda out: out.writelines(json_chunks(value, indent))

    def as_csv(rows: Sequence[Mapping[str, Any]]) -> Callable[[IO[str]], None]:
        return lambda out: write_csv(rows, out)

    files: list[tuple[str, Callable[[IO[str]], None]]] = []
    if fmt == "json":
        files += [(f"{name}.json", as_json(world[name])) for name in COLLECTION_FILES]
        files += [("marche.json", as_json(world["marche"])),
                  ("indicateurs.json", as_json(world["indicateurs"]))]
    else:
        files += [(f"{name}.csv", as_csv(world[name])) for name in COLLECTION_FILES]
        market, seller, ind = world["marche"], world["vendeur"], world["indicateurs"]
        files += [
            ("marche_segments.csv", as_csv(market["segments"])),
            ("marche_concurrents.csv", as_csv(
                [*market["concurrents"],
                 {"nom": seller["nom"], "part": market["part_vendeur"],
                  "ca_estime": ind["ca_total"], "positionnement": "Notre entreprise"}])),
            ("indicateurs.csv", as_csv([{"indicateur": k, "valeur": v}
                                        for k, v in ind.items()])),
        ]
    files.append(("monde.json", as_json(world)))
    return files


def render_files(world: dict[str, Any], fmt: str, indent: int | None = None
                 ) -> dict[str, str]:
    """File name -> content, for format `csv` or `json` (in memory: small worlds, tests)."""
    import io

    out: dict[str, str] = {}
    for name, write in _writers(world, fmt, indent):
        buffer = io.StringIO()
        write(buffer)
        out[name] = buffer.getvalue()
    return out


def write_files(world: dict[str, Any], out: Path, fmt: str, *,
                indent: int | None = None) -> list[Path]:
    """Stream every file into `out` (created if needed); return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, write in _writers(world, fmt, indent):
        path = out / name
        with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as stream:
            write(stream)
        written.append(path)
    return written
