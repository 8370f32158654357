"""The scenario guide (scenarios/GUIDE.md) stays true: its complete examples validate and
pass their own test plans, and it documents every key, act, criterion and world field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from guide_support import (
    GUIDE,
    TEXT,
    blocks,
    complete_scenarios,
    extra_files,
    section,
    write_extra_files,
)


def write_examples(folder: Path) -> list[Path]:
    write_extra_files(folder)
    paths = []
    for i, body in enumerate(complete_scenarios(), start=1):
        path = folder / f"exemple-{i}.yaml"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def test_guide_has_complete_examples() -> None:
    assert len(complete_scenarios()) >= 4
    assert "fragments/conclusion-rdv.yaml" in extra_files()


def test_every_yaml_block_is_valid_yaml() -> None:
    for _marker, lang, body in blocks():
        if lang == "yaml":
            yaml.safe_load(body)   # raises on a broken example


def _validate():  # type: ignore[no-untyped-def]
    try:
        from simulator.scenario import validate
    except ImportError:  # pragma: no cover - only while the loader is being written
        pytest.skip("simulator.scenario.validate n'existe pas encore")
    return validate


def test_complete_examples_validate_without_any_problem(tmp_path: Path) -> None:
    validate = _validate()
    for path in write_examples(tmp_path):
        problems = [str(p) for p in validate(path)]
        assert problems == [], f"{path.name} : {problems}"


def test_complete_examples_pass_their_test_plans(tmp_path: Path) -> None:
    from simulator.authoring.testplans import run_plans_graded as run_plans
    from simulator.scenario import load_scenario

    for path in write_examples(tmp_path):
        scenario = load_scenario(path)
        assert scenario.tests, f"{path.name} : aucun plan de test"
        failures = [f"{r.name} : {r.reason}" for r in run_plans(scenario) if not r.ok]
        assert failures == [], f"{scenario.id} : {failures}"


def test_broken_example_is_reported(tmp_path: Path) -> None:
    """The validation above can fail: a broken copy of an example is reported."""
    validate = _validate()
    write_examples(tmp_path)
    body = complete_scenarios()[0].replace("debut: accueil", "debut: acceuil")
    path = tmp_path / "casse.yaml"
    path.write_text(body, encoding="utf-8")
    assert any("acceuil" in str(p) for p in validate(path))


def documented(word: str) -> bool:
    return f"`{word}`" in TEXT or re.search(rf"`[^`\n]*\b{re.escape(word)}\b[^`\n]*`", TEXT) \
        is not None


def test_every_key_the_loader_accepts_is_documented() -> None:
    """Every word in the loader's vocabularies (upper-case tuples of keys) is in the guide."""
    from simulator.scenario import loader

    names: set[str] = set()
    for attr, value in vars(loader).items():
        if attr.isupper() and isinstance(value, tuple) and all(isinstance(v, str)
                                                                 for v in value):
            names |= set(value)
        elif attr == "KIND_FIELDS":
            for fields in value.values():
                names |= set(fields)
    assert len(names) > 50
    missing = sorted(n for n in names if not documented(n))
    assert missing == []


def test_every_speech_act_and_soncas_motive_is_explained() -> None:
    from simulator.scenario.model import NODE_KINDS, OUTCOMES, SONCAS, SPEAKERS, SPEECH_ACTS

    for word in sorted(SPEECH_ACTS):
        assert re.search(rf"^\| `{word}` \| \w", TEXT, re.MULTILINE), word
    for word in (*SONCAS, *SPEAKERS, *OUTCOMES, *NODE_KINDS):
        assert documented(word), word


def test_every_criterion_of_the_referential_is_listed_with_its_label() -> None:
    ref = yaml.safe_load((GUIDE.parent.parent / "scoring" / "referentiels" / "TP-00338.yaml")
                         .read_text(encoding="utf-8"))
    for ccp in ref["ccp"]:
        for comp in ccp["competences"]:
            for crit in comp["criteres"]:
                assert f"| `{crit['id']}` | {crit['libelle']} |" in TEXT, crit["id"]


def test_every_world_field_is_listed_for_its_root() -> None:
    from simulator.world.schema import FIELDS

    table = section("champs-du-monde:debut", "champs-du-monde:fin")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `(\w+)` \|.*$", table, re.MULTILINE)}
    assert set(rows) == set(FIELDS)
    for root, fields in FIELDS.items():
        row = rows[root].split("|")[3]
        same = re.search(r"mêmes champs que `(\w+)`", row)
        if same:
            assert FIELDS[same.group(1)] == fields, root
            continue
        listed = set(re.findall(r"`(\w+)`", row))
        assert listed == set(fields), f"{root} : manquants {sorted(set(fields) - listed)}, " \
                                      f"en trop {sorted(listed - set(fields))}"


def test_expression_functions_are_documented() -> None:
    from simulator.scenario.expressions import FUNCTION_NAMES

    for func in FUNCTION_NAMES:
        assert f"`{func}(" in TEXT, func


def test_example_ids_do_not_clash_with_shipped_scenarios() -> None:
    from simulator.scenario import shipped_scenarios

    shipped = {p.stem for p in shipped_scenarios()}
    for body in complete_scenarios():
        ident = yaml.safe_load(body)["id"]
        assert ident not in shipped, ident
