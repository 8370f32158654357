"""Reading scenarios/GUIDE.md for the guide tests: fenced blocks, complete examples, files."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

GUIDE = Path(__file__).resolve().parent.parent / "scenarios" / "GUIDE.md"
TEXT = GUIDE.read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!--\s*(?P<marker>[^>]*?)\s*-->\s*\n)?```(?P<lang>\w*)\n(?P<body>.*?)```",
                   re.DOTALL)


def blocks() -> list[tuple[str, str, str]]:
    """(marker, language, body) of every fenced block, in order."""
    return [(m.group("marker") or "", m.group("lang"), m.group("body"))
            for m in BLOCK.finditer(TEXT)]


def complete_scenarios() -> list[str]:
    """Bodies of the yaml blocks marked `<!-- scenario-complet -->`."""
    return [body for marker, lang, body in blocks()
            if lang == "yaml" and marker == "scenario-complet"]


def example(scenario_id: str) -> str:
    """The complete example whose `id` is `scenario_id`."""
    for body in complete_scenarios():
        if yaml.safe_load(body)["id"] == scenario_id:
            return body
    raise KeyError(scenario_id)


def extra_files() -> dict[str, str]:
    """Files the complete examples need (fragments), marked `<!-- fichier: chemin -->`."""
    out = {}
    for marker, lang, body in blocks():
        if lang == "yaml" and marker.startswith("fichier:"):
            out[marker.split(":", 1)[1].strip()] = body
    return out


def write_extra_files(folder: Path) -> None:
    for rel, body in extra_files().items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")


def section(start: str, end: str) -> str:
    """Text between two `<!-- marker -->` comments."""
    return TEXT.split(f"<!-- {start} -->")[1].split(f"<!-- {end} -->")[0]
