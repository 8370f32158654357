"""A free-text answer (a compte rendu) graded on its keywords and on the figures it states."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_helpers import P, TaskField, end, ex, make, scenario, task_node

from simulator.engine.tasks import grade_text
from simulator.engine.textfacts import WantedFigure, figures_in
from simulator.scenario import format_problem, load_scenario, validate
from simulator.scenario.model import ExpectedFigure

CA = WantedFigure("le CA réalisé", 265483.0, 0.02, True)
GAP = WantedFigure("l'écart à l'objectif", -34517.0, 0.02, True)
RATE = WantedFigure("le taux de transformation", 19.8, 0.1, False)
KEYWORDS = ("objectif", "cause")


def grade(text: str, keywords: tuple[str, ...] = KEYWORDS,
          wanted: tuple[WantedFigure, ...] = (CA, GAP, RATE)) -> tuple[bool, str]:
    ok, detail, _ = grade_text(text, keywords, wanted)
    return ok, detail


@pytest.mark.parametrize("text", [
    "Objectif manqué : CA réalisé 265 483 € HT, écart de 34 517 € ; taux 19,8 %. Cause : volume.",
    "objectif : CA de 265\u202f483 €, soit -34\u202f517 € ; transformation 19.8% ; cause prix",
    "CA 265 k€ (objectif non atteint, écart 34,5 k€), taux de 19,8 pour cent, cause : relances",
    "Cause : volume. Taux 19,8 %. Écart 34517 euros sous l'objectif pour 265483 euros de CA.",
    "Objectif : deux cent soixante-cinq mille euros réalisés, trente-quatre mille cinq cents "
    "euros d'écart, 19,8 % de transformation ; cause : volume.",
    "Objectif raté de 0,035 M€ ; CA 0,265 M€ ; taux 19,8 % ; cause : prix",
])
def test_the_same_figures_in_many_phrasings_are_right(text: str) -> None:
    ok, detail = grade(text)
    assert ok, detail
    assert detail == "2 mots-clés sur 2, 3 chiffres sur 3"


def test_a_wrong_figure_is_named_with_what_was_expected() -> None:
    ok, detail = grade("Objectif : CA de 250 000 €, écart 34 517 €, 19,8 %. Cause : prix.")
    assert not ok
    assert detail == ("2 mots-clés sur 2, 2 chiffres sur 3 ; le CA réalisé : 250 000 € annoncé, "
                      "265\u202f483 € attendu")


def test_missing_figures_and_keywords_are_listed_singular_and_plural() -> None:
    ok, detail = grade("Objectif : CA 265 483 €.")
    assert not ok
    assert detail == ("1 mot-clé sur 2, 1 chiffre sur 3 ; manquent : cause, l'écart à "
                      "l'objectif, le taux de transformation")
    ok, detail = grade("Rien à signaler.", keywords=("objectif",), wanted=(CA,))
    assert detail == "0 mot-clé sur 1, 0 chiffre sur 1 ; manquent : objectif, le CA réalisé"
    ok, detail = grade("Objectif atteint.", keywords=("objectif",), wanted=(CA,))
    assert not ok and detail == "1 mot-clé sur 1, 0 chiffre sur 1 ; manque : le CA réalisé"


def test_figures_only_and_out_of_tolerance() -> None:
    ok, detail = grade("CA : 270 000 €", keywords=(), wanted=(CA,))
    assert ok and detail == "1 chiffre sur 1"           # 1,7 % off: within 2 %
    ok, detail = grade("CA : 275 000 €", keywords=(), wanted=(CA,))
    assert not ok and "275 000 € annoncé" in detail
    ok, detail = grade("CA : 12 €", keywords=(), wanted=(CA,))
    assert not ok and detail == "0 chiffre sur 1 ; manque : le CA réalisé"


def test_one_figure_in_the_text_counts_for_one_expected_figure() -> None:
    same = WantedFigure("le CA de mars", 265483.0, 0.02, True)
    ok, detail = grade("CA 265 483 €", keywords=(), wanted=(CA, same))
    assert not ok and detail == "1 chiffre sur 2 ; manque : le CA de mars"


def test_keyword_only_fields_keep_the_recorded_wording_for_text_model_1() -> None:
    # Logs recorded without `models.texte` replay this detail: it must not change.
    assert grade_text("marge", ("marge", "relance"), text_model=1) == (
        False, "1 mot(s)-clé(s) sur 2 ; manquent : relance", ["relance"])
    assert grade_text("marge relance", ("marge", "relance"), text_model=1)[1] == (
        "2 mot(s)-clé(s) sur 2")


def test_keyword_only_fields_count_in_french_for_text_model_2() -> None:
    assert grade_text("marge", ("marge", "relance")) == (
        False, "1 mot-clé sur 2 ; manque : relance", ["relance"])
    assert grade_text("marge relance", ("marge", "relance"))[1] == "2 mots-clés sur 2"
    assert grade_text("", ("a1", "b2", "c3"))[1] == "0 mot-clé sur 3 ; manquent : a1, b2, c3"


def test_figures_are_read_in_order_with_the_trainees_words() -> None:
    found = figures_in("Le 3 mars : 42 ventes, 1 200 000 €, 12,5 % et 18 h 30.")
    assert [(f.value, f.unit, f.text) for f in found] == [
        (42.0, "", "42"), (1200000.0, " €", "1 200 000 €"), (12.5, " %", "12,5 %")]


# -- property: any French way of writing the expected figures is right --------------------

_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        return ("soixante" if tens == 7 else "quatre-vingt") + \
            ("-et-onze" if n == 71 else "-" + _below_100(10 + unit))
    word = "quatre-vingt" if tens == 8 else _TENS[tens]
    if unit == 0:
        return word + ("s" if tens == 8 else "")
    return word + ("-et-un" if unit == 1 and tens != 8 else "-" + _UNITS[unit])


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    head = "" if hundreds == 0 else "cent" if hundreds == 1 else _UNITS[hundreds] + " cent"
    if hundreds > 1 and rest == 0:
        head += "s"
    return " ".join(w for w in (head, _below_100(rest) if rest else "") if w)


def french_words(n: int) -> str:
    """« 265483 » → « deux cent soixante-cinq mille quatre cent quatre-vingt-trois »."""
    thousands, rest = divmod(n, 1000)
    head = "" if thousands == 0 else "mille" if thousands == 1 else \
        _below_1000(thousands) + " mille"
    return " ".join(w for w in (head, _below_1000(rest) if rest else "") if w)


def _grouped(n: int, space: str) -> str:
    return f"{n:,}".replace(",", space)


AMOUNT_FORMS = [
    lambda n: f"{_grouped(n, ' ')} €",
    lambda n: f"{_grouped(n, chr(0x202F))}\u00a0€ HT",
    lambda n: f"{_grouped(n, chr(0xA0))} euros",
    lambda n: f"{n} €",
    lambda n: f"{n} EUR",
    lambda n: f"{_grouped(n, ' ')}",
    lambda n: f"{round(n / 1000, 1):n}".replace(".", ",") + " k€",
    lambda n: f"{round(n / 1000)} k€",
    lambda n: f"{french_words(n)} euros",
]
RATE_FORMS = [
    lambda r: f"{r:.1f} %".replace(".", ","),
    lambda r: f"{r:.1f}%",
    lambda r: f"{r:.1f} pour cent".replace(".", ","),
]
FILLERS = ["Objectif : ", "Cause principale : volume. ", "Faits : ", "soit ", "pour un écart de ",
           "en hausse ; ", "Action : relance. "]


@settings(max_examples=150, deadline=None)
# From 30 000 on, every form below (« 21 k€ » rounds to the thousand) stays within the 2 %
# tolerance: the property is « any French spelling within the tolerance is understood ».
@given(amount=st.integers(30_000, 999_999), gap=st.integers(30_000, 999_999),
       rate=st.integers(5, 995).map(lambda x: x / 10),
       forms=st.tuples(st.sampled_from(AMOUNT_FORMS), st.sampled_from(AMOUNT_FORMS),
                       st.sampled_from(RATE_FORMS)),
       order=st.permutations([0, 1, 2]), fillers=st.lists(st.sampled_from(FILLERS),
                                                           min_size=3, max_size=3))
def test_expected_figures_in_any_french_form_are_right(
        amount: int, gap: int, rate: float, forms: tuple, order: list[int],
        fillers: list[str]) -> None:
    wanted = (WantedFigure("le CA", float(amount), 0.02, True),
              WantedFigure("l'écart", -float(gap), 0.02, True),
              WantedFigure("le taux", rate, 0.05, False))
    pieces = [forms[0](amount), forms[1](gap), forms[2](rate)]
    text = " ".join(fillers[i] + pieces[i] + "." for i in order) + " Objectif, cause."
    ok, detail, _ = grade_text(text, KEYWORDS, wanted)
    assert ok, (text, detail)


# -- scenario language and engine --------------------------------------------------------

def test_a_task_records_the_figures_and_names_them_in_the_correction() -> None:
    field = TaskField("cr", "texte", "Compte rendu", P, keywords=("objectif",),
                      figures=(ExpectedFigure(ex("indicateurs.ca_total"), "le CA réalisé", P,
                                              0.02, True),),
                      criterion="C7.4")
    s = make(scenario([task_node([field]), end("fin")]))
    s.answer({"cr": "Objectif : CA de 100 000 €."})
    res = next(e for e in s.events if e["type"] == "task_answered")["data"]["results"]["cr"]
    assert res["ok"] is False
    assert res["detail"] == ("1 mot-clé sur 1, 0 chiffre sur 1 ; le CA réalisé : 100 000 € "
                             "annoncé, 125\u202f000 € attendu")
    assert res["figures"] == [{"libelle": "le CA réalisé", "attendu": 125000.0,
                               "trouve": None, "annonce": 100000.0}]
    assert res["expected"] == ["objectif", "le CA réalisé : 125\u202f000"]


BILAN = Path(__file__).resolve().parents[1] / "scenarios" / "bilan-activite.yaml"
SHIPPED = '{attendu: "indicateurs.ca_total", tolerance: "2 %", libelle: "le CA réalisé"}'


def _variant(tmp_path: Path, new: str, old: str = SHIPPED) -> list[str]:
    source = BILAN.read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / "bilan.yaml"
    path.write_text(source.replace(old, new), encoding="utf-8")
    return [format_problem(p) for p in validate(path)]


def test_the_shipped_compte_rendu_expects_figures() -> None:
    fields = {f.id: f for n in load_scenario(BILAN).nodes.values() for f in n.fields}
    figures = fields["synthese"].figures
    assert [f.label for f in figures] == ["le CA réalisé", "l'écart de CA à l'objectif"]
    assert figures[0].tolerance == pytest.approx(0.02) and figures[0].tolerance_relative


@pytest.mark.parametrize(("new", "message"), [
    ('{attendu: "indicateurs.ca_total", tolerence: "2 %"}',
     "champ inconnu « tolerence » dans un chiffre attendu ; vouliez-vous dire « tolerance » ?"),
    ('{libelle: "le CA"}', "champ obligatoire « attendu » manquant dans un chiffre attendu"),
    ('{attendu: "indicateurs.ca_totl"}', "ca_totl"),
    ('{attendu: "indicateurs.ca_total", tolerance: "beaucoup"}', "champ.tolerance : écrivez"),
])
def test_the_checker_reports_bad_figures(tmp_path: Path, new: str, message: str) -> None:
    problems = _variant(tmp_path, new)
    assert any(message in p for p in problems), problems


def test_figures_only_belong_to_text_fields(tmp_path: Path) -> None:
    old = '        attendu: "indicateurs.nb_ventes - indicateurs.objectif_ventes"\n'
    problems = _variant(tmp_path, old + '        chiffres: [{attendu: "1"}]\n', old)
    assert any("champ.chiffres : réservé aux champs de type « texte »" in p
               for p in problems), problems


@pytest.mark.parametrize(("text", "value"), [
    ("vingt-deux mille neuf cent quarante et un euros", 22941),
    ("quarante-et-un euros", 41),
    ("quatre cent quatre-vingt-un mille euros", 481000),
    ("deux cent un euros", 201),
    ("mille une machines", 1001),
])
def test_numbers_ending_in_one_are_read_in_words(text: str, value: int) -> None:
    assert [f.value for f in figures_in(text)] == [value]


def test_un_and_une_stay_articles_elsewhere() -> None:
    assert [f.value for f in figures_in("une remise de 5 % et un rendez-vous")] == [5.0]
    assert [f.value for f in figures_in("5 pour cent une fois")] == [5.0]
