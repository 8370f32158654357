"""Parsing and evaluation of the scenario expression language."""

from __future__ import annotations

import pytest

from simulator.scenario.expressions import (
    DictEnv,
    EvaluationError,
    ExpressionError,
    parse_assignment,
    parse_expression,
    undefined_names,
)

WORLD: dict[str, object] = {
    "client": {"raison_sociale": "Dupont SA", "ca_annuel": 3_000_000, "segment": "A",
               "effectif": 45, "contact": {"nom": "Martin"}},
    "commandes": [
        {"montant_ht": 1000, "produit": "C1", "lignes": [{"q": 1}, {"q": 2}]},
        {"montant_ht": 2500.5, "produit": "C2", "lignes": [{"q": 3}]},
        {"montant_ht": 500, "produit": "C1", "lignes": []},
    ],
    "factures": [{"en_retard": True}, {"en_retard": False}, {"en_retard": True}],
    "confiance": 2,
    "rdv_pris": False,
    "humeur": "mefiant",
    "remarque": "",
    "vide": [],
    "absent": None,
}


def env() -> DictEnv:
    return DictEnv(WORLD, visits={"accueil": 2, "obj-doc": 1}, revealed={"arrets"})


def ev(src: str) -> object:
    return parse_expression(src).evaluate(env())


@pytest.mark.parametrize(("src", "expected"), [
    ("42", 42),
    ("1_000_000", 1_000_000),
    ("1.5", 1.5),
    ("1_000.25", 1000.25),
    ("'texte'", "texte"),
    ('"texte"', "texte"),
    ("'l\\'arrêt'", "l'arrêt"),
    ('"dit \\"oui\\""', 'dit "oui"'),
    ("vrai", True), ("faux", False), ("true", True), ("false", False), ("Vrai", True),
    ("[]", []),
    ("[1, 'a', vrai]", [1, "a", True]),
    ("[1, 2,]", [1, 2]),
])
def test_literals(src: str, expected: object) -> None:
    assert ev(src) == expected
    assert type(ev(src)) is type(expected)


@pytest.mark.parametrize(("src", "expected"), [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 - 4 - 3", 3),
    ("2 * 3 % 4", 2),
    ("7 / 2", 3.5),
    ("8 / 2", 4.0),
    ("7 // 2", 3),
    ("-7 // 2", -4),
    ("7 % 3", 1),
    ("-2 * 3", -6),
    ("- - 2", 2),
    ("+3", 3),
    ("-(1 + 2)", -3),
    ("2 - -3", 5),
    ("'a' + 'b'", "ab"),
    ("client.raison_sociale + ' (' + client.segment + ')'", "Dupont SA (A)"),
    ("1 + 2 == 3", True),
    ("1 + 2 * 3 > 6 and 1 < 2", True),
    ("not 1 == 2", True),
    ("non faux et vrai", True),
    ("vrai ou faux et faux", True),
    ("(vrai ou faux) et faux", False),
    ("not vrai or vrai", True),
    ("not (vrai or vrai)", False),
])
def test_precedence(src: str, expected: object) -> None:
    assert ev(src) == expected


@pytest.mark.parametrize(("src", "expected"), [
    ("1 == 1", True), ("1 != 1", False), ("1 < 2", True), ("2 <= 2", True),
    ("3 > 4", False), ("3 >= 4", False), ("'a' < 'b'", True), ("1 == 1.0", True),
    ("'1' == 1", False), ("0 <= confiance < 3", True), ("0 <= confiance < 2", False),
    ("1 < 2 > 3", False),
    ("humeur in ['mefiant', 'presse']", True),
    ("humeur dans ['calme']", False),
    ("humeur not in ['calme']", True),
    ("humeur non dans ['mefiant']", False),
    ("'C1' in commandes.produit", True),
    ("'fian' in humeur", True),
    ("'segment' in client", True),
])
def test_comparisons_and_membership(src: str, expected: object) -> None:
    assert ev(src) is expected


@pytest.mark.parametrize(("src", "expected"), [
    ("confiance", 2),
    ("client.ca_annuel > 2_000_000", True),
    ("client.contact.nom", "Martin"),
    ("commandes.montant_ht", [1000, 2500.5, 500]),
    ("commandes.lignes.q", [[1, 2], [3], []]),
    ("somme(commandes.montant_ht)", 4000.5),
    ("compte(commandes)", 3),
    ("compte(commandes.produit, 'C1')", 2),
    ("compte(factures.en_retard, vrai)", 2),
    ("compte(vide)", 0),
    ("moyenne([1, 2, 3, 4])", 2.5),
    ("min(3, 1, 2)", 1), ("max(3, 1, 2)", 3),
    ("min(commandes.montant_ht)", 500), ("max(['b', 'a'])", "b"),
    ("abs(-4)", 4), ("abs(2.5)", 2.5),
    ("round(2.5)", 3), ("arrondi(3.5)", 4), ("arrondi(-2.5)", -3), ("arrondi(2.4)", 2),
    ("arrondi(2.675, 2)", 2.68), ("arrondi(1234, -2)", 1200), ("arrondi(7)", 7),
    ("arrondi(somme(commandes.montant_ht) / 3, 1)", 1333.5),
    ("longueur(humeur)", 7), ("longueur(commandes)", 3), ("longueur(remarque) == 0", True),
    ("somme(vide)", 0),
    ("visites(accueil)", 2), ("visites('obj-doc')", 1), ("visites(inconnu)", 0),
    ("visites(obj-doc)", 1), ("visites(obj-doc) + 1", 2), ("visites( obj-doc )", 1),
    ("visites(accueil) >= 2 et revele(arrets)", True), ("revele(\"autre\")", False),
])
def test_names_paths_and_functions(src: str, expected: object) -> None:
    assert ev(src) == expected


def test_integer_arithmetic_stays_integer_and_division_is_decimal() -> None:
    assert isinstance(ev("2 * 3 + 1"), int)
    assert isinstance(ev("6 / 3"), float)
    assert isinstance(ev("arrondi(2.5)"), int)
    assert isinstance(ev("arrondi(2.5, 1)"), float)


def test_short_circuit_skips_errors() -> None:
    assert ev("faux et inconnu > 1") is False
    assert ev("vrai ou 1 / 0") is True


def test_truthiness_of_conditions() -> None:
    assert parse_expression("remarque").test(env()) is False
    assert parse_expression("vide").test(env()) is False
    assert parse_expression("absent").test(env()) is False
    assert parse_expression("non remarque").test(env()) is True
    assert parse_expression("confiance").test(env()) is True


def test_static_introspection() -> None:
    expr = parse_expression(
        "client.ca_annuel > 2_000_000 et confiance >= 2 ou visites(accueil) > 1 "
        "ou revele(arrets) ou somme(commandes.montant_ht) > 0 ou revele('bud-get')")
    assert expr.names() == {"client", "confiance", "commandes"}
    assert expr.paths() == {("client", "ca_annuel"), ("commandes", "montant_ht")}
    assert expr.node_refs() == {"accueil"}
    assert expr.need_refs() == {"arrets", "bud-get"}
    assert parse_expression("visites(obj-prix-2) et revele(a-et-b)").node_refs() == {
        "obj-prix-2"}
    assert parse_expression("revele(a-et-b)").need_refs() == {"a-et-b"}
    assert expr.functions() == {"visites", "revele", "somme"}
    refs = expr.references()
    assert [r.path[0] for r in refs] == ["client", "confiance", "commandes"]
    assert refs[0].column == 1 and refs[1].column == expr.source.index("confiance") + 1


def test_visites_is_also_a_world_collection() -> None:
    expr = parse_expression("compte(visites) + visites(accueil)")
    assert expr.names() == {"visites"}
    assert expr.node_refs() == {"accueil"}
    assert expr.evaluate(DictEnv({"visites": [{}, {}]}, visits={"accueil": 3})) == 5


def test_constant_detection() -> None:
    assert parse_expression("'A'").constant() == (True, "A")
    assert parse_expression("-5").constant() == (True, -5)
    assert parse_expression("x").constant() == (False, None)


def test_undefined_names_suggests() -> None:
    errors = undefined_names(parse_expression("confiense > 1 et client.segment == 'A'"),
                             {"confiance", "client"})
    assert len(errors) == 1
    assert errors[0].column == 1
    assert "nom inconnu « confiense »" in errors[0].message
    assert "confiance" in errors[0].message


def test_parse_is_cached() -> None:
    assert parse_expression("confiance + 1") is parse_expression("confiance + 1")
    assert parse_assignment("x += 1") is parse_assignment("x += 1")


def test_evaluation_is_deterministic() -> None:
    expr = parse_expression("arrondi(moyenne(commandes.montant_ht) * 1.2, 2)")
    results = {expr.evaluate(env()) for _ in range(20)}
    assert results == {1333.5 * 1.2}


# -- assignments ----------------------------------------------------------------------

@pytest.mark.parametrize(("src", "current", "expected"), [
    ("confiance = 5", 2, 5),
    ("confiance += 1", 2, 3),
    ("confiance -= 2", 2, 0),
    ("confiance *= 1.5", 2, 3.0),
    ("rdv_pris = vrai", False, True),
    ("remarque += 'relance '", "note : ", "note : relance "),
    ("confiance = confiance + client.effectif // 10", 2, 6),
    ("   score   +=   arrondi(2.5)  ", 1, 4),
])
def test_assignments(src: str, current: object, expected: object) -> None:
    assert parse_assignment(src).apply(current, env()) == expected


def test_assignment_fields() -> None:
    a = parse_assignment("confiance += client.effectif // 10")
    assert (a.target, a.op, a.source) == ("confiance", "+=", "confiance += client.effectif // 10")
    assert a.value.source == "client.effectif // 10"
    assert a.value.paths() == {("client", "effectif")}
    assert a.names() == {"confiance", "client"}
    assert parse_assignment("x = 1").names() == set()
    assert a.target_column == 1 and a.value_column == 14


@pytest.mark.parametrize(("src", "column", "fragment"), [
    ("", 1, "effet vide"),
    ("1 = 2", 1, "commence par le nom d'une variable"),
    ("client.nom = 'x'", 7, "seule une variable"),
    ("x == 1", 3, "« = », « += », « -= » ou « *= » attendu"),
    ("x", 2, "attendu après « x »"),
    ("x =", 4, "valeur attendue après « = »"),
    ("x = y = 1", 7, "un seul « = » par effet"),
    ("x /= 2", 3, "« /= » non autorisé"),
    ("_x = 1", 1, "« _ »"),
    ("x += (1", 8, "parenthèse fermante"),
])
def test_assignment_errors(src: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_assignment(src)
    assert fragment in info.value.message
    assert info.value.column == column


def test_assignment_type_error_names_the_effect() -> None:
    with pytest.raises(EvaluationError) as info:
        parse_assignment("confiance += 'a'").apply(2, env())
    assert info.value.message.startswith("« confiance += … » : impossible d'additionner")


def test_reserved_words_cover_keywords_and_functions() -> None:
    from simulator.scenario.expressions import FUNCTION_NAMES, RESERVED_WORDS

    assert {"et", "ou", "non", "dans", "vrai", "faux", "lambda", "import"} <= RESERVED_WORDS
    assert set(FUNCTION_NAMES) <= RESERVED_WORDS
    assert "confiance" not in RESERVED_WORDS
