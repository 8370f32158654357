"""Quality bar of the shipped French scenarios (scenarios/*.yaml).

Each shipped scenario must validate with no problem, target competences it can give both
positive and negative evidence for, read as French, and carry test plans (a model path,
failure paths, every choice exercised) that pass on the engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.scenario import format_problem, load_scenario, shipped_scenarios, validate
from simulator.scenario.library import shipped_fragments
from simulator.scenario.model import Node, Scenario

SHIPPED = shipped_scenarios()
IDS = [p.stem for p in SHIPPED]
FAILURE_OUTCOMES = {"echec", "partiel", "abandon"}
# Words that betray an unfinished or English text in something a trainee reads.
FORBIDDEN = re.compile(r"\b(TODO|FIXME|XXX|lorem|ipsum|placeholder|the|and|you|your)\b",
                       re.IGNORECASE)
ACCENTED = re.compile(r"[éèêàùçôîâûœ]")


def _load(path: Path) -> Scenario:
    return load_scenario(path)


def _authored_evidence(sc: Scenario) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for node in sc.nodes.values():
        for choice in node.choices:
            out.extend((ev.criterion, ev.weight) for ev in choice.evidence)
        for f in node.fields:
            if f.criterion:
                out.extend([(f.criterion, 1), (f.criterion, -1)])
        if node.kind == "negociation":
            # the engine gives C3.4 evidence on offers beyond authority or below the floor
            out.append(("C3.4", -1))
    return out


def _reader_texts(sc: Scenario) -> list[str]:
    texts: list[str] = [sc.title]
    if sc.brief is not None:
        texts.append(sc.brief.value)
    for node in sc.nodes.values():
        texts.extend(_node_texts(node))
    return texts


def _node_texts(node: Node) -> list[str]:
    texts = [t.value for t in (node.text, node.instructions) if t is not None]
    if node.variants is not None:
        texts.extend(t.value for t in node.variants.texts)
    texts.extend(r.text.value for r in node.reactions)
    for choice in node.choices:
        texts.append(choice.text.value)
        texts.extend(ev.justification for ev in choice.evidence)
        if choice.coach:
            texts.append(choice.coach)
    texts.extend(f.label for f in node.fields)
    return texts


def test_there_are_shipped_scenarios() -> None:
    assert "prospection-telephonique" in IDS
    assert "negociation-prix" in IDS


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_validates_without_any_problem(path: Path) -> None:
    problems = validate(path)
    assert not problems, "\n".join(format_problem(p) for p in problems)


@pytest.mark.parametrize("path", shipped_fragments(), ids=lambda p: p.stem)
def test_fragments_validate_and_are_used(path: Path) -> None:
    problems = validate(path)
    assert not problems, "\n".join(format_problem(p) for p in problems)
    used = [sc for sc in map(_load, SHIPPED) if any(Path(i).name == path.name for i in sc.includes)]
    assert used, f"fragment {path.name} inclus par aucun scénario"


def test_ids_are_unique_and_match_file_names() -> None:
    ids = [_load(p).id for p in SHIPPED]
    assert len(ids) == len(set(ids))
    assert ids == IDS


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_every_targeted_competence_has_positive_and_negative_evidence(path: Path) -> None:
    sc = _load(path)
    assert sc.competences
    evidence = _authored_evidence(sc)
    for comp in sc.competences:
        weights = [w for crit, w in evidence if crit.split(".")[0] == comp]
        assert any(w > 0 for w in weights), f"{comp} : aucune preuve positive"
        assert any(w < 0 for w in weights), f"{comp} : aucune preuve négative"


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_choices_carry_speech_acts_and_wrong_replies_carry_coaching(path: Path) -> None:
    sc = _load(path)
    for node in sc.nodes.values():
        for choice in node.choices:
            where = f"{node.id}.{choice.id}"
            assert choice.acts, f"{where} : aucun acte de langage"
            if any(ev.weight < 0 for ev in choice.evidence):
                assert choice.coach, f"{where} : erreur sans retour du coach"
            for ev in choice.evidence:
                assert len(ev.justification) > 20, f"{where} : justification trop courte"


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_text_is_french(path: Path) -> None:
    sc = _load(path)
    texts = _reader_texts(sc)
    assert sc.brief is not None and ACCENTED.search(sc.brief.value)
    assert ACCENTED.search(sc.title) or ACCENTED.search(" ".join(texts))
    for text in texts:
        bare = re.sub(r"\{[^}]*\}", "", text)
        assert not FORBIDDEN.search(bare), f"texte suspect : {text[:80]!r}"
        assert "  " not in text.strip() or "\n" in text, f"espaces doubles : {text[:80]!r}"


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_test_plans_cover_model_failures_and_every_choice(path: Path) -> None:
    sc = _load(path)
    outcomes = [plan.expect.outcome for plan in sc.tests if plan.expect is not None]
    assert "succes" in outcomes, "aucun parcours modèle (issue succes)"
    assert sum(o in FAILURE_OUTCOMES for o in outcomes) >= 2, "moins de deux parcours d'échec"
    model = next(p for p in sc.tests if p.expect is not None and p.expect.outcome == "succes")
    assert model.expect is not None
    targeted = {e for e in model.expect.evidence if not e.startswith("-")}
    criteria = {crit for crit, w in _authored_evidence(sc) if w > 0}
    assert criteria <= targeted, f"parcours modèle sans preuve pour {criteria - targeted}"
    taken: set[str] = set()
    for plan in sc.tests:
        for step in plan.steps:
            if step.action == "choisir":
                taken.add(str(step.value))
            elif step.action == "dire" and isinstance(step.value, dict):
                taken.add(str(step.value.get("choix")))
    choices = {c.id for node in sc.nodes.values() for c in node.choices}
    assert choices <= taken, f"choix jamais joués : {sorted(choices - taken)}"


def _engine_ready() -> bool:
    import simulator.world

    return hasattr(simulator.world, "generate_world")


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_plans_pass_on_the_engine(path: Path) -> None:
    if not _engine_ready():
        pytest.skip("générateur de monde pas encore disponible")
    from simulator.authoring.testplans import run_plans_graded as run_plans

    failures = [f"{r.name} : {r.reason} ({r.pos})" for r in run_plans(_load(path)) if not r.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_random_play_finds_no_dead_end(path: Path) -> None:
    if not _engine_ready():
        pytest.skip("générateur de monde pas encore disponible")
    from simulator.engine.fuzz import fuzz

    report = fuzz(_load(path), runs=40, seed=7)
    assert not report.errors, [f"{f.kind}: {f.message}" for f in report.errors]
    assert report.ended == report.runs
