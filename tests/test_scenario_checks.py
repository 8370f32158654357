"""Static checks on small scenarios written to tmp_path (graph, expressions, warnings)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from simulator.scenario import Problem, validate

HEAD = """\
id: cas
titre: "Cas"
version: "1.0"
competences: [C1]
duree: "15 min"
dossier_vendeur: air-comprime
"""


def run(tmp_path: Path, body: str, head: str = HEAD) -> list[Problem]:
    path = tmp_path / "cas.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return validate(path)


def messages(problems: list[Problem], severity: str = "erreur") -> list[str]:
    return [p.message for p in problems if p.severity == severity]


def test_loop_with_an_exit_is_fine(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - {id: vers_b, texte: "B", suite: b, preuves: [{critere: C1.2, justification: "x"}]}
          b:
            texte: "B"
            choix:
              - {id: vers_a, texte: "A", suite: a}
              - {id: sortir, texte: "Fin", suite: fin}
          fin: {type: fin, issue: succes, texte: "Fin."}
        """)
    assert problems == []


def test_loop_without_exit_is_reported_once(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - {id: vers_b, texte: "B", suite: b, preuves: [{critere: C1.2, justification: "x"}]}
              - {id: finir, texte: "Fin", suite: fin}
          b:
            texte: "B"
            choix:
              - {id: vers_c, texte: "C", suite: c}
          c:
            texte: "C"
            choix:
              - {id: vers_b2, texte: "B", suite: b}
          fin: {type: fin, issue: succes, texte: "Fin."}
        """)
    loops = [p for p in problems if "boucle sans issue" in p.message]
    assert len(loops) == 1 and "b, c" in loops[0].message
    assert loops[0].pos.line == 14


def test_expression_error_column_inside_quotes(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        variables:
          confiance: {type: entier, initial: 0}
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - id: x
                texte: "X"
                condition: "confiance >= (2"
                preuves: [{critere: C1.2, justification: "x"}]
                suite: fin
          fin: {type: fin, issue: succes, texte: "Fin."}
        """)
    errors = [p for p in problems if "expression invalide" in p.message]
    assert len(errors) == 1
    # the content starts at column 21 (after the quote); the error is at its end
    assert errors[0].pos.line == 16
    assert errors[0].pos.col == 21 + len("confiance >= (2")


def test_world_field_and_effect_checks(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        variables:
          score: {type: entier, initial: 0}
          note: {type: texte}
        debut: a
        noeuds:
          a:
            texte: "{client.ca_annuel} {contact.nom} {score} {stagiaire} {humeur} {{ok}}"
            choix:
              - id: x
                texte: "X"
                condition: "client.ca_anuel > 2_000_000 and score.total > 1"
                effets: ["score += 1.5", "note = 'bien'", "client = 3", "score = vrai"]
                preuves: [{critere: C1.2, justification: "x"}]
                suite: fin
          fin: {type: fin, issue: succes, texte: "Fin."}
        """)
    errs = messages(problems)
    assert any("champ inconnu « ca_anuel » de « client »" in m and "ca_annuel" in m
               for m in errs)
    assert any("la variable « score » n'a pas de champ" in m for m in errs)
    assert any("score » est de type entier, la valeur est un décimal" in m for m in errs)
    assert any("« client » est une donnée du monde" in m for m in errs)
    assert any("est de type entier, la valeur est un booléen" in m for m in errs)
    assert not any("espace réservé" in m for m in errs)


def test_warnings_do_not_fail(tmp_path: Path, capsys: object) -> None:
    from simulator.cli.main import main

    path = tmp_path / "cas.yaml"
    path.write_text(HEAD + textwrap.dedent("""\
        variables:
          inutile: {type: entier}
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - {id: x, texte: "X", suite: fin, preuves: [{critere: C1.2, justification: "x"}]}
          fin: {type: fin, issue: succes, texte: "Fin."}
        """), encoding="utf-8")
    problems = validate(path)
    assert [p.severity for p in problems] == ["avertissement"]
    assert "jamais utilisée" in problems[0].message
    assert main(["scenarios", "validate", str(path)]) == 0


def test_negotiation_without_dossier(tmp_path: Path) -> None:
    head = HEAD.replace("dossier_vendeur: air-comprime\n", "").replace("[C1]", "[C3]")
    problems = run(tmp_path, """\
        debut: n
        noeuds:
          n:
            type: negociation
            texte: "Trop cher."
            produit: compresseur-vsd-37
            suites: {accord: fin, rupture: fin}
          fin: {type: fin, issue: succes, texte: "Fin."}
        """, head=head)
    assert any("demande un « dossier_vendeur »" in m for m in messages(problems))
    # negotiations count as C3 evidence (analysers), so no "compétence sans preuve"
    assert not any("compétence visée" in m for m in messages(problems))


def test_task_field_requirements(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        debut: t
        noeuds:
          t:
            type: tache
            consigne: "Faites."
            champs:
              - {id: a, type: nombre}
              - {id: b, type: choix, options: [A, B], attendu: "'C'"}
              - {id: c, type: selection, source: clients, attendu_si: "vrai"}
              - {id: d, type: tournee, source: visites, critere: C1.2}
            suite: fin
          fin: {type: fin, issue: succes, texte: "Fin."}
        """)
    errs = messages(problems)
    assert any("« attendu » est obligatoire" in m for m in errs)
    assert any("« C » n'est pas dans les options" in m for m in errs)
    assert any("source inconnue « clients »" in m for m in errs)


def test_unreachable_and_test_plan_checks(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - {id: x, texte: "X", suite: fin, preuves: [{critere: C1.2, justification: "x"}]}
          fin: {type: fin, issue: succes, texte: "Fin."}
          seul: {type: fin, issue: echec, texte: "Seul."}
        tests:
          - nom: "t"
            etapes:
              - choisir: y
              - repondre: {inconnu: 3}
            attendu:
              noeud: fin
              preuves: ["C1.2", "-C8.1"]
        """)
    errs = messages(problems)
    assert any("« seul » inaccessible" in m for m in errs)
    assert any("choix inconnu « y »" in m for m in errs)
    assert any("champ de tâche inconnu « inconnu »" in m for m in errs)
    assert any("critère « C8.1 » absent" in m for m in errs)


def test_reserved_and_underscore_variable_names_are_refused(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        variables:
          dans: {type: entier}
          sinon: {type: entier}
          class: {type: entier}
          _cache: {type: entier}
          bon_nom: {type: entier}
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - {id: fin, texte: "F", suite: f, preuves: [{critere: C1.2, justification: "x"}]}
          f: {type: fin, issue: succes, texte: "Fin."}
        """)
    errors = [p for p in problems if p.severity == "erreur"]
    reserved = [p for p in errors if "mot réservé" in p.message]
    assert sorted(p.message.split(" ")[1] for p in reserved) == ["class", "dans", "sinon"]
    underscore = [p for p in errors if "commencer par « _ »" in p.message]
    assert len(underscore) == 1 and "_cache" in underscore[0].message
    assert (underscore[0].pos.line, underscore[0].pos.col) == (11, 3)
    assert not any("bon_nom" in p.message for p in errors)


def test_objection_not_drawn_by_any_tirage_is_warned(tmp_path: Path) -> None:
    problems = run(tmp_path, """\
        persona:
          objections:
            - {id: obj_prix, texte: "Trop cher."}
            - {id: obj_rappel, texte: "Rappelez-moi."}
        debut: a
        noeuds:
          a:
            texte: "A"
            choix:
              - id: go
                texte: "Allons-y"
                preuves: [{critere: C1.2, justification: "x"}]
                suite: {tirage: [obj_prix], sinon: f}
          obj_prix:
            texte: "Trop cher."
            choix:
              - {id: fin, texte: "F", suite: f}
          f: {type: fin, issue: succes, texte: "Fin."}
        """)
    warned = [m for m in messages(problems, "avertissement") if "tirage" in m]
    assert warned == ["objection « obj_rappel » : aucun « tirage » ne mène à un nœud "
                      "« obj_rappel » (le nœud qui joue une objection porte son identifiant)"]
    assert messages(problems) == []
