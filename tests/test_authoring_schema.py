"""The JSON Schema for editors: every shipped scenario validates, mistakes do not, every
field is described in French, and the enumerations follow the language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from guide_support import complete_scenarios

from simulator.authoring.schema import scenario_schema
from simulator.cli.main import main
from simulator.scenario.library import scenarios_dir
from simulator.scenario.model import NODE_KINDS, SPEECH_ACTS

SCHEMA = scenario_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
FILES = sorted(scenarios_dir().glob("*.yaml")) + sorted(scenarios_dir().glob("fragments/*.yaml"))


def test_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_shipped_file_validates(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []


def test_guide_examples_validate() -> None:
    for body in complete_scenarios():
        assert list(VALIDATOR.iter_errors(yaml.safe_load(body))) == []


def _base() -> dict[str, Any]:
    path = scenarios_dir() / "prospection-telephonique.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("mutate", [
    lambda d: d["noeuds"]["standard"].__setitem__("choic", d["noeuds"]["standard"]["choix"]),
    lambda d: d["noeuds"]["standard"]["choix"][0].__setitem__("actes", ["reformuler"]),
    lambda d: d["noeuds"]["standard"].__setitem__("type", "dialog"),
    lambda d: d["noeuds"]["fin_rdv_confirme"].__setitem__("choix", []),
    lambda d: d["noeuds"]["standard"]["choix"][0]["preuves"][0].__setitem__("critere", "C9.9"),
    lambda d: d["tests"][0]["attendu"].__setitem__("criteres", {"C1.2": "acqui"}),
    lambda d: d.__setitem__("difficulte", "facil"),
], ids=["champ-inconnu", "acte-inconnu", "type-inconnu", "champ-non-permis",
        "critere-inconnu", "decision-inconnue", "valeur-inconnue"])
def test_mistakes_are_rejected(mutate: Any) -> None:
    data = _base()
    assert list(VALIDATOR.iter_errors(data)) == []
    mutate(data)
    assert list(VALIDATOR.iter_errors(data)) != []


def _properties(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        yield from (node.get("properties") or {}).items()
        for key, value in node.items():
            if key != "if":            # conditions name fields, they do not define them
                yield from _properties(value)
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item)


def test_every_field_has_a_french_description() -> None:
    from simulator.authoring.schema import MISSING

    assert set() == MISSING, "description française manquante dans schema.DOCS"
    props = list(_properties(SCHEMA))
    assert len(props) > 100
    missing = sorted({name for name, sub in props if not sub.get("description")})
    assert missing == []


def test_enumerations_follow_the_language() -> None:
    text = json.dumps(SCHEMA, ensure_ascii=False)
    node = SCHEMA["definitions"]["noeud"]["properties"]
    assert node["type"]["enum"] == list(NODE_KINDS)
    assert all(f'"{act}"' in text for act in SPEECH_ACTS)
    assert '"C3.4"' in text and '"C7.1"' in text


def test_cli_writes_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(SCHEMA))
    target = tmp_path / ".vscode" / "ntc.schema.json"
    assert main(["scenarios", "schema", "--sortie", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == printed
