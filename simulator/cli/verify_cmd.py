"""`ntc replay LOG [--verify]` and `ntc scenarios fuzz`: checking sessions and scenarios.

`--verify` goes through the jury's one check (simulator/trust/audit.py), streamed; the fuzz
report lists dead ends, endless loops, runtime errors, unvisited nodes and choices never
offered.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.errors import UserError

FUZZ_KINDS = {"impasse": "impasse", "boucle": "boucle sans fin", "erreur": "erreur d'exécution",
              "refus": "entrée refusée", "limite": "limite dépassée"}


# -- ntc replay --------------------------------------------------------------------------------
def replay_command(args: argparse.Namespace) -> int:
    path = Path(args.log)
    if not path.is_file():
        raise UserError(f"journal introuvable : {path}", 2)
    if not args.verify:
        from simulator.cli import tui_cmd

        opener = getattr(tui_cmd, "open_replay", None)
        if opener is None:
            print("Le rejeu dans l'application n'est pas encore disponible ; "
                  "utilisez « ntc replay JOURNAL --verify ».")
            return 0
        return int(opener(args))
    from simulator.log import signing_key
    from simulator.log.errors import LogError
    from simulator.trust.audit import audit_log

    try:
        audit = audit_log(path, signing_key(), keep_events=False)   # streamed, bounded
    except LogError as exc:         # the key file of NTC_LOG_KEY_FILE is missing or empty
        raise UserError(str(exc), 2) from None
    for warning in audit.reader_warnings:
        print(f"ntc : {path} : avertissement : {warning}", file=sys.stderr)
    if audit.refused is not None:
        print(f"ntc : {path} : {audit.message()}", file=sys.stderr)
        return 1
    print(audit.message(), file=sys.stderr if audit.status else sys.stdout)
    print(f"signature : {audit.signature_label}")
    if audit.provenance is not None and not audit.provenance.message:
        print(f"scénario : {audit.provenance.label}")
    for flag in audit.flags:
        if flag.message != audit.signature_label:
            print(f"{'attention : ' if flag.blocking else ''}{flag.message}")
    from simulator.trust.bridge import evaluation_flag

    session = str((audit.header or {}).get("session_id") or path.name)
    cut, _known = evaluation_flag(str(path), session, signing_key())
    if cut is not None:           # the evaluation file lost records: same status as score
        print(f"attention : {cut}")
    for limit in audit.limits:
        print(limit)
    return 1 if cut is not None else audit.status


# -- ntc scenarios fuzz ------------------------------------------------------------------------
def fuzz_command(args: argparse.Namespace) -> int:
    import time

    from simulator.engine.fuzz import fuzz
    from simulator.engine.transcript import OUTCOME_FR

    if args.runs < 1:
        raise UserError("--runs doit être au moins 1", 2)
    from simulator.cli.loading import load_checked

    scenario = load_checked(args.path)
    started = time.perf_counter()
    report = fuzz(scenario, runs=args.runs, seed=args.seed)
    elapsed = time.perf_counter() - started
    outcomes = ", ".join(f"{OUTCOME_FR.get(k, k)} {v}"
                         for k, v in sorted(report.outcomes.items())) or "aucune"
    from simulator.scenario.problems import display_path

    print(f"{display_path(scenario.path)} : {_count(report.runs, 'partie')} "
          f"({_count(report.steps, 'étape')}) en {f'{elapsed:.1f}'.replace('.', ',')} s ; "
          f"terminées : {report.ended} ({outcomes})")
    for finding in report.errors:
        kind = FUZZ_KINDS.get(finding.kind, finding.kind)
        print(f"✗ {kind} : {finding.message} — {_count(finding.count, 'partie')}, "
              f"graine {finding.seed}")
    for node_id in report.unvisited:
        node = scenario.nodes[node_id]
        print(f"{node.pos}: avertissement : nœud « {node_id} » jamais visité")
    choices = {(n, c.id): c for n, node in scenario.nodes.items() for c in node.choices}
    for node_id, choice_id in report.never_enabled:
        choice = choices[(node_id, choice_id)]
        print(f"{choice.pos}: avertissement : choix « {choice_id} » du nœud « {node_id} » "
              f"jamais proposé en {_count(report.runs, 'partie')} : sa condition n'a été "
              "vraie dans aucun des états atteints")
    if report.errors:
        print(f"{_count(len(report.errors), 'problème')} trouvé"
              f"{'s' if len(report.errors) > 1 else ''}")
        return 1
    print("aucune impasse, boucle ni erreur d'exécution")
    return 0


def _count(n: int, noun: str) -> str:
    """« 1 partie », « 0 partie », « 12 parties » (French: plural from 2)."""
    return f"{n} {noun}{'s' if n > 1 else ''}"
