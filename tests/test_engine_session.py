"""Session behaviour on hand-built scenarios: choices, conditions, effects, randomness,
variants, reactions, timers, feedback, events."""

from __future__ import annotations

import pytest
from test_engine_helpers import (
    P,
    Reaction,
    Timer,
    Variants,
    branches,
    choice,
    draw,
    end,
    ex,
    make,
    node,
    random_next,
    scenario,
    tx,
    variables,
)

from simulator.engine import EngineError, ScenarioRuntimeError


def basic() -> object:
    return scenario([
        node("accueil", text="{client.raison_sociale}, bonjour.", speaker="barrage", choices=(
            choice("croc", "Bonjour, {stagiaire} de {vendeur.nom}.", "decideur",
                   effects=["confiance += 1"], once=True, coach="Bien.",
                   evidence=[("C1.2", 1, "Présentation.")], reveals=("arrets",),
                   acts=("salutation", "presentation")),
            choice("patron", "Passez-moi le patron.", "accueil",
                   effects=["confiance -= 2"], evidence=[("C1.3", -1, "Brusque.")]),
            choice("secret", "Option cachée", "fin", condition="confiance > 10"),
            choice("tard", "Trop tôt", "fin", condition="confiance > 10",
                   reason="Pas encore."),
        )),
        node("decideur", text="Oui ? Confiance {confiance}.", choices=(
            choice("retour", "Revenir", "accueil"),
            choice("conclure", "Conclure", branches(("confiance >= 1", "fin"),
                                                   (None, "echec"))),
        )),
        end("fin", "succes", "Merci {stagiaire}."),
        end("echec", "echec", "Non."),
    ], vars=variables(confiance=("entier", 0)))


def types(s: object) -> list[str]:
    return [e["type"] for e in s.events]  # type: ignore[attr-defined]


def test_start_events_and_rendered_line() -> None:
    s = make(basic())
    assert types(s)[:4] == ["session_started", "node_entered", "client_line", "choices_shown"]
    assert s.node.id == "accueil" and s.node.speaker == "barrage"
    assert s.node.text == "Plastiques Dupont, bonjour."
    assert s.transcript[0].text == "Plastiques Dupont, bonjour."
    assert s.state == "accueil"


def test_hidden_choices_absent_disabled_listed_with_reason_in_training() -> None:
    s = make(basic())
    views = {v.id: v for v in s.choices}     # shown in the seeded order (choice_order)
    assert sorted(views) == ["croc", "patron", "tard"]
    assert sorted(v.number for v in views.values()) == [1, 2, 3]
    assert views["tard"].enabled is False and views["tard"].reason == "Pas encore."
    assert views["croc"].text == "Bonjour, Camille de Alizé Air Industrie."
    with pytest.raises(EngineError, match="indisponible"):
        s.choose("tard")
    with pytest.raises(EngineError, match="non proposé"):
        s.choose("secret")
    with pytest.raises(EngineError, match="inexistant"):
        s.choose(9)


def test_exam_mode_hides_disabled_choices_and_gives_no_feedback() -> None:
    s = make(basic(), mode="examen")
    assert [v.id for v in s.choices] == ["croc", "patron"]
    s.choose("croc", t_ms=10)
    assert s.feedback == []
    assert "feedback_shown" not in types(s)


def test_training_feedback_effects_evidence_need() -> None:
    s = make(basic())
    number = next(v.number for v in s.choices if v.id == "croc")
    s.choose(number, t_ms=1500)
    kinds = types(s)
    made = kinds.index("choice_made")
    assert kinds[made:made + 6] == ["choice_made", "variable_changed", "need_revealed",
                                    "evidence", "feedback_shown", "node_entered"]
    ev = s.events[made]
    assert ev["data"] == {"node": "accueil", "choice": "croc", "number": number,
                          "text": "Bonjour, Camille de Alizé Air Industrie.",
                          "acts": ["salutation", "presentation"]}
    assert ev["t_ms"] == 1500
    assert s.variables["confiance"] == 1
    assert s.revealed == ["arrets"]
    assert s.feedback == ["Bien."]
    assert s.node.text == "Oui ? Confiance 1."


def test_once_only_vs_sticky() -> None:
    s = make(basic())
    s.choose("patron")
    assert {"croc", "patron"} <= {v.id for v in s.choices}       # sticky stays
    s.choose("croc")
    s.choose("retour")
    assert "croc" not in [v.id for v in s.choices]               # once-only gone
    assert s.visits["accueil"] == 3


def test_conditional_branch_and_outcome() -> None:
    s = make(basic())
    s.choose("croc")
    s.choose("conclure")
    assert s.ended and s.outcome == "succes"
    assert s.events[-1]["type"] == "session_ended"
    assert s.events[-1]["data"] == {"node": "fin", "outcome": "succes", "text": "Merci Camille."}
    with pytest.raises(EngineError, match="terminée"):
        s.choose(1)
    assert s.choices == []


def test_say_records_text_and_resolves_choice() -> None:
    s = make(basic())
    s.say("bonjour je suis Camille", choice="croc", t_ms=5)
    kinds = types(s)
    i = kinds.index("free_text")
    assert kinds[i + 1] == "choice_made"
    assert s.events[i]["data"] == {"node": "accueil", "text": "bonjour je suis Camille",
                                   "choice": "croc"}
    assert [line.text for line in s.transcript if line.speaker == "stagiaire"] == \
        ["bonjour je suis Camille"]


def test_say_without_choice_is_understood_by_acts_not_shared_words() -> None:
    """« passez moi le patron » shares words with the « patron » reply, which has no act:
    the engine does not grade it on wording alone, it asks (issue 11)."""
    s = make(basic())
    s.say("passez moi le patron")
    assert s.events[-1]["type"] in ("rephrase", "clarification")
    assert not [e for e in s.events if e["type"] == "choice_made"]
    s.say("Bonjour, Camille Martin, de la société Airtech.")
    made = [e for e in s.events if e["type"] == "choice_made"]
    assert made[-1]["data"]["choice"] == "croc"


def test_effect_type_error_is_a_french_runtime_error() -> None:
    sc = scenario([
        node("a", text="x", choices=(choice("c", "c", "b", effects=["nom = 3"]),)),
        end("b"),
    ], vars=variables(nom=("texte", "")))
    s = make(sc)
    s.choose("c")           # recorded, then the fault ends the session cleanly
    assert isinstance(s.fault, ScenarioRuntimeError) and s.fault.pos == P
    assert "attend un texte" in s.fault.message
    last = s.events[-1]
    assert s.ended and last["type"] == "session_ended" and last["data"]["error"] == "scenario"
    assert "attend un texte" in last["data"]["text"]


def test_undefined_variable_at_run_time() -> None:
    sc = scenario([
        node("a", text="x", choices=(choice("c", "c", "b", condition="inconnu > 1",
                                            reason="r"),)),
        end("b"),
    ])
    s = make(sc)
    assert s.ended and s.fault is not None
    assert "nom inconnu « inconnu »" in s.fault.message


def test_decimal_and_boolean_effects() -> None:
    sc = scenario([
        node("a", text="x", choices=(choice("c", "c", "b",
                                            effects=["budget *= 2", "ok = vrai",
                                                     "n = 7 / 7"]),)),
        end("b"),
    ], vars=variables(budget=("decimal", 1.5), ok=("booleen", False), n=("entier", 0)))
    s = make(sc)
    s.choose("c")
    assert s.variables == {"budget": 3.0, "ok": True, "n": 1}


def random_scenario() -> object:
    return scenario([
        node("a", text="x", choices=(
            choice("r", "hasard", random_next(b=1, c=1, d=1)),
            choice("t", "tirage", draw("b", "c", "d", otherwise="fin")),
        )),
        node("b", text="b", choices=(choice("back", "retour", "a"),)),
        node("c", text="c", choices=(choice("back", "retour", "a"),)),
        node("d", text="d", choices=(choice("back", "retour", "a"),)),
        end("fin"),
    ])


def path(seed: int, choice_id: str, n: int) -> list[str]:
    s = make(random_scenario(), seed=seed)
    out = []
    for _ in range(n):
        s.choose(choice_id)
        out.append(s.node.id)
        if s.ended:
            break
        s.choose("back")
    return out


def test_seeded_random_branches_replay_identically_and_vary_with_seed() -> None:
    assert path(1, "r", 12) == path(1, "r", 12)
    runs = {tuple(path(seed, "r", 12)) for seed in range(1, 8)}
    assert len(runs) > 1
    assert set().union(*runs) == {"b", "c", "d"}


def test_draw_visits_each_target_once_in_seeded_order_then_otherwise() -> None:
    order = path(3, "t", 5)
    assert sorted(order[:3]) == ["b", "c", "d"]
    assert order[3] == "fin"
    assert order == path(3, "t", 5)
    assert len({tuple(path(seed, "t", 4)) for seed in range(1, 10)}) > 1


def variant_scenario(mode: str) -> object:
    return scenario([
        node("a", variants=Variants(mode, (tx("un"), tx("deux"), tx("trois")), P),  # type: ignore[arg-type]
             text="défaut",
             reactions=(Reaction(ex("visites(a) > 4"), tx("encore ?"), P),),
             choices=(choice("again", "encore", "a"),)),
    ])


def lines(mode: str, seed: int = 1, n: int = 6) -> list[str]:
    s = make(variant_scenario(mode), seed=seed)
    for _ in range(n - 1):
        s.choose("again")
    return [line.text for line in s.transcript if line.speaker == "client"]


def test_variants_sequence_once_and_reaction() -> None:
    assert lines("sequence") == ["un", "deux", "trois", "trois", "encore ?", "encore ?"]
    assert lines("une_fois") == ["un", "deux", "trois", "défaut", "encore ?", "encore ?"]


def test_random_variants_are_seeded() -> None:
    assert lines("aleatoire", seed=4) == lines("aleatoire", seed=4)
    assert len({tuple(lines("aleatoire", seed=s, n=4)) for s in range(1, 10)}) > 1


def timer_scenario(modes: tuple[str, ...] = ("examen",)) -> object:
    return scenario([
        node("a", text="x", choices=(choice("c", "c", "b"),)),
        node("b", text="y", choices=(choice("c", "c", "fin"),)),
        end("fin"),
        end("temps", "abandon", "Le temps est écoulé."),
    ], timer=Timer(60_000, "temps", modes, P))


def test_timer_expires_in_listed_mode() -> None:
    s = make(timer_scenario(), mode="examen")
    s.choose("c", t_ms=30_000)
    s.choose("c", t_ms=61_000)
    timer = [e for e in s.events if e["type"] == "timer"]
    assert timer[0]["data"] == {"limit_ms": 60_000, "elapsed_ms": 61_000, "expired": True}
    assert s.outcome == "abandon" and s.node.id == "temps"
    assert s.events[-1]["t_ms"] == 61_000


def test_timer_only_noted_in_other_modes() -> None:
    s = make(timer_scenario(), mode="entrainement")
    s.choose("c", t_ms=61_000)
    timer = [e for e in s.events if e["type"] == "timer"]
    assert timer[0]["data"]["expired"] is False
    s.choose("c", t_ms=70_000)
    assert s.outcome == "succes"
    assert len([e for e in s.events if e["type"] == "timer"]) == 1


def test_subscribe_sees_every_event_and_seq_is_contiguous() -> None:
    seen: list[int] = []
    s = make(basic())
    s.subscribe(lambda e: seen.append(e["seq"]))
    s.choose("croc")
    assert seen == [e["seq"] for e in s.events][-len(seen):]
    assert [e["seq"] for e in s.events] == list(range(1, len(s.events) + 1))


def test_dead_end_is_reported_as_stuck() -> None:
    sc = scenario([
        node("a", text="x", choices=(choice("c", "c", "b"),)),
        node("b", text="y", choices=(choice("z", "z", "fin", condition="faux"),)),
        end("fin"),
    ])
    s = make(sc)
    assert not s.stuck
    s.choose("c")
    assert s.stuck


def test_unknown_mode_refused() -> None:
    with pytest.raises(EngineError, match="mode inconnu"):
        make(basic(), mode="libre")
