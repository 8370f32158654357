"""Referentials as data: both files load, schema errors are French, mapping 2014 → 2024."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.referential import (
    ReferentialError,
    available_referentials,
    load_referential,
    parse_referential,
)

MINI = """\
id: MINI
titre: "Mini"
version: "1"
ccp:
  - id: CCP1
    titre: "Bloc"
    competences:
      - id: C1
        titre: "Compétence"
        criteres:
          - {id: C1.1, libelle: "a", observe: "a"}
          - {id: C1.2, libelle: "b", observe: "b"}
          - {id: C1.3, libelle: "c", observe: "c"}
"""


def test_shipped_referentials_shape() -> None:
    assert available_referentials() == ["RNCP39063", "TP-00338"]
    old = load_referential("TP-00338")
    assert [c.id for c in old.ccps] == ["CCP1", "CCP2"]
    assert len(old.competences) == 7
    new = load_referential("RNCP39063")
    assert [len(c.competences) for c in new.ccps] == [4, 5]
    assert new.maps_from == "TP-00338"
    for crit in new.criteria.values():
        assert crit.maps_from, crit.id
        assert all(src in old.criteria for src in crit.maps_from), crit.id
    for comp in [*old.competences.values(), *new.competences.values()]:
        assert 3 <= len(comp.criteria) <= 6


def test_translation_to_2024() -> None:
    new = load_referential("RNCP39063")
    assert new.translate("C3.3", "TP-00338") == ("C7.3",)
    assert new.translate("C1.6", "TP-00338") == ("C2.4",)
    assert new.translate("C7.3", "RNCP39063") == ("C7.3",)
    assert new.translate("C3.3", "AUTRE") == ()


def test_unknown_referential_lists_available() -> None:
    with pytest.raises(ReferentialError) as exc:
        load_referential("TP-99999")
    assert str(exc.value) == ("référentiel inconnu « TP-99999 » ; référentiels disponibles : "
                              "RNCP39063, TP-00338.")


def test_drop_in_file_without_code_change(tmp_path: Path) -> None:
    (tmp_path / "MINI.yaml").write_text(MINI, encoding="utf-8")
    assert available_referentials(tmp_path) == ["MINI"]
    assert list(load_referential("MINI", tmp_path).criteria) == ["C1.1", "C1.2", "C1.3"]


@pytest.mark.parametrize(("change", "message"), [
    (("titre: \"Mini\"", "titre: \"Mini\"\nauteur: x"),
     "racine : champ inconnu « auteur »"),
    (("version: \"1\"", "version: 1.10"), "« version » doit être un texte"),
    (("          - {id: C1.3, libelle: \"c\", observe: \"c\"}\n", ""),
     "2 critères ; il en faut de 3 à 6"),
    (("{id: C1.2, libelle: \"b\"", "{id: C2.2, libelle: \"b\""),
     "l'id « C2.2 » doit avoir la forme C1.1"),
    (("  - id: CCP1", "  - id: BLOC1"), "l'id « BLOC1 » doit avoir la forme CCP1, CCP2…"),
    (("      - id: C1\n", "      - id: K1\n"), "l'id « K1 » doit avoir la forme C1, C2…"),
    (("{id: C1.2, libelle", "{id: C1.1, libelle"), "identifiant « C1.1 » en double"),
    (("{id: C1.3, libelle: \"c\", observe: \"c\"}",
      "{id: C1.3, libelle: \"c\", observe: \"c\", correspond: [C3.3]}"),
     "« correspond » exige « correspondance_de »"),
    (("libelle: \"a\", ", ""), "champ obligatoire « libelle » manquant"),
    (("id: MINI", "id: AUTRE"), "doit être le nom du fichier"),
])
def test_schema_errors_are_french(change: tuple[str, str], message: str) -> None:
    text = MINI.replace(*change)
    assert text != MINI
    with pytest.raises(ReferentialError) as exc:
        parse_referential(text, "MINI.yaml")
    assert message in str(exc.value)
    assert str(exc.value).startswith("MINI.yaml: ")


def test_yaml_syntax_error_has_position() -> None:
    pattern = r"MINI.yaml:\d+:\d+: YAML invalide \(erreur de syntaxe\)"
    with pytest.raises(ReferentialError, match=pattern):
        parse_referential("id: MINI\ntitre: [\n", "MINI.yaml")


def test_correspond_must_name_existing_criteria(tmp_path: Path) -> None:
    (tmp_path / "MINI.yaml").write_text(MINI, encoding="utf-8")
    other = MINI.replace("id: MINI", "id: NEUF").replace(
        'version: "1"', 'version: "1"\ncorrespondance_de: MINI').replace(
        '{id: C1.3, libelle: "c", observe: "c"}',
        '{id: C1.3, libelle: "c", observe: "c", correspond: [C1.1, C4.2]}')
    (tmp_path / "NEUF.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"absents de MINI : C1\.3 → C4\.2\."):
        load_referential("NEUF", tmp_path)
    (tmp_path / "NEUF.yaml").write_text(other.replace(", C4.2", ""), encoding="utf-8")
    assert load_referential("NEUF", tmp_path).translate("C1.1", "MINI") == ("C1.3",)
