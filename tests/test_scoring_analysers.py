"""Each analyser on hand-built events: what it emits, with which seq, and when it stays silent."""

from __future__ import annotations

from typing import Any

from scoring_fixtures import Step, choice, evidence, offer

from scoring.analysers import (
    ScenarioFacts,
    authority,
    concession,
    data_quality,
    discovery,
    margin,
    numeric,
    questions,
    reformulation,
    route,
    timing,
)
from scoring.analysers.base import Context
from scoring.evidence import authored_evidence


def ctx(steps: list[Step], *, world: dict[str, Any] | None = None,
        scenario: ScenarioFacts | None = None, step_ms: int = 10_000) -> Context:
    events = [{"seq": i, "t_ms": i * step_ms, "time": "", "type": t, "data": d}
              for i, (t, d) in enumerate(steps, 1)]
    return Context({"world": world or {}}, events, scenario)


def facts(competences: tuple[str, ...] = ("C3",), duration: int = 15) -> ScenarioFacts:
    return ScenarioFacts("s", "1.0", "x", duration, None, competences)


# -- concession ---------------------------------------------------------------------------

def test_concession_without_counterpart_cites_both_offers() -> None:
    out = concession.analyse(ctx([offer("n", 1, remise=3), offer("n", 2, remise=5)]))
    assert [(e.criterion, e.weight, e.seqs) for e in out] == [("C3.3", -2, (1, 2))]
    assert out[0].justification == ("Concession sans contrepartie : remise 3 → 5, rien obtenu "
                                    "en échange.")


def test_concession_traded_on_another_issue() -> None:
    out = concession.analyse(ctx([offer("n", 1, remise=3),
                                  offer("n", 2, remise=5, delai_paiement=20)]))
    assert [(e.weight, e.justification) for e in out] == [
        (1, "Concession (remise 3 → 5) échangée contre délai de paiement 30 → 20.")]


def test_concession_with_counterpart_act_in_the_round() -> None:
    out = concession.analyse(ctx([
        offer("n", 1, remise=3),
        choice("n", "c", "Si vous commandez trois machines, alors je peux faire un geste.",
               "contrepartie"),
        offer("n", 2, remise=5)]))
    assert [(e.weight, e.seqs) for e in out] == [(1, (1, 2, 3))]
    assert out[0].quote == "Si vous commandez trois machines, alors je peux faire un geste."


def test_counterpart_act_of_an_earlier_round_does_not_count() -> None:
    out = concession.analyse(ctx([
        choice("n", "c", "Si…", "contrepartie"),
        offer("n", 1, remise=3), offer("n", 2, remise=5)]))
    assert [e.weight for e in out] == [-2]


def test_holding_firm_and_silence() -> None:
    out = concession.analyse(ctx([offer("n", 1, remise=3), offer("n", 2, remise=3)]))
    assert [(e.weight, e.seqs) for e in out] == [(1, (1, 2))]
    assert concession.analyse(ctx([offer("n", 1, remise=3)])) == []
    assert concession.analyse(ctx([choice("a", "b", "Bonjour", "salutation")])) == []


# -- authority and margin -----------------------------------------------------------------

def test_discount_beyond_authority_is_a_blocker() -> None:
    out = authority.analyse(ctx([offer("n", 1, remise=12, authority=True)]))
    assert [(e.criterion, e.weight, e.blocker, e.seqs) for e in out] == [
        ("C3.4", -2, True, (1,))]
    assert "12 %" in out[0].justification


def test_discount_beyond_authority_after_asking_the_manager() -> None:
    out = authority.analyse(ctx([
        choice("n", "m", "Je demande l'accord de mon responsable.", "demande_accord_manager"),
        offer("n", 1, remise=12, authority=True)]))
    assert [(e.weight, e.blocker, e.seqs) for e in out] == [(1, False, (1, 2))]
    assert authority.analyse(ctx([offer("n", 1, remise=3)])) == []


def test_margin_below_floor_and_kept() -> None:
    out = margin.analyse(ctx([offer("n", 1, remise=3), offer("n", 2, remise=30, below=True)]))
    assert [(e.weight, e.seqs) for e in out] == [(-2, (2,))]
    kept = margin.analyse(ctx([offer("n", 1, remise=3)]))
    assert [(e.weight, e.seqs) for e in kept] == [(1, (1,))]
    assert margin.analyse(ctx([])) == []


def accepted(node: str, rnd: int, *, authority: bool = False, below: bool = False,
             agreement: bool = False, remise: float = 15) -> Step:
    """The trainee accepts the client's counter-offer (payload as the engine records it)."""
    offer_data = {"prix_unitaire": 1000, "remise": remise, "quantite": 2,
                  "delai_paiement": 30, "livraison": 20, "services": 0}
    return ("negotiation_action", {
        "node": node, "action": "accept", "round": rnd, "offer": offer_data,
        "margin": {"taux_marge": 4.5}, "authority_exceeded": authority,
        "below_floor": below, "remise_max": 10, "manager_agreement": agreement})


def test_accepting_a_counter_offer_beyond_authority_is_a_blocker() -> None:
    out = authority.analyse(ctx([offer("n", 1, remise=5), accepted("n", 1, authority=True)]))
    assert [(e.criterion, e.weight, e.blocker, e.seqs) for e in out] == [
        ("C3.4", -2, True, (2,))]
    assert out[0].justification == (
        "Faute bloquante : contre-proposition du client acceptée avec une remise de 15 % "
        "au-delà de la délégation sans l'accord du responsable.")


def test_accepting_beyond_authority_with_the_managers_agreement() -> None:
    out = authority.analyse(ctx([accepted("n", 0, authority=True, agreement=True)]))
    assert [(e.weight, e.blocker, e.seqs) for e in out] == [(1, False, (1,))]
    assert out[0].justification.startswith("Contre-proposition du client acceptée avec une "
                                           "remise de 15 %")
    asked = authority.analyse(ctx([
        choice("n", "m", "Je demande l'accord de mon responsable.", "demande_accord_manager"),
        accepted("n", 0, authority=True)]))
    assert [(e.weight, e.seqs) for e in asked] == [(1, (1, 2))]


def test_breaking_off_or_accepting_within_limits_is_no_fault() -> None:
    brk = ("negotiation_action", {"node": "n", "action": "break", "round": 1,
                                  "authority_exceeded": True, "below_floor": True})
    assert authority.analyse(ctx([brk])) == [] and margin.analyse(ctx([brk])) == []
    assert authority.analyse(ctx([accepted("n", 1)])) == []


def test_accepting_a_counter_offer_below_the_floor() -> None:
    out = margin.analyse(ctx([offer("n", 1, remise=3), accepted("n", 1, below=True)]))
    assert [(e.weight, e.seqs, e.justification, e.blocker) for e in out] == [
        (-2, (2,), "Faute bloquante : contre-proposition du client acceptée sous le prix "
                   "plancher (taux de marge 4,5 %).", True)]
    kept = margin.analyse(ctx([offer("n", 1, remise=3), accepted("n", 1)]))
    assert [(e.weight, e.seqs) for e in kept] == [(1, (1, 2))]
    assert "1\u00a0offre et 1\u00a0contre-proposition acceptée" in kept[0].justification
    only = margin.analyse(ctx([accepted("n", 0)]))
    assert only[0].justification.startswith("Marge préservée : 1\u00a0contre-proposition "
                                            "acceptée, aucune")
    assert margin.analyse(ctx([accepted("n", 0, authority=True)])) == []


# -- discovery, reformulation, questions -----------------------------------------------------

def test_argument_before_any_question() -> None:
    out = discovery.analyse(ctx([choice("a", "x", "Nos machines sont les meilleures.",
                                        "argument"),
                                 choice("a", "q", "Combien de postes ?", "question_fermee")]))
    assert [(e.criterion, e.weight, e.seqs, e.quote) for e in out] == [
        ("C2.1", -1, (1,), "Nos machines sont les meilleures.")]


def test_discovery_first_then_argument() -> None:
    out = discovery.analyse(ctx([choice("a", "q", "Parlez-moi de votre atelier.",
                                        "question_ouverte"),
                                 choice("a", "x", "Notre offre…", "argument")]))
    assert [(e.weight, e.seqs) for e in out] == [(1, (1, 2))]
    assert discovery.analyse(ctx([choice("a", "q", "?", "question_ouverte")])) == []


def test_reformulation_present_missing_or_irrelevant() -> None:
    present = reformulation.analyse(ctx([choice("a", "r", "Si je comprends bien…",
                                                "reformulation")]))
    assert [(e.criterion, e.weight, e.seqs) for e in present] == [("C2.3", 1, (1,))]
    missing = reformulation.analyse(ctx([choice("a", "q", "?", "question_ouverte"),
                                         choice("a", "x", "Notre offre…", "argument")]))
    assert [(e.weight, e.seqs) for e in missing] == [(-1, (1, 2))]
    assert reformulation.analyse(ctx([choice("a", "x", "Notre offre…", "argument")])) == []
    call = ctx([choice("a", "q", "?", "question_ouverte"), choice("a", "x", "…", "argument")],
               scenario=facts(("C1",)))
    assert reformulation.analyse(call) == []


def test_question_mix() -> None:
    mixed = questions.analyse(ctx([choice("a", "q", "?", "question_ouverte"),
                                   choice("a", "f", "?", "question_fermee")]))
    assert [(e.weight, e.justification) for e in mixed] == [
        (1, "Questions variées : 1\u00a0ouverte, 1\u00a0fermée.")]
    closed = questions.analyse(ctx([choice("a", "f", "?", "question_fermee")]))
    assert [e.weight for e in closed] == [-1]
    assert questions.analyse(ctx([choice("a", "q", "?", "question_ouverte")])) == []


# -- time ---------------------------------------------------------------------------------

def test_time_overrun_against_duree() -> None:
    steps = [choice("a", "q", "?", "question_ouverte")] * 4
    over = timing.analyse(ctx(steps, scenario=facts(("C1",), 0 + 1), step_ms=20_000))
    assert [(e.criterion, e.weight, e.seqs) for e in over] == [("C1.2", -1, (4,))]
    assert over[0].justification == "Durée dépassée : 1 min 20 s pour 1 min prévues."
    assert timing.analyse(ctx(steps, scenario=facts(("C1",), 15))) == []


def test_timer_expired_and_target_competence() -> None:
    steps: list[Step] = [("timer", {"limit_ms": 60_000, "elapsed_ms": 75_000,
                                    "expired": True})]
    out = timing.analyse(ctx(steps, scenario=facts(("C3",))))
    assert [(e.criterion, e.seqs) for e in out] == [("C3.5", (1,))]
    assert out[0].justification == "Temps imparti dépassé (1 min 15 s pour 1 min 00 s prévues)."
    assert timing.analyse(ctx(steps, scenario=facts(("C5",)))) == []


# -- tasks --------------------------------------------------------------------------------

def task(answers: dict[str, Any], results: dict[str, Any] | None = None) -> Step:
    return ("task_answered", {"node": "t", "answers": answers, "results": results or {}})


FAULTS = {"defauts": [
    {"id": "D1", "type": "doublon", "entreprise_id": "E1"},
    {"id": "D2", "type": "telephone_errone", "entreprise_id": "E2"},
    {"id": "D3", "type": "contact_parti", "contact_id": "K9"},
]}


def test_data_quality_fixed_and_missed() -> None:
    out = data_quality.analyse(ctx([task({"doublons": ["E1", "E2"]})], world=FAULTS))
    assert [(e.criterion, e.weight, e.seqs) for e in out] == [("C1.1", -1, (1,))]
    assert out[0].justification == ("2\u00a0défauts du fichier traités sur 3 ; manqués : 1 "
                                    "(contact_parti).")
    good = data_quality.analyse(ctx([task({"corrections": ["E1", "E2", "K9"]})], world=FAULTS))
    assert [e.weight for e in good] == [1]
    # a target selection is not a data-quality answer
    assert data_quality.analyse(ctx([task({"cibles": ["E1"]})], world=FAULTS)) == []


def test_numeric_answers_within_tolerance() -> None:
    step = task({"ca": 125_000, "taux": 12},
                {"ca": {"expected": 125_500, "ok": True, "detail": ""},
                 "taux": {"expected": 31, "ok": False, "detail": ""},
                 "segment": {"expected": "A", "ok": True, "detail": ""}})
    out = numeric.analyse(ctx([step], scenario=facts(("C7",))))
    assert [(e.criterion, e.weight, e.justification) for e in out] == [
        ("C7.1", 1, "« ca » juste : 125000 (attendu 125500)."),
        ("C7.1", -1, "« taux » hors tolérance : 12 (attendu 31).")]
    assert [e.criterion for e in numeric.analyse(ctx([step], scenario=facts(("C5",))))] == \
        ["C5.1", "C5.1"]


def test_numeric_skips_fields_with_authored_evidence() -> None:
    step = task({"ca": 1}, {"ca": {"expected": 2, "ok": False, "detail": ""}})
    authored: Step = ("evidence", {"criterion": "C7.1", "weight": -1, "justification": "x",
                                   "source": "task", "node": "t", "choice": ""})
    assert numeric.analyse(ctx([step, authored])) == []


WORLD_ROUTE = {
    "vendeur": {"base": {"lat": 45.0, "lon": 5.0}},
    "visites": [{"id": "V1", "lat": 45.0, "lon": 5.5}, {"id": "V2", "lat": 45.0, "lon": 6.0},
                {"id": "V3", "lat": 45.0, "lon": 6.5}],
}


def test_route_near_optimum_or_not() -> None:
    good = route.analyse(ctx([task({"tournee": ["V1", "V2", "V3"]})], world=WORLD_ROUTE,
                             scenario=facts(("C1",))))
    assert [(e.criterion, e.weight) for e in good] == [("C1.6", 1)]
    bad = route.analyse(ctx([task({"tournee": ["V2", "V1", "V3"]})], world=WORLD_ROUTE,
                            scenario=facts(("C6",))))
    assert [(e.criterion, e.weight) for e in bad] == [("C6.4", -1)]
    assert "% de l'optimum" in bad[0].justification


def test_route_optimum_exact_and_heuristic_agree_on_a_line() -> None:
    points = tuple((45.0, 5.0 + i / 10) for i in range(12))
    base = (45.0, 5.0)
    heuristic = route.optimum(points, base)
    exact = route.optimum(points[:8], base)
    assert abs(heuristic - 2 * route.km(base, points[-1])) < 0.01
    assert abs(exact - 2 * route.km(base, points[7])) < 0.01


# -- authored evidence --------------------------------------------------------------------

def test_authored_evidence_quotes_the_choice() -> None:
    c = ctx([choice("a", "r1", "Si je comprends bien…", "reformulation"),
             evidence("a", "C2.3", 1, "Reformulation complète.", "r1")])
    out = authored_evidence(c.events, "TP-00338")
    assert [(e.criterion, e.weight, e.seqs, e.quote, e.source) for e in out] == [
        ("C2.3", 1, (1, 2), "Si je comprends bien…", "auteur")]


def test_tasks_with_authored_evidence_are_left_to_it() -> None:
    authored: Step = ("evidence", {"criterion": "C1.6", "weight": 1, "justification": "x",
                                   "source": "task", "node": "t", "choice": ""})
    steps = [task({"tournee": ["V2", "V1", "V3"], "doublons": ["E1"]}), authored]
    world = {**WORLD_ROUTE, **FAULTS}
    assert route.analyse(ctx(steps, world=world)) == []
    assert data_quality.analyse(ctx(steps, world=world)) == []


def test_replies_to_the_manager_are_not_discovery() -> None:
    steps = [("client_line", {"node": "m", "speaker": "manager", "text": "Alors ?"}),
             choice("m", "x", "Le marché croît de 4 %.", "argument"),
             ("client_line", {"node": "c", "speaker": "client", "text": "Bonjour."}),
             choice("c", "q", "Qu'attendez-vous ?", "question_fermee")]
    assert discovery.analyse(ctx(steps)) == []
    assert [e.weight for e in questions.analyse(ctx(steps))] == [-1]
    assert reformulation.analyse(ctx(steps)) == []


def test_free_text_is_quoted_rather_than_the_choice_it_resolved_to() -> None:
    steps = [("free_text", {"node": "a", "text": "bon alors nos machines sont top",
                            "choice": "x"}),
             choice("a", "x", "Nos machines sont les meilleures.", "argument"),
             evidence("a", "C3.1", -1, "Argument sans lien avec un besoin.", "x")]
    assert [e.quote for e in discovery.analyse(ctx(steps))] == [
        "bon alors nos machines sont top"]
    authored = authored_evidence(ctx(steps).events, "TP-00338")
    assert [(e.seqs, e.quote) for e in authored] == [((2, 3),
                                                     "bon alors nos machines sont top")]


def test_accepting_the_clients_opening_beyond_authority_scores_as_a_blocker(
        tmp_path: Any) -> None:
    """A real session: the trainee accepts the client's 20 % opening (authority 10-15 %)."""
    from pathlib import Path

    from scoring import score_logs
    from simulator.engine import Session
    from simulator.scenario import load_scenario

    mini = load_scenario(Path(__file__).parent / "data" / "valid" / "mini.yaml")
    log = tmp_path / "accept.jsonl"
    s = Session.open(mini, log, seed=1, trainee="Camille")
    for choice_id in ("croc_contact", "question_arrets", "creuser_fournisseur", "proposer_rdv"):
        s.choose(choice_id)
    s.accept()
    s.close()
    action = next(e for e in s.events if e["type"] == "negotiation_action")["data"]
    assert action["authority_exceeded"] is True
    report = score_logs([log])
    crit = {c.id: c for c in report.trainees[0].sessions[0].scoring.criteria()}
    c34 = crit["C3.4"]
    assert c34.decision == "non acquis" and c34.blocker
    assert any(e.source == "delegation" and e.blocker
               and "contre-proposition du client acceptée" in e.justification
               for e in c34.evidence)
