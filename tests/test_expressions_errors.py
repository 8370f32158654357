"""Errors of the expression language: French messages, columns, forbidden constructs, budgets."""

from __future__ import annotations

import contextlib
import time

import pytest

from simulator.scenario.expressions import (
    MAX_LENGTH,
    DictEnv,
    EvaluationError,
    ExpressionError,
    parse_expression,
)


def parse_error(src: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse_expression(src)
    return info.value


@pytest.mark.parametrize(("src", "column", "fragment"), [
    ("", 1, "expression vide"),
    ("   ", 1, "expression vide"),
    ("(1 + 2", 7, "parenthèse fermante « ) » attendue (ouverte colonne 1)"),
    ("((a)", 5, "parenthèse fermante"),
    ("1 + 2)", 6, "parenthèse fermante « ) » en trop"),
    ("[1, 2", 6, "crochet fermant « ] » attendu"),
    ("1]", 2, "crochet fermant « ] » en trop"),
    ("1 +", 4, "une valeur est attendue"),
    ("1 + * 2", 5, "valeur attendue, trouvé « * »"),
    ("a b", 3, "opérateur attendu avant « b »"),
    ("1,5", 2, "virgule inattendue"),
    ("()", 2, "parenthèses vides"),
    ("foo(1)", 1, "fonction inconnue « foo » (fonctions disponibles : min, max,"),
    ("x + print('a')", 5, "fonction inconnue « print »"),
    ("a ** 2", 3, "opérateur « ** » non autorisé"),
    ("a = 1", 3, "« = » n'est pas une comparaison : utilisez « == »"),
    ("a += 1", 3, "« += » n'est permis que dans un effet"),
    ("a && b", 3, "utilisez « et »"),
    ("a || b", 3, "utilisez « ou »"),
    ("!a", 1, "utilisez « non »"),
    ("a if b else c", 3, "« if » non autorisé"),
    ("a is b", 3, "utilisez « == »"),
    ("x; y", 2, "caractère « ; » non autorisé"),
    ("humeur == « calme »", 11, "guillemets droits"),
    ("humeur == ’calme’", 11, "guillemets droits"),
    ("'abc", 1, "texte non terminé"),
    ("1.", 2, "accès par point"),
    ("1..2", 2, "accès par point"),
    ("1_", 1, "nombre mal écrit « 1_ »"),
    ("1__0", 1, "nombre mal écrit"),
    ("1.2.3", 1, "nombre mal écrit"),
    ("12abc", 1, "un nom ne peut pas commencer par un chiffre"),
    ("client.", 7, "nom de champ attendu après « . »"),
    ("client.2", 8, "nom de champ attendu"),
    ("min()", 1, "min() attend au moins 1 argument, 0 donné"),
    ("abs(1, 2)", 1, "abs() attend 1 argument, 2 donnés"),
    ("arrondi(1, 2, 3)", 1, "arrondi() attend 1 ou 2 arguments, 3 donnés"),
    ("visites()", 9, "visites() attend l'identifiant d'un nœud"),
    ("visites(a.b)", 10, "attend un seul identifiant"),
    ("visites(a - b)", 11, "attend un seul identifiant"),
    ("visites(a", 10, "attend un seul identifiant"),
    ("visites(a-", 10, "attend un seul identifiant"),
    ("x not", 3, "opérateur attendu avant « not »"),
    ("x not in", 9, "une valeur est attendue"),
    ("revele(1)", 8, "revele() attend l'identifiant d'un besoin caché"),
    ("revele('')", 8, "identifiant vide"),
    ("(1)(2)", 4, "seul un nom de fonction peut être appelé"),
    ("[1][0]", 4, "l'indexation avec [ ] n'est pas autorisée"),
    ("a[0]", 2, "l'indexation"),
    ("et", 1, "valeur attendue avant le mot « et »"),
    ("x " * 300, 1, f"expression trop longue (600 caractères, maximum {MAX_LENGTH})"),
])
def test_syntax_errors_have_french_message_and_column(src: str, column: int,
                                                      fragment: str) -> None:
    error = parse_error(src)
    assert fragment in error.message
    assert error.column == column
    assert str(error) == error.message


@pytest.mark.parametrize("src", [
    "__class__",
    "_x",
    "x._y",
    "x.__dict__",
    "().__class__",
    "(1).__class__",
    "''.__class__",
    "[].__class__.__base__",
    "import os",
    "__import__('os')",
    "lambda: 1",
    "open('f')",
    "eval('1')",
    "exec('1')",
    "getattr(x, 'y')",
    "x.y()",
    "client.nom.upper()",
    "[x for x in y]",
    "{'a': 1}",
    "f'{x}'",
    "x if y else z",
    "not None",
    "a @ b",
    "`a`",
    "a\\\nb",
    "yield x",
    "del x",
    "global x",
    "x := 1",
    "1 ** 1000",
])
def test_forbidden_constructs_are_rejected(src: str) -> None:
    parse_error(src)


def test_length_limit_boundary() -> None:
    ok = "1" + " + 1" * ((MAX_LENGTH - 1) // 4)
    assert len(ok) <= MAX_LENGTH
    assert parse_expression(ok).evaluate(DictEnv()) == 1 + (MAX_LENGTH - 1) // 4
    error = parse_error("1" * (MAX_LENGTH + 1))
    assert f"{MAX_LENGTH + 1} caractères" in error.message


def test_deep_nesting_is_a_clean_error() -> None:
    error = parse_error("(" * 200 + "1" + ")" * 200)
    assert "trop imbriquée" in error.message
    assert "trop imbriquée" in parse_error("-" * 300 + "1").message
    assert "trop imbriquée" in parse_error("non " * 120 + "vrai").message
    assert parse_expression("(" * 30 + "1" + ")" * 30).evaluate(DictEnv()) == 1


@pytest.mark.parametrize(("src", "fragment"), [
    ("1 / 0", "division par zéro"),
    ("1 // 0", "division par zéro"),
    ("5 % 0", "division par zéro"),
    ("1.5 / 0.0", "division par zéro"),
    ("1 + 'a'", "impossible d'additionner un nombre et un texte"),
    ("'a' - 'b'", "impossible de soustraire un texte et un texte"),
    ("'a' * 3", "impossible de multiplier un texte et un nombre"),
    ("vrai + 1", "impossible d'additionner un booléen et un nombre"),
    ("[1] + [2]", "impossible d'additionner une liste et une liste"),
    ("-'a'", "« - » s'applique à un nombre, pas à un texte"),
    ("1 < 'a'", "impossible de comparer un nombre et un texte"),
    ("absent > 3", "impossible de comparer une valeur absente et un nombre"),
    ("inconnu + 1", "nom inconnu « inconnu »"),
    ("client.inconnu", "champ inconnu « inconnu » dans « client »"),
    ("client.nom.longueur", "« client.nom » est un texte, pas un enregistrement"),
    ("1 in 2", "« in » attend une liste ou un texte à droite, pas un nombre"),
    ("1 in 'abc'", "« in » sur un texte attend un texte"),
    ("somme(5)", "somme() attend une liste de nombres, pas un nombre"),
    ("somme(['a'])", "somme() attend des nombres, la liste contient un texte"),
    ("moyenne([])", "moyenne() d'une liste vide"),
    ("min([])", "min() d'une liste vide"),
    ("max(1, 'a')", "max() ne peut pas comparer"),
    ("min(5)", "min() avec un seul argument attend une liste"),
    ("abs('a')", "abs() attend un nombre"),
    ("arrondi('a')", "arrondi() attend un nombre"),
    ("arrondi(1.5, 1.5)", "nombre de décimales"),
    ("compte(5)", "compte() attend une liste"),
    ("longueur(5)", "longueur() attend un texte ou une liste"),
])
def test_evaluation_errors_are_french(src: str, fragment: str) -> None:
    env = DictEnv({"client": {"nom": "Dupont"}, "absent": None})
    with pytest.raises(EvaluationError) as info:
        parse_expression(src).evaluate(env)
    assert fragment in info.value.message
    assert str(info.value) == info.value.message


def test_evaluation_error_carries_column() -> None:
    with pytest.raises(EvaluationError) as info:
        parse_expression("1 + 2 / (3 - 3)").evaluate(DictEnv())
    assert info.value.column == 7


def test_step_budget_stops_huge_work() -> None:
    big = DictEnv({"xs": list(range(20_000))})
    with pytest.raises(EvaluationError) as info:
        parse_expression("somme(xs)").evaluate(big)
    assert "trop coûteuse" in info.value.message
    small = DictEnv({"xs": list(range(100))})
    assert parse_expression("somme(xs)").evaluate(small) == 4950
    with pytest.raises(EvaluationError):
        parse_expression("1 + 1 + 1").evaluate(DictEnv(), budget=2)


def test_step_budget_counts_path_mapping() -> None:
    rows = [{"a": [{"b": i} for i in range(100)]} for _ in range(200)]
    with pytest.raises(EvaluationError):
        parse_expression("rows.a.b").evaluate(DictEnv({"rows": rows}))


def test_pathological_inputs_are_fast() -> None:
    cases = ["1" + "*9999999999" * 40, "(" * 39 + "1" + ")" * 39, "[" * 39 + "]" * 39,
             " or ".join(["vrai"] * 100), "x." * 240 + "x"]
    start = time.perf_counter()
    for src in cases:
        with contextlib.suppress(ExpressionError, EvaluationError):
            parse_expression(src).evaluate(DictEnv({"x": {"x": 1}}))
    assert time.perf_counter() - start < 2.0


def test_env_lookup_key_error_becomes_unknown_name() -> None:
    class Strict:
        def lookup(self, name: str) -> object:
            raise KeyError(name)

        def call(self, func: str, args: list[object]) -> object:
            raise KeyError(args[0])

    with pytest.raises(EvaluationError) as info:
        parse_expression("confiance").evaluate(Strict())
    assert "nom inconnu « confiance »" in info.value.message
    with pytest.raises(EvaluationError) as info:
        parse_expression("visites(xx)").evaluate(Strict())
    assert "visites(xx)" in info.value.message
