"""Synthetic scenarios of any size (benchmarks, stress tests): valid and deterministic."""

from __future__ import annotations


def big_scenario_text(nodes: int = 1000) -> str:
    """YAML of a valid scenario with `nodes` dialogue nodes plus two ends.

    Every node has three choices (next node, a jump, the end) with conditions, effects,
    speech acts, evidence and placeholders, so that every check has work to do.
    """
    out = [
        "id: synthetique",
        f'titre: "Scénario synthétique de {nodes} nœuds"',
        'version: "1.0"',
        "competences: [C1, C2]",
        'duree: "1 h 30"',
        "dossier_vendeur: air-comprime",
        "variables:",
        "  confiance: {type: entier, initial: 0}",
        "  rdv: {type: booleen, initial: faux}",
        "debut: n0",
        "noeuds:",
    ]
    for i in range(nodes):
        nxt = f"n{i + 1}" if i + 1 < nodes else "fin_ok"
        jump = f"n{(i * 7 + 3) % nodes}"
        out += [
            f"  n{i}:",
            f'    texte: "Étape {i} chez {{client.raison_sociale}} ({{confiance}})."',
            "    choix:",
            f"      - id: suivant_{i}",
            f'        texte: "Bonjour {{contact.nom}}, question {i} ?"',
            '        condition: "confiance >= -5 and not rdv"',
            "        actes: [question_ouverte]",
            '        effets: ["confiance += 1"]',
            "        preuves:",
            f'          - {{critere: C2.1, poids: 1, justification: "Question ouverte {i}."}}',
            f"        suite: {nxt}",
            f"      - id: saut_{i}",
            f'        texte: "Revenons au point {i}."',
            "        suite:",
            '          - si: "confiance > 3"',
            f"            vers: {jump}",
            f"          - vers: {nxt}",
            f"      - id: fin_{i}",
            '        texte: "Je vous propose un rendez-vous."',
            "        actes: [conclusion]",
            '        effets: ["rdv = vrai"]',
            "        preuves:",
            '          - {critere: C1.5, poids: 1, justification: "Rendez-vous proposé."}',
            "        suite: fin_ok",
        ]
    out += [
        "  fin_ok:",
        "    type: fin",
        "    issue: succes",
        '    texte: "Rendez-vous confirmé."',
    ]
    return "\n".join(out) + "\n"
