"""The shipped act model: ranked, calibrated, French-only, quick on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.nlu.analysis import analyse
from simulator.nlu.model import ModelError, load_model
from simulator.scenario.model import ACTS

DEV = Path(__file__).parent / "data" / "nlu" / "dev.tsv"


def best(text: str) -> str:
    return load_model().rank(text)[0].act


def test_every_act_is_ranked_best_first_and_scores_sum_to_one() -> None:
    ranked = load_model().rank("Si je comprends bien, vous voulez moins de pannes.")
    assert sorted(a.act for a in ranked) == sorted(ACTS)
    scores = [a.score for a in ranked]
    assert scores == sorted(scores, reverse=True)
    assert abs(sum(scores) - 1) < 0.01
    assert ranked[0].act == "reformulation"


@pytest.mark.parametrize(("text", "act"), [
    ("passez-moi le responsable maintenance svp", "demande_interlocuteur"),
    ("je peux vous faire 3 % si vous signez aujourd'hui", "demande_contrepartie"),
    ("bjr madame", "salutation"),
    ("merci, bonne journee, au revoir", "prise_de_conge"),
    ("Je vous propose un rendez-vous mardi à 14 h.", "proposition_rdv"),
    ("si jai bien compris vous voulez un chariot de plus", "reformulation"),
])
def test_issue_sentences(text: str, act: str) -> None:
    assert best(text) == act


def test_dev_set_accuracy_is_kept() -> None:
    """The development set is never trained on: a regression here means a worse model."""
    rows = [line.split("\t", 1) for line in DEV.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    hits = sum(best(text) == act for act, text in rows)
    assert hits / len(rows) >= 0.9


@pytest.mark.parametrize("text", [
    "", "   ", "🙂🙂🙂", "Hello, could you put me through to the manager please?",
    "Buenos días, quisiera hablar con el responsable de compras, por favor.",
    "\x00\x01\x02", "asdkjh qwpoeiru zxmcnv",
])
def test_bad_input_gets_low_confidence(text: str) -> None:
    ranked = analyse(text).acts
    assert ranked[0].score < 0.3


def test_a_ten_thousand_character_line_is_analysed() -> None:
    result = analyse("Je vous fais 3 % de remise. " * 400)
    assert result.acts[0].act == "concession"
    assert any(e.type == "pourcentage" for e in result.entities)


def test_the_model_names_its_inputs_and_its_hash() -> None:
    model = load_model()
    assert len(model.sha256) == 64 and len(model.inputs_sha256) == 64


def test_a_broken_model_file_is_a_french_error(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="modèle d'actes invalide"):
        load_model(bad)
    with pytest.raises(ModelError, match="illisible"):
        load_model(tmp_path / "absent.json")


def test_the_shipped_model_matches_the_shipped_act_files() -> None:
    """Changing scenarios/actes/ without `ntc nlu train` leaves a stale model."""
    from simulator.nlu.dataset import inputs_sha256, load_acts

    data, _ = load_acts()
    assert load_model().inputs_sha256 == inputs_sha256(data)
