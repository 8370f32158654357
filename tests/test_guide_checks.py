"""Every check listed in the guide (section 20) is real: each broken variant of a guide
example below makes `validate` print a message that the guide quotes word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from guide_support import example, section, write_extra_files

CHECKS = section("verifications:debut", "verifications:fin")
R, N, T, D = ("relance-retard-reglement", "negociation-chariots", "bilan-mensuel",
              "decouverte-besoins")

# (name, example id, [(old, new), ...]); "old" must occur in the example.
CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("preuve-bloquante-positive", R, [('            poids: -1\n'
                                       '            justification: "Exigence',
                                       '            poids: 1\n            bloquant: true\n'
                                       '            justification: "Exigence')]),
    ("effet-croissant", R, [("        suite: fin_refus\n",
                             '        effets: ["tension = tension * tension"]\n'
                             "        suite: explication\n")]),
    ("tabulation", R, [("  statut: client", "\tstatut: client")]),
    ("deux-points", R, [('titre: "Relancer un client en retard de paiement"',
                         "titre: Relance : client en retard")]),
    ("accolade", R, [('texte: "{contact.nom}, bonjour. Que puis-je pour vous ?"',
                      "texte: {contact.nom}, bonjour.")]),
    ("arobase", R, [('texte: "Voyez ça avec notre comptable. Au revoir."', "texte: @compta")]),
    ("etoile", R, [('texte: "Voyez ça avec notre comptable. Au revoir."', "texte: *Au revoir*")]),
    ("crochet", R, [("competences: [C4]", "competences: [C4")]),
    ("accolade-ouverte", R, [("echeancier: {type: booleen, initial: faux}",
                              "echeancier: {type: booleen, initial: faux")]),
    ("cle-sans-deux-points", R, [("difficulte: facile", "difficulte facile\nx: y")]),
    ("echappement", R, [('texte: "Voyez ça avec notre comptable. Au revoir."',
                         'texte: "C:\\dossier"')]),
    ("ancre", R, [("difficulte: facile", "difficulte: &")]),
    ("cle-double", R, [("difficulte: facile", "difficulte: facile\ndifficulte: moyenne")]),
    ("tiret-oublie", R, [("      - id: menace", "        id: menace")]),
    ("tiret-colonne", R, [("      - id: menace", "      id: menace")]),
    ("tiret-premier", R, [("      - id: rappel_factuel", "        id: rappel_factuel")]),
    ("liste-dictionnaire", R, [("          - critere: C4.2\n            poids: 1\n",
                                "            critere: C4.2\n            poids: 1\n")]),
    ("trop-indente", R, [("    issue: succes\n    texte:", "    issue: succes\n      texte:")]),
    ("trop-indente-guillemets", R, [("trimestre.\"\n    reactions:",
                                     "trimestre.\"\n      reactions:")]),
    ("pas-assez-indente", R, [("    issue: echec", "   issue: echec")]),
    ("guillemet-non-ferme", R, [("ce trimestre.\"\n", "ce trimestre.\n")]),
    ("apostrophe-non-fermee", R, [('texte: "Oui… nous avons un décalage de trésorerie ce '
                                   'trimestre."', "texte: 'Oui… nous avons un décalage.")]),
    ("guillemet-interieur", R, [('"Oui… nous avons un décalage de trésorerie ce trimestre."',
                                 '"Oui… nous avons un "petit" décalage de trésorerie."')]),
    ("apostrophe-interieure", R, [('texte: "Voyez ça avec notre comptable. Au revoir."',
                                   "texte: 'Voyez ça avec l'assistante. Au revoir.'")]),
    ("crochet-texte", R, [('texte: "Voyez ça avec notre comptable. Au revoir."',
                           "texte: [Note] voyez ça avec notre comptable.")]),
    ("insecable", R, [("    issue: echec", "    issue\u00a0: echec")]),
    ("invisible-indentation", R, [("    issue: echec", "  \u00a0 issue: echec")]),
    ("chemin-windows", R, [("debut: accueil", "inclure: [fragments\\objections.yaml]\n"
                                              "debut: accueil")]),
    ("chemin-windows-guillemets", R, [("debut: accueil", "inclure: [\"fragments\\objections."
                                                         "yaml\"]\ndebut: accueil")]),
    ("tabulation-debut", R, [("    issue: echec", "\tissue: echec")]),
    ("etiquette-python", R, [("difficulte: facile",
                              "difficulte: !!python/object:os.system facile")]),
    ("etiquette", R, [("difficulte: facile", "difficulte: !secret facile")]),
    ("etiquette-map", R, [("difficulte: facile", "difficulte: !!map facile")]),
    ("fusion", R, [("  echeancier: {type: booleen, initial: faux}",
                    "  echeancier: {type: booleen, initial: faux}\n  autre:\n"
                    "    <<: {type: entier}")]),
    ("cle-liste", R, [("difficulte: facile", "[a, b]: facile")]),
    ("imbrication", R, [("difficulte: facile", "difficulte: " + "[" * 60 + "]" * 60)]),
    ("champ-inconnu", R, [("difficulte: facile", "difficulté: facile")]),
    ("champ-obligatoire", R, [('duree: "10 min"\n', "")]),
    ("version-decimale", R, [('version: "1.0"', "version: 1.10")]),
    ("duree-base-60", R, [('duree: "10 min"', "duree: 1:30")]),
    ("duree-invalide", R, [('duree: "10 min"', 'duree: "dix minutes"')]),
    ("valeur-inconnue", R, [("difficulte: facile", "difficulte: facil")]),
    ("booleen", R, [('    texte: "Voyez ça avec notre comptable. Au revoir."',
                     "    texte: off")]),
    ("date", R, [('version: "1.0"', "version: 2026-12-01")]),
    ("octal", R, [('version: "1.0"', "version: 0755")]),
    ("null", R, [('version: "1.0"', "version: ~")]),
    ("vide", R, [('version: "1.0"', "version:")]),
    ("texte-attendu", R, [('titre: "Relancer un client en retard de paiement"',
                           "titre: [a, b]")]),
    ("liste-attendue", R, [("competences: [C4]", "competences: C4")]),
    ("dictionnaire-attendu", R, [("client:\n  statut: client", "client: client")]),
    ("identifiant", R, [("id: relance-retard-reglement", "id: relance retard")]),
    ("texte-vide", R, [("      - id: exiger", "      - id: ''")]),
    ("filtre", R, [("  statut: client", "  statut: client\n  taille: 3")]),
    ("statut", R, [("  statut: client", "  statut: clients")]),
    ("filtre-dictionnaire", R, [("  statut: client", "  statut: client\n  effectif: {min: 3}")]),
    ("patience", R, [("  patience: 3", "  patience: 7")]),
    ("motivation", R, [("motivations: [confort, sympathie]", "motivations: [confort, prix]")]),
    ("besoin-double", R, [("  humeur: embarrasse", "  humeur: embarrasse\n  besoins_caches:\n"
                                                   "    - {id: a, texte: x}\n"
                                                   "    - {id: a, texte: y}")]),
    ("besoin-non-revele", R, [("  humeur: embarrasse", "  humeur: embarrasse\n"
                                                       "  besoins_caches:\n"
                                                       "    - {id: tresorerie, texte: x}")]),
    ("nom-variable", R, [("  tension: {type: entier, initial: 0}",
                          "  tension: {type: entier, initial: 0}\n  rdv pris: {type: booleen}")]),
    ("mot-reserve", R, [("  tension: {type: entier, initial: 0}",
                         "  tension: {type: entier, initial: 0}\n  somme: {type: entier}")]),
    ("donnee-du-monde", R, [("  tension: {type: entier, initial: 0}",
                             "  tension: {type: entier, initial: 0}\n  client: {type: entier}")]),
    ("type-variable", R, [("tension: {type: entier, initial: 0}",
                           "tension: {type: nombre, initial: 0}")]),
    ("initial-entier", R, [("tension: {type: entier, initial: 0}",
                            "tension: {type: entier, initial: 1.5}")]),
    ("initial-booleen", R, [("echeancier: {type: booleen, initial: faux}",
                             "echeancier: {type: booleen, initial: peut-etre}")]),
    ("variable-jamais-lue", R, [("  tension: {type: entier, initial: 0}",
                                 "  tension: {type: entier, initial: 0}\n  note: {type: texte}"),
                                ('"echeancier = vrai"', '"echeancier = vrai", "note = \'a\'"')]),
    ("decision-inconnue", R, [("variables: {echeancier: vrai}",
                               "variables: {echeancier: vrai}\n      criteres: {C4.2: acqui}")]),
    ("si-sans-deux-points", R, [("{contact.nom}, bonjour.", "{si tension > 1 Encore vous}")]),
    ("si-non-ferme", R, [("{contact.nom}, bonjour.", "{si tension > 1 : Encore vous")]),
    ("si-vide", R, [("{contact.nom}, bonjour.", "{si  : Encore vous}")]),
    ("variable-inutile", R, [("  tension: {type: entier, initial: 0}",
                              "  tension: {type: entier, initial: 0}\n  inutile: {type: entier}")]),
    ("id-noeud", R, [("  fin_refus:\n", "  fin refus:\n")]),
    ("noeud-pas-dictionnaire", R, [("noeuds:\n", "noeuds:\n  vide: rien\n")]),
    ("sans-texte", R, [('    texte: "Voyez ça avec notre comptable. Au revoir."\n', "")]),
    ("champ-non-permis", R, [("    issue: echec\n", "    issue: echec\n    choix: []\n")]),
    ("sans-issue", R, [("    issue: echec\n", "")]),
    ("choix-double", R, [("      - id: exiger", "      - id: proposer_echeancier")]),
    ("raison-seule", R, [('        actes: [agressif]\n        preuves:\n          - critere: C4.2\n'
                          '            poids: -1\n            justification: "Exigence',
                          '        raison: "x"\n        actes: [agressif]\n        preuves:\n'
                          '          - critere: C4.2\n            poids: -1\n'
                          '            justification: "Exigence')]),
    ("acte", R, [("actes: [ecoute, question_fermee]", "actes: [ecoute, reformuler]")]),
    ("revele", R, [('        effets: ["echeancier = vrai"]',
                    '        effets: ["echeancier = vrai"]\n        revele: [tresorerie]')]),
    ("critere", R, [("- critere: C4.2\n            poids: -1\n            justification: \"Exi",
                     "- critere: C4.9\n            poids: -1\n            justification: \"Exi")]),
    ("poids", R, [("            poids: -1\n            justification: \"Exigence",
                   "            poids: 0\n            justification: \"Exigence")]),
    ("competence", R, [("competences: [C4]", "competences: [C4, C9]")]),
    ("competence-sans-preuve", R, [("competences: [C4]", "competences: [C4, C3]")]),
    ("referentiel", R, [("referentiel: TP-00338", "referentiel: TP-99999")]),
    ("cible", R, [("        suite: fin_refus", "        suite: fin_refu")]),
    ("debut", R, [("debut: accueil", "debut: acceuil")]),
    ("inaccessible", R, [("  fin_accord:\n", "  orphelin:\n    type: fin\n    issue: echec\n"
                                             "    texte: x\n  fin_accord:\n")]),
    ("impasse", R, [("  fin_refus:\n", "  impasse:\n    texte: \"x\"\n  fin_refus:\n"),
                    ("        suite: fin_refus\n", "        suite: impasse\n")]),
    ("boucle", R, [("        suite: fin_refus\n",
                    "        suite: boucle_a\n  boucle_a:\n    texte: a\n    choix:\n"
                    "      - {id: x, texte: x, suite: boucle_b}\n  boucle_b:\n    texte: b\n"
                    "    choix:\n      - {id: y, texte: y, suite: boucle_a}\n")]),
    ("branche", R, [("        suite: fin_refus\n", "        suite:\n          - vers: fin_refus\n"
                     "          - si: \"tension > 1\"\n            vers: fin_accord\n")]),
    ("forme-suite", R, [("        suite: fin_refus\n", "        suite: {alea: []}\n")]),
    ("poids-aleatoire", R, [("        suite: fin_refus\n",
                             "        suite:\n          aleatoire:\n"
                             "            - {vers: fin_refus, poids: 0}\n"
                             "            - {vers: fin_accord}\n")]),
    ("tirage-sans-sinon", R, [("        suite: fin_refus\n",
                               "        suite:\n          tirage: [fin_refus, fin_accord]\n")]),
    ("parenthese", R, [('condition: "tension < 2"', 'condition: "(tension < 2"')]),
    ("egal", R, [('condition: "tension < 2"', 'condition: "tension = 2"')]),
    ("superieur-ou-egal", R, [('condition: "tension < 2"', 'condition: "tension => 2"')]),
    ("inferieur-ou-egal", R, [('condition: "tension < 2"', 'condition: "tension =< 2"')]),
    ("si-seul", R, [('condition: "tension < 2"', 'condition: "si tension < 2"')]),
    ("puissance", R, [('condition: "tension < 2"', 'condition: "tension ** 2 < 4"')]),
    ("fonction", R, [('condition: "tension < 2"', 'condition: "moyen([tension]) < 2"')]),
    ("si-alors", R, [('condition: "tension < 2"', 'condition: "vrai if tension < 2 else faux"')]),
    ("guillemets", R, [('condition: "tension < 2"', 'condition: "tension < « 2 »"')]),
    ("trop-longue", R, [('condition: "tension < 2"',
                         'condition: "' + "tension + " * 60 + '1 < 2"')]),
    ("nom-inconnu", R, [('condition: "tension < 2"', 'condition: "tensoin < 2"')]),
    ("champ-monde", R, [('condition: "tension < 2"', 'condition: "client.chiffre > 2"')]),
    ("champ-variable", R, [('condition: "tension < 2"', 'condition: "tension.max > 2"')]),
    ("visites", R, [('condition: "tension < 2"', 'condition: "visites(acceuil) > 0"')]),
    ("revele-fonction", R, [('condition: "tension < 2"', 'condition: "revele(budget)"')]),
    ("effet", R, [('"tension += 2"', '"tension + 2"')]),
    ("effet-inconnu", R, [('"tension += 2"', '"colere += 2"')]),
    ("effet-monde", R, [('"tension += 2"', '"client = 2"')]),
    ("effet-booleen", R, [('"echeancier = vrai"', '"echeancier += 1"')]),
    ("effet-type", R, [('"echeancier = vrai"', '"echeancier = 1"')]),
    ("effet-texte", R, [("  echeancier: {type: booleen, initial: faux}",
                         "  echeancier: {type: booleen, initial: faux}\n  note: {type: texte}"),
                        ('"echeancier = vrai"', '"echeancier = vrai", "note -= \'a\'"')]),
    ("espace-mal-forme", R, [("{contact.nom}, bonjour.", "{contact nom}, bonjour.")]),
    ("espace-inconnu", R, [("{contact.nom}, bonjour.", "{contat.nom}, bonjour.")]),
    ("espace-champ", R, [("{contact.nom}, bonjour.", "{contact.nomm}, bonjour.")]),
    ("espace-variable", R, [("{contact.nom}, bonjour.", "{tension.x}, bonjour.")]),
    ("espace-produit", R, [("{contact.nom}, bonjour.", "{produit.nom}, bonjour.")]),
    ("espace-article", R, [("{contact.nom}, bonjour.", "{du client.commune}, bonjour.")]),
    ("espace-formes", R, [("{contact.nom}, bonjour.", "{contact: Monsieur}, bonjour.")]),
    ("espace-formes-mot", R, [("{contact.nom}, bonjour.", "{de contact: a / b}, bonjour.")]),
    ("espace-repli-vide", R, [("{contact.nom}, bonjour.", "{contact.nom|}, bonjour.")]),
    ("espace-peut-etre-vide", R, [("{contact.nom}, bonjour.", "{client.concurrent}, bonjour.")]),
    ("variantes-vides", R, [('    texte: "{contact.nom}, bonjour. Que puis-je pour vous ?"',
                             "    variantes:\n      mode: sequence\n      textes: []")]),
    ("test-action", R, [("      - choisir: menace\n", "      - cliquer: menace\n")]),
    ("test-etape", R, [("      - choisir: menace\n",
                        "      - choisir: menace\n        dire: x\n")]),
    ("test-choix", R, [("      - choisir: menace\n", "      - choisir: menacer\n")]),
    ("test-noeud", R, [("      noeud: fin_accord\n", "      noeud: fin_accords\n")]),
    ("test-variable", R, [("variables: {echeancier: vrai}", "variables: {echeancie: vrai}")]),
    ("test-champ", R, [("      - choisir: menace\n", "      - repondre: {ca: 3}\n")]),
    ("test-mode", R, [('  - nom: "Relance réussie"\n',
                       '  - nom: "Relance réussie"\n    mode: exam\n')]),
    ("fragment-absent", R, [("debut: accueil",
                             "inclure: [fragments/absent.yaml]\ndebut: accueil")]),
    ("fragment-double", D, [("inclure: [fragments/conclusion-rdv.yaml]",
                             "inclure: [fragments/conclusion-rdv.yaml, "
                             "fragments/conclusion-rdv.yaml]")]),
    ("noeud-double", D, [("  fin_rdv:\n", "  proposer_rdv:\n    type: fin\n    issue: succes\n"
                                          "    texte: x\n  fin_rdv:\n")]),
    ("variable-double", D, [("  questions: {type: entier, initial: 0}",
                             "  questions: {type: entier, initial: 0}\n"
                             "  rdv_pris: {type: booleen}")]),
    ("chrono-cible", D, [("  expiration: fin_temps\n", "  expiration: fin_temp\n")]),
    ("chrono-mode", D, [("  modes: [examen]", "  modes: [exam]")]),
    ("sans-dossier", N, [("dossier_vendeur: manutention\n", "")]),
    ("dossier", N, [("dossier_vendeur: manutention", "dossier_vendeur: manutentions")]),
    ("produit", N, [("produit: chariot-electrique-25", "produit: chariot-25")]),
    ("sans-produit", N, [("    produit: chariot-electrique-25\n", "")]),
    ("sans-suites", N, [("    suites: {accord: signature, rupture: echec}\n", "")]),
    ("tactique", N, [("tactique: boulware", "tactique: dur")]),
    ("e-negatif", N, [("      tours_max: 6", "      e: -1\n      tours_max: 6")]),
    ("e-texte", N, [("      tours_max: 6", "      e: fort\n      tours_max: 6")]),
    ("tours", N, [("      tours_max: 6", "      tours_max: 0")]),
    ("somme-poids", N, [("services: 0.1}", "services: 0.3}")]),
    ("critere-nego", N, [("ouverture: {remise: 15,", "ouverture: {rabais: 15,")]),
    ("sans-consigne", T, [('    consigne: "Calculez les indicateurs du mois à partir du '
                           'fichier."\n', "")]),
    ("tache-sans-suite", T, [("    suite: ciblage\n", "")]),
    ("type-question", T, [('        type: nombre\n        libelle: "Chiffre',
                           '        type: numerique\n        libelle: "Chiffre')]),
    ("sans-attendu", T, [('        attendu: "indicateurs.ca_total"\n', "")]),
    ("sans-options", T, [("        options: [A, B, C]\n", "")]),
    ("option-attendue", T, [('        attendu: "client.segment"', "        attendu: \"'D'\"")]),
    ("booleen-options", T, [('        attendu: "client.segment"', '        attendu: "vrai"')]),
    ("option-sans-apostrophes", T, [('        attendu: "client.segment"', "        attendu: A")]),
    ("toutes-conditionnelles", R, [('        actes: [agressif]\n        preuves:\n'
                                    '          - critere: C4.2\n            poids: -1\n'
                                    '            justification: "Exigence',
                                    '        condition: "vrai"\n        actes: [agressif]\n'
                                    '        preuves:\n          - critere: C4.2\n'
                                    '            poids: -1\n'
                                    '            justification: "Exigence')]),
    ("options-heure", T, [("        options: [A, B, C]", "        options: [9:00, B, C]")]),
    ("tolerance", T, [('tolerance: "1 %"', 'tolerance: "un pour cent"')]),
    ("sans-source", T, [("        source: entreprises\n", "")]),
    ("source", T, [("        source: entreprises\n", "        source: clients\n")]),
    ("sans-attendu-si", T, [("        attendu_si: \"ligne.statut == 'prospect' et "
                             "ligne.potentiel == 'fort'\"\n", "")]),
    ("champ-ligne", T, [("ligne.potentiel == 'fort'", "ligne.potentiels == 'fort'")]),
    ("reussi", T, [("    suite: ciblage\n", "    suite:\n      - si: \"reussi(cas)\"\n"
                                           "        vers: ciblage\n      - vers: fin\n")]),
    ("score-tache", T, [("    suite: ciblage\n",
                         "    suite:\n      - si: \"score_tache(indicateur) > 0.5\"\n"
                         "        vers: ciblage\n      - vers: fin\n")]),
    ("score-pas-tache", T, [("    suite: ciblage\n",
                             "    suite:\n      - si: \"score_tache(fin) > 0.5\"\n"
                             "        vers: ciblage\n      - vers: fin\n")]),
    ("sans-mots-cles", T, [("        mots_cles: [objectif, relance]\n", "")]),
    ("chiffre-sans-attendu", T, [("        mots_cles: [objectif, relance]\n",
                                  "        mots_cles: [objectif, relance]\n"
                                  "        chiffres: [{libelle: \"le CA\"}]\n")]),
    ("chiffres-hors-texte", T, [('        attendu: "indicateurs.ca_total"\n',
                                 '        attendu: "indicateurs.ca_total"\n'
                                 '        chiffres: [{attendu: "indicateurs.ca_total"}]\n')]),
    ("question-double", T, [("      - id: panier", "      - id: ca")]),
]

WHOLE_FILES: list[tuple[str, str]] = [
    ("fichier-vide", ""),
    ("pas-un-dictionnaire", "- a\n- b\n"),
    ("fragment-seul", "fragment: x\ndebut: y\nnoeuds: {}\n"),
    ("caractere-de-controle", "id: x\ntitre: \"a\x07b\"\n"),
    ("bombe", "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
              + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
                        for p, n in zip("abcd", "bcde", strict=True))
              + "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
]


def _normalise(text: str) -> str:
    """Numbers vary with the example's layout; the wording must not."""
    return re.sub(r"\d+(?:[.,]\d+)?", "N", text)


QUOTED = _normalise(CHECKS.replace("\\|", "|"))      # « \| »: a pipe inside a table cell


def _messages(path: Path) -> list[str]:
    from simulator.scenario import validate

    out = []
    for problem in validate(path):
        out.append(problem.message)
    return out


def _assert_quoted(messages: list[str]) -> None:
    assert messages, "aucun problème signalé"
    assert any(f"`{_normalise(m)}`" in QUOTED for m in messages), (
        "message absent de la section 20 de GUIDE.md : " + " | ".join(messages))


@pytest.mark.parametrize(("name", "scenario_id", "edits"), CASES, ids=[c[0] for c in CASES])
def test_check_is_quoted_in_guide(name: str, scenario_id: str, edits: list[tuple[str, str]],
                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = example(scenario_id)
    for old, new in edits:
        assert old in text, f"{name} : « {old} » absent de l'exemple {scenario_id}"
        text = text.replace(old, new, 1)
    write_extra_files(tmp_path)
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _assert_quoted(_messages(Path("scenario.yaml")))


@pytest.mark.parametrize(("name", "text"), WHOLE_FILES, ids=[c[0] for c in WHOLE_FILES])
def test_file_check_is_quoted_in_guide(name: str, text: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _assert_quoted(_messages(Path("scenario.yaml")))


def test_reading_checks_are_quoted_in_guide(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _assert_quoted(_messages(Path("absent.yaml")))
    (tmp_path / "dossier.yaml").mkdir()
    _assert_quoted(_messages(Path("dossier.yaml")))
    latin = example(R).encode("utf-8").replace(b"Oui", b"\xe9\xe9")
    (tmp_path / "latin1.yaml").write_bytes(latin)
    _assert_quoted(_messages(Path("latin1.yaml")))
    (tmp_path / "gros.yaml").write_text("# " + "x" * (3 * 1024 * 1024), encoding="utf-8")
    _assert_quoted(_messages(Path("gros.yaml")))


def test_fragment_checks_are_quoted_in_guide(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write_extra_files(tmp_path)
    fragment = tmp_path / "fragments" / "conclusion-rdv.yaml"
    body = fragment.read_text(encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(example(D), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    fragment.write_text(body.replace("fragment: conclusion-rdv", "fragment: c\ndebut: x"),
                        encoding="utf-8")
    _assert_quoted(_messages(Path("scenario.yaml")))
    fragment.write_text("- a\n", encoding="utf-8")
    _assert_quoted(_messages(Path("scenario.yaml")))


def test_unquoted_message_is_detected() -> None:
    with pytest.raises(AssertionError):
        _assert_quoted(["message que le guide ne cite pas"])
