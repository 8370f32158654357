"""Loader: positions, fragments, typed values, YAML 1.1 traps, canonical hash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.scenario import ScenarioInvalid, load_scenario, validate
from simulator.scenario.fields import Reader
from simulator.scenario.yamlsource import YamlFailure, compose_text

VALID = Path(__file__).parent / "data" / "valid"
MINI = VALID / "mini.yaml"


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_files_have_no_problem_at_all(path: Path) -> None:
    assert [str(p) for p in validate(path)] == []


def test_mini_model() -> None:
    sc = load_scenario(MINI)
    assert sc.id == "mini" and sc.version == "1.0" and sc.duration_min == 90
    assert sc.start == "accueil" and sc.seller == "air-comprime"
    assert sc.variables["rdv_pris"].initial is False
    assert sc.variables["budget"].initial == 1.5
    assert sc.timer is not None and sc.timer.limit_ms == 90 * 60_000
    assert sc.timer.modes == ("examen",)
    accueil = sc.nodes["accueil"]
    assert accueil.speaker == "barrage"
    assert accueil.variants is not None and accueil.variants.mode == "sequence"
    croc = accueil.choices[0]
    assert croc.once is True and croc.acts == ("salutation", "presentation", "raison_appel")
    assert croc.evidence[0].criterion == "C1.2" and croc.evidence[0].weight == 1
    assert croc.next is not None and croc.next.target == "decideur"
    # positions are 1-based; quoted scalars point after the quote
    assert (croc.pos.line, croc.pos.col) == (51, 9)
    assert croc.condition is not None
    assert (croc.condition.pos.line, croc.condition.pos.col) == (53, 21)
    brusque = accueil.choices[1].next
    assert brusque is not None and [b.target for b in brusque.branches] == ["echec", "decideur"]
    decideur = sc.nodes["decideur"]
    assert decideur.choices[0].next is not None
    assert decideur.choices[0].next.draw == ("obj_doc", "obj_fournisseur")
    assert decideur.choices[0].next.otherwise == "decouverte"
    assert [w.weight for w in decideur.choices[1].next.random] == [2.0, 1.0]  # type: ignore[union-attr]
    nego = sc.nodes["nego"]
    assert nego.client is not None and nego.client.tactic == "boulware"
    assert nego.on_agreement == "bilan" and nego.on_break == "echec" and nego.quantity == 2
    ca = sc.nodes["bilan"].fields[0]
    assert ca.tolerance == pytest.approx(0.01) and ca.tolerance_relative
    assert sc.tests[0].steps[5].action == "accepter" and sc.tests[0].steps[5].value is True
    assert sc.tests[0].expect is not None and sc.tests[0].expect.variables == {"rdv_pris": True}


def test_fragment_nodes_keep_their_file_positions() -> None:
    sc = load_scenario(MINI)
    node = sc.nodes["obj_doc"]
    assert node.origin is not None and node.origin.endswith("fragments/objections-mini.yaml")
    assert node.pos.path.endswith("fragments/objections-mini.yaml")
    assert (node.pos.line, node.pos.col) == (6, 3)
    assert "objections_traitees" in sc.variables
    assert sc.includes == ("fragments/objections-mini.yaml",)


def test_sha256_covers_fragments_and_ignores_comments(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "v")
    copy = tmp_path / "v" / "mini.yaml"
    first = load_scenario(copy).sha256
    assert first == load_scenario(MINI).sha256
    copy.write_text("# un commentaire de plus\n" + copy.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert load_scenario(copy).sha256 == first
    frag = tmp_path / "v" / "fragments" / "objections-mini.yaml"
    frag.write_text(frag.read_text(encoding="utf-8").replace("Nous avons", "Nous avions"),
                    encoding="utf-8")
    assert load_scenario(copy).sha256 != first


def test_load_scenario_raises_with_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(ScenarioInvalid) as exc:
        load_scenario(bad)
    assert any("titre" in p.message for p in exc.value.problems)


def _node(text: str):  # type: ignore[no-untyped-def]
    root, problems = compose_text(text, "t.yaml")
    assert problems == []
    assert root is not None
    return root.get("v")


@pytest.mark.parametrize(("raw", "minutes"), [
    ('"15 min"', 15), ('"1 h"', 60), ('"1 h 30"', 90), ('"90 min"', 90), ("45", 45),
    ('"2h"', 120), ('"1 h 30 min"', 90),
])
def test_durations(raw: str, minutes: int) -> None:
    reader = Reader()
    assert reader.duration(_node(f"v: {raw}\n"), "duree") == minutes
    assert reader.problems == []


@pytest.mark.parametrize(("raw", "hint"), [
    ("1:30", "base 60"), ('"bientôt"', "durée invalide"), ("0", "durée invalide"),
    ("[15]", "durée invalide"),
])
def test_bad_durations(raw: str, hint: str) -> None:
    reader = Reader()
    assert reader.duration(_node(f"v: {raw}\n"), "duree") is None
    assert hint in reader.problems[0].message


@pytest.mark.parametrize(("raw", "value"), [
    ("vrai", True), ("faux", False), ("oui", True), ("non", False), ("true", True),
    ("false", False), ("Vrai", True), ('"non"', False),
])
def test_booleans(raw: str, value: bool) -> None:
    reader = Reader()
    assert reader.boolean(_node(f"v: {raw}\n"), "b") is value
    assert reader.problems == []


@pytest.mark.parametrize(("raw", "word"), [
    ("no", "booléen"), ("Yes", "booléen"), ("off", "booléen"), ("15:00", "base 60"),
    ("0755", "octal"), ("2026-12-01", "date"), ("~", "null"), ("1.10", "décimal"),
    ("null", "null"),
])
def test_traps_where_text_expected(raw: str, word: str) -> None:
    reader = Reader()
    assert reader.string(_node(f"v: {raw}\n"), "texte") is None
    message = reader.problems[0].message
    assert word in message and f'"{raw}"' in message


@pytest.mark.parametrize("raw", ['"no"', "'15:00'", "non", "oui", "42", "Bonjour"])
def test_real_texts_are_accepted(raw: str) -> None:
    reader = Reader()
    assert reader.string(_node(f"v: {raw}\n"), "texte") is not None
    assert reader.problems == []


def test_positions_count_characters_not_bytes() -> None:
    root, _ = compose_text("é: «ééé»\nclé: [a, b]\n", "t.yaml")
    assert root is not None
    value = root.get("clé")
    assert value is not None and (value.line, value.col) == (2, 6)
    assert value.value[1].col == 10


def test_duplicate_keys_report_both_positions() -> None:
    _root, problems = compose_text("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert len(problems) == 1
    assert (problems[0].pos.line, problems[0].pos.col) == (3, 1)
    assert "ligne 1, colonne 1" in problems[0].message


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlFailure) as exc:
        compose_text("a: &x [1, *x]\n", "t.yaml")
    assert "alias" in exc.value.problems[0].message


def test_unknown_field_suggestion_uses_fuzzy_match() -> None:
    reader = Reader()
    root, _ = compose_text("v: {texte: a, locuter: b}\n", "t.yaml")
    reader.mapping(root.get("v") if root else None, "le nœud", ("texte", "locuteur"))
    assert "vouliez-vous dire « locuteur »" in reader.problems[0].message
