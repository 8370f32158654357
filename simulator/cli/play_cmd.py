"""`ntc run` (headless play); registers `ntc replay` and `ntc scenarios fuzz` too, whose
handlers live in simulator/cli/verify_cmd.py.

`ntc run` writes its log to `--log PATH`, or by default to
`./sessions/<scenario>-<stagiaire>-<AAAAMMJJ-HHMMSS>.jsonl` (a `-2`, `-3`… suffix when the
name is taken).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.cli import resume_auth
from simulator.cli.argtypes import integer, seed
from simulator.cli.errors import UserError
from simulator.cli.loading import load_checked as load
from simulator.french.grammar import count_word, plural

if TYPE_CHECKING:
    pass

MAX_TRAINEE = 80
# C0/C1 controls (ANSI escapes start with ESC), and the Unicode format characters that can
# reorder or hide text on a terminal (bidi overrides, zero-width…).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069"
                      "\ufeff]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)")


def register(commands: Any, scenario_commands: Any) -> None:
    """Add `run`, `replay`, `scenarios fuzz` (`scenarios test` is in authoring_cmd)."""
    from simulator.cli.verify_cmd import fuzz_command, replay_command

    run = commands.add_parser(
        "run", help="jouer un scénario sans interface (entrées d'un fichier ou aléatoires)",
        description="Joue un scénario sans interface, affiche la transcription et écrit le "
                    "journal de séance\n(par défaut dans ./sessions/).\n\n"
                    "Avec --resume JOURNAL, reprend une séance interrompue (plantage, "
                    "coupure)\nlà où son journal s'arrête et complète ce même journal ; le "
                    "fichier d'entrées\nne contient alors que les étapes restantes.",
        epilog="exemples :\n"
               "  ntc run prospection-telephonique --inputs entrees.txt\n"
               "  ntc run prospection-telephonique --resume sessions/journal.jsonl "
               "--inputs suite.txt")
    run.add_argument("scenario", metavar="SCENARIO", help="identifiant livré ou chemin")
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument("--inputs", metavar="FICHIER",
                        help="étapes à jouer : liste YAML ou une étape par ligne")
    source.add_argument("--random", action="store_true", help="choix aléatoires (graine)")
    run.add_argument("--seed", type=seed, default=None, metavar="N",
                     help="graine (défaut : une nouvelle graine à chaque séance "
                          "d'entraînement, affichée et enregistrée ; 1 en examen)")
    run.add_argument("--log", metavar="CHEMIN", help="chemin du journal à écrire")
    run.add_argument("--trainee", default=None, metavar="NOM",
                     help="nom du ou de la stagiaire (défaut : Stagiaire)")
    run.add_argument("--mode", choices=("entrainement", "examen"), default=None,
                     help="mode (défaut : entrainement)")
    run.add_argument("--resume", metavar="JOURNAL",
                     help="reprendre la séance interrompue de ce journal et le compléter "
                          "(graine, mode et stagiaire sont ceux du journal)")
    resume_auth.add_arguments(run)
    run.set_defaults(handler=run_command)

    replay = commands.add_parser(
        "replay", help="rejouer un journal de séance (évaluateur) ou le vérifier",
        description="Ouvre le rejeu d'un journal ; avec --verify, contrôle la chaîne "
                    "d'empreintes et ré-exécute la séance sans interface.")
    replay.add_argument("log", metavar="JOURNAL", help="fichier .jsonl")
    replay.add_argument("--verify", action="store_true",
                        help="vérifier la chaîne et rejouer (sans interface)")
    replay.set_defaults(handler=replay_command)

    fuzz = scenario_commands.add_parser(
        "fuzz", help="parties aléatoires : impasses, boucles, erreurs, nœuds non visités",
        description="Joue des parties aléatoires reproductibles et signale les impasses, "
                    "les boucles sans fin, les erreurs d'exécution et les nœuds jamais visités.")
    fuzz.add_argument("path", metavar="CHEMIN",
                      help="fichier de scénario ou identifiant d'un scénario livré")
    fuzz.add_argument("--runs", type=integer, default=500, metavar="N",
                      help="nombre de parties (défaut : 500)")
    fuzz.add_argument("--seed", type=seed, default=1, metavar="N", help="graine (défaut : 1)")
    fuzz.set_defaults(handler=fuzz_command)


# -- shared helpers --------------------------------------------------------------------------
def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "stagiaire"


def default_log_path(scenario_id: str, trainee: str, now: datetime | None = None) -> Path:
    """./sessions/<scenario>-<trainee>-<YYYYmmdd-HHMMSS>.jsonl, never an existing file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = Path("sessions") / f"{slug(scenario_id)}-{slug(trainee)}-{stamp}"
    path = base.with_suffix(".jsonl")
    n = 2
    while path.exists():
        path = Path(f"{base}-{n}.jsonl")
        n += 1
    return path


def clean_trainee(name: str) -> str:
    """The --trainee name without control characters (ANSI escapes…); UserError (2) when
    nothing printable is left or it is too long."""
    text = " ".join(_ANSI.sub("", name).split())        # tabs, newlines: one space
    text = " ".join(_CONTROL.sub("", text).split())
    if not text:
        raise UserError("--trainee : le nom du ou de la stagiaire est vide", 2)
    if len(text) > MAX_TRAINEE:
        raise UserError(f"--trainee : nom trop long ({len(text)} caractères, au plus "
                        f"{MAX_TRAINEE})", 2)
    return text


def label(speaker: str) -> str:
    """The speaker's label in the printed transcript (engine/transcript.py's table)."""
    from simulator.engine.transcript import speaker_label

    return speaker_label(speaker)


class Printer:
    """Prints the transcript as the session records events."""

    def __init__(self, out: Any = None, mode: str = "entrainement") -> None:
        self.out = out or sys.stdout
        self.mode = mode
        self.after_free_text = False

    def __call__(self, event: dict[str, Any]) -> None:
        from simulator.engine.text import show
        from simulator.engine.transcript import line_for
        from simulator.french.typography import typeset

        line = line_for(event, self.after_free_text)
        self.after_free_text = event["type"] == "free_text"
        kind, data = event["type"], event["data"]
        if kind == "node_entered" and data.get("kind") == "tache":
            print(file=self.out)
        if line is not None:
            if line.speaker == "systeme":
                print(f"— {typeset(line.text)}", file=self.out)
            else:
                print(f"{label(line.speaker)} : {typeset(line.text)}", file=self.out)
        if kind == "task_answered" and self.mode != "entrainement":
            for field, res in data.get("results", {}).items():
                mark = "✓" if res.get("ok") else "✗"
                expected = "" if res.get("ok") else f" ; attendu : {show(res.get('expected'))}"
                print(f"   {mark} {field} : {res.get('detail')}{expected}", file=self.out)
        elif kind == "offer_made":
            m = data.get("margin", {})
            flags = []
            if data.get("authority_exceeded"):
                flags.append("délégation dépassée")
            if data.get("below_floor"):
                flags.append("sous le prix plancher")
            extra = f" — {', '.join(flags)}" if flags else ""
            print(f"   (marge {show(m.get('marge'))} €, soit {show(m.get('taux_marge'))} % ; "
                  f"prix net {show(m.get('prix_net'))} €{extra})", file=self.out)
        elif kind == "choices_shown":
            # Number (the place shown, seeded) and id: either one scripts `--inputs`.
            for number, choice in enumerate(data.get("choices", []), start=1):
                state = "" if choice.get("enabled") else f" (indisponible : {choice.get('reason')})"
                print(f"   {number}. [{choice.get('id')}] {typeset(str(choice.get('text')))}"
                      f"{state}", file=self.out)


# -- ntc run -----------------------------------------------------------------------------------
def run_command(args: argparse.Namespace) -> int:
    from simulator.engine import EngineError
    from simulator.log.errors import LogError

    steps = _read_steps(args.inputs) if args.inputs else None
    scenario = load(args.scenario)
    key = _key()
    if args.resume:
        session, log_path = _resume(args, scenario)
    else:
        session, log_path = _start(args, scenario, key)
    recorder = _record(session, log_path, key)
    try:
        if not session.ended:
            _play(session, steps)
    except (LogError, EngineError) as exc:
        raise UserError(str(exc), 1) from None
    finally:
        session.close()
        recorder.close()
    print()
    if session.ended:
        from simulator.engine.transcript import OUTCOME_FR

        print(f"Issue : {OUTCOME_FR.get(session.outcome or '', session.outcome)}")
    else:
        print(f"Séance non terminée (nœud « {session.current_node.id} ») : reprenez-la avec "
              f"« ntc run {args.scenario} --resume {log_path} --inputs FICHIER ».")
    print(f"Journal : {log_path}")
    if session.fault is not None:
        print(f"ntc : séance arrêtée par une erreur du scénario : {session.fault} (journal "
              "valide, séance terminée)", file=sys.stderr)
        return 1
    return 0


def _key() -> bytes | None:
    """The signing key, checked before anything is written (UserError 2 when the key file
    named by NTC_LOG_KEY_FILE is missing or empty)."""
    from simulator.log.errors import LogError
    from simulator.log.keys import signing_key

    try:
        return signing_key()
    except LogError as exc:
        raise UserError(str(exc), 2) from None


def _read_steps(inputs: str) -> list[Any]:
    from simulator.engine.steps import StepError, parse_inputs

    path = Path(inputs)
    if path.is_dir():
        raise UserError(f"{inputs} est un dossier : --inputs attend un fichier d'entrées", 2)
    if not path.exists():
        raise UserError(f"fichier d'entrées introuvable : {inputs}", 2)
    try:
        return parse_inputs(inputs)
    except StepError as exc:
        raise UserError(str(exc), 1) from None


def _log_target(args: argparse.Namespace, scenario_id: str, trainee: str) -> Path:
    """Where the new log goes: checked (not a directory, not an existing log) and its
    folder created; UserError with a French reason otherwise."""
    from simulator.oserrors import os_reason

    log_path = Path(args.log) if args.log else default_log_path(scenario_id, trainee)
    try:
        if log_path.is_dir():
            raise UserError(f"{log_path} est un dossier : --log attend un chemin de "
                            f"fichier (ex. {log_path}/journal.jsonl)", 2)
        if log_path.exists() and log_path.stat().st_size > 0:
            raise UserError(f"le journal {log_path} existe déjà : choisissez un autre "
                            "chemin", 2)
    except OSError as exc:
        raise UserError(f"journal {log_path} inutilisable : {os_reason(exc)}", 2) from None
    folder = log_path.parent
    if folder.exists() and not folder.is_dir():
        raise UserError(f"impossible de créer le journal {log_path} : {folder} est un "
                        "fichier, pas un dossier", 2)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        hint = "" if args.log else " (indiquez un autre emplacement avec --log)"
        raise UserError(f"impossible de créer le dossier {folder} du journal : "
                        f"{os_reason(exc)}{hint}", 2) from None
    return log_path


def _start(args: argparse.Namespace, scenario: Any,
           key: bytes | None) -> tuple[Any, Path]:
    """A new session writing a new log, started, its transcript printed."""
    from simulator.engine import EngineError, Session
    from simulator.engine.seeds import session_seed
    from simulator.log.errors import LogError

    trainee = "Stagiaire" if args.trainee is None else clean_trainee(args.trainee)
    mode = args.mode or "entrainement"
    seed = session_seed(args.seed, mode)
    log_path = _log_target(args, scenario.id, trainee)
    print(f"{scenario.title} — graine {seed}, mode {mode}, stagiaire {trainee}")
    print()
    try:
        session = Session(scenario, seed=seed, trainee=trainee, mode=mode)
        from simulator.log.writer import LogWriter

        session.attach_log(LogWriter.create(log_path, session.header(), key,
                                            clock=session._clock))
        session.subscribe(Printer(mode=mode))
        session.start()
    except (LogError, EngineError) as exc:
        raise UserError(str(exc), 1) from None
    return session, log_path


def _resume(args: argparse.Namespace, scenario: Any) -> tuple[Any, Path]:
    """The interrupted session of `--resume LOG`, replayed and continuing the same log."""
    from simulator.engine import EngineError, Session
    from simulator.engine.replay import ReplayError
    from simulator.log.errors import LogError
    from simulator.log.keys import signing_key
    from simulator.log.reader import read_log

    given = [flag for flag, value in (("--seed", args.seed), ("--trainee", args.trainee),
                                      ("--mode", args.mode), ("--log", args.log))
             if value is not None]
    if given:
        raise UserError(f"{', '.join(given)} ne s'utilise pas avec --resume : la graine, le "
                        "mode, le nom du ou de la stagiaire et le journal sont ceux de la "
                        "séance reprise", 2)
    log_path = Path(args.resume)
    if not log_path.is_file():
        raise UserError(f"journal introuvable : {log_path}", 2)
    try:
        before = read_log(log_path, signing_key())
    except LogError as exc:
        raise UserError(resume_auth.refusal(str(exc)), 1) from None
    header = before.header
    if header is None:
        raise UserError(f"reprise impossible : {log_path} n'est pas un journal de séance ntc "
                        "lisible", 1)
    info = header.get("scenario")
    recorded = info.get("id") if isinstance(info, dict) else None
    if recorded != scenario.id:
        raise UserError(f"reprise impossible : le journal {log_path} a été enregistré avec le "
                        f"scénario « {recorded} », pas « {scenario.id} »", 1)
    authority = resume_auth.exam_authority(args, log_path, header)
    try:
        session = Session.resume(log_path, scenario)
    except (LogError, ReplayError, EngineError) as exc:
        raise UserError(resume_auth.refusal(str(exc)), 1) from None
    print(f"{scenario.title} — reprise de la séance de {session.trainee} (graine "
          f"{session.seed}, mode {session.mode})")
    aside = getattr(session.log, "aside", None)
    if aside:
        print(f"Ligne coupée par l'interruption mise de côté dans {aside}.")
    last = session.events[-1]
    after = last["data"]["after_seq"] if last["type"] == "session_resumed" else last["seq"]
    if authority is not None and last["type"] == "session_resumed":
        resume_auth.record(log_path, int(last["data"]["after_seq"]), authority)
    rewritten = int(after) - len(before.events)
    if rewritten > 0:
        print(f"{plural(rewritten, 'événement perdu', 'événements perdus')} à l'interruption "
              f"{count_word(rewritten, 'réécrit', 'réécrits')} à l'identique.")
    if session.ended:
        print("La séance était déjà terminée : la fin de son journal, coupée, a été "
              "réécrite.")
        return session, log_path
    print(f"Journal repris après l'événement n° {after}.")
    print()
    printer = Printer(mode=session.mode)
    events = session.events
    entered = [i for i, e in enumerate(events) if e["type"] == "node_entered"]
    for event in events[entered[-1] if entered else 0:-1]:   # where the trainee left off
        printer(event)
    session.subscribe(printer)
    return session, log_path


def _record(session: Any, log_path: Path, key: bytes | None) -> Any:
    """Register the session in the centre records as it runs (simulator.centre); a fault of
    the records prints a French warning and never stops the run."""
    from simulator.centre import SessionRecorder

    recorder = SessionRecorder(log_path=log_path, key=key)
    recorder.attach(session)
    return recorder


def _play(session: Any, steps: list[Any] | None) -> None:
    """Feed the steps of the inputs file (or, without one, random steps) to the session."""
    from simulator.engine import EngineError
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step

    if steps is not None:
        for number, step in enumerate(steps, start=1):
            if session.fault is not None:
                return          # stopped by the scenario: reported by run_command
            if session.ended:
                raise UserError(f"{step.pos}: étape {number} : la séance est déjà "
                                "terminée, étapes en trop", 1)
            try:
                apply_step(session, step)
            except EngineError as exc:
                raise UserError(f"{step.pos}: étape {number} ({step.action}) : {exc}",
                                1) from None
        return
    last = session.events[-1] if session.events else None
    purpose = "run-random"
    if last is not None and last["type"] == "session_resumed":   # a fresh stream on resume
        purpose = f"run-random:reprise:{last['seq']}"
    rng = rng_for(session.seed, purpose)
    for _ in range(500):
        auto = random_step(session, rng)
        if auto is None:
            break
        apply_step(session, auto)
