"""Seeded order of a dialogue node's choices (engine/choice_order.py, header `models.choix`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_engine_helpers import choice, end, make, node, scenario, variables, world

from simulator.engine import Session
from simulator.engine.replay import verify_log

IDS = ("creuser", "remise", "valeur", "references", "delai")


def menu(*, fixed: bool = False, last: tuple[str, ...] = ("raccrocher",)) -> object:
    """A node with five shuffled replies, a `raccrocher` kept last, and a way back."""
    replies = tuple(choice(cid, f"Réponse {cid}", "suite") for cid in IDS)
    kept = tuple(choice(cid, f"Réponse {cid}", "fin", last=True) for cid in last)
    return scenario([
        node("objection", text="C'est trop cher.", choices=replies + kept, fixed_order=fixed),
        node("suite", text="Et ensuite ?", choices=(choice("retour", "Retour", "objection"),)),
        end("fin"),
    ])


def shown(s: Session) -> list[str]:
    return [v.id for v in s.choices]


def test_the_order_differs_across_seeds_and_is_stable_for_one() -> None:
    sc = menu()
    orders = {tuple(shown(make(sc, seed=seed))) for seed in range(1, 21)}
    assert len(orders) >= 10                     # 120 orders possible for 5 replies
    s = make(sc, seed=7)
    first = shown(s)
    assert first == shown(make(sc, seed=7))      # same seed, same order
    s.choose("valeur")
    s.choose("retour")                           # revisited: same order again
    assert shown(s) == first
    assert first[-1] == "raccrocher"


def test_the_number_is_the_place_shown_and_the_choice_records_both() -> None:
    s = make(menu(), seed=3)
    views = s.choices
    assert [v.number for v in views] == list(range(1, len(views) + 1))
    target = views[2]
    s.choose(3)
    made = next(e for e in s.events if e["type"] == "choice_made")["data"]
    assert (made["choice"], made["number"]) == (target.id, 3)
    listed = next(e for e in s.events if e["type"] == "choices_shown")["data"]["choices"]
    assert [c["id"] for c in listed] == [v.id for v in views]


def test_fixed_nodes_and_old_logs_keep_the_written_order() -> None:
    written = [*IDS, "raccrocher"]
    for seed in range(1, 15):
        assert shown(make(menu(fixed=True), seed=seed)) == written
        # A log header without `models.choix` (recorded before the shuffle).
        assert shown(make(menu(), seed=seed, models={"buyer": 2})) == written


def test_several_last_choices_stay_last_in_written_order() -> None:
    s = make(menu(last=("revenir", "raccrocher")), seed=5)
    assert shown(s)[-2:] == ["revenir", "raccrocher"]
    assert sorted(shown(s)[:-2]) == sorted(IDS)


def test_negotiation_nodes_keep_the_written_order() -> None:
    from test_engine_helpers import negotiation_node

    nego = negotiation_node(on_agreement="fin", on_break="fin")
    replies = tuple(choice(cid, f"Argument {cid}") for cid in IDS)
    sc = scenario([replace(nego, choices=replies), end("fin")])
    for seed in range(1, 8):
        assert shown(make(sc, seed=seed)) == list(IDS)


def test_shuffled_sessions_replay_by_id(tmp_path: Path) -> None:
    sc = menu()
    for seed in (1, 2, 3):
        path = tmp_path / f"s{seed}.jsonl"
        s = Session.open(sc, path, seed=seed, world=world(), trainee="Camille")
        assert s.header()["models"]["choix"] == 2
        s.choose(2)
        s.choose("retour")
        s.choose(1)
        s.close()
        result = verify_log(path, sc)
        assert result.ok, result.message


@given(seed=st.integers(min_value=0, max_value=2**63), hidden=st.sets(st.sampled_from(IDS)),
       disabled=st.sets(st.sampled_from(IDS)), mode=st.sampled_from(("entrainement",
                                                                        "examen")))
def test_the_order_is_a_permutation_of_what_is_shown(seed: int, hidden: set[str],
                                                     disabled: set[str], mode: str) -> None:
    """Any seed, any mix of hidden / disabled replies: the same set as the written order."""
    def reply(cid: str) -> object:
        if cid in hidden:
            return choice(cid, cid, "fin", condition="faux_partout")
        if cid in disabled:
            return choice(cid, cid, "fin", condition="faux_partout", reason="Pas encore.")
        return choice(cid, cid, "fin")

    nodes = [node("n", text="?", choices=(*map(reply, IDS),
                                          choice("quitter", "Quitter", "fin", last=True))),
             end("fin")]
    sc = scenario(nodes, vars=variables(faux_partout=("booleen", False)))
    shuffled = make(sc, seed=seed, mode=mode).choices
    written = make(sc, seed=seed, mode=mode, models={}).choices
    assert sorted(v.id for v in shuffled) == sorted(v.id for v in written)
    assert {v.id: v.enabled for v in shuffled} == {v.id: v.enabled for v in written}
    assert [v.number for v in shuffled] == list(range(1, len(written) + 1))
    assert shuffled[-1].id == "quitter"


ORDER_SCENARIO = """\
id: cas
titre: "Cas"
version: "1.0"
competences: [C1]
duree: "15 min"
dossier_vendeur: air-comprime
debut: echelle
noeuds:
  echelle:
    texte: "Votre satisfaction ?"
    ordre: {ordre}
    choix:
      - {{id: un, texte: "Peu", suite: fin, preuves: [{{critere: C1.2, justification: "x"}}]}}
      - {{id: deux, texte: "Assez", suite: fin}}
      - {{id: trois, texte: "Très", suite: fin, en_dernier: {last}}}
  fin: {{type: fin, issue: succes, texte: "Fin."}}
"""


def test_loader_reads_the_order_settings_and_the_checker_warns(tmp_path: Path) -> None:
    from simulator.scenario import load_scenario, validate

    path = tmp_path / "cas.yaml"
    path.write_text(ORDER_SCENARIO.format(ordre="fixe", last="vrai"), encoding="utf-8")
    sc = load_scenario(path)
    assert sc.nodes["echelle"].fixed_order and sc.nodes["echelle"].choices[2].last
    warned = [p.message for p in validate(path) if p.severity == "avertissement"]
    assert any("« en_dernier » est sans effet" in m for m in warned), warned
    path.write_text(ORDER_SCENARIO.format(ordre="melange", last="vrai"), encoding="utf-8")
    assert not any("en_dernier" in p.message for p in validate(path))
    path.write_text(ORDER_SCENARIO.format(ordre="au_hasard", last="vrai"), encoding="utf-8")
    errors = [p.message for p in validate(path) if p.severity == "erreur"]
    assert any("ordre" in m and "melange, fixe" in m for m in errors), errors
