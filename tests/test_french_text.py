"""The French a user reads: rendered scenario lines over several seeds, UI and CLI strings,
score reports (simulator/french/check.py). The checker must also catch each fault found
by proofreading the app (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from french_corpus import rendered_scenario_lines, source_strings, user_facing_modules

from simulator.french.check import check
from simulator.french.typography import typeset

SEEDS = (1, 2, 3)
# Inputs carry what the trainee typed: only derived events are the app's French.
INPUT_EVENT_TYPES = frozenset({"choice_made", "free_text", "offer_made", "negotiation_action"})
# Rules that need no-break spaces: literals in code are typeset on display, not in source.
SPACING = frozenset({"espace-ponctuation", "guillemets", "nombre-unite"})


@pytest.mark.parametrize(("text", "rule"), [
    ("Rendez-vous à Le Pont-de-Claix jeudi.", "contraction"),
    ("Calculez la position de Alizé sur le marché.", "elision"),
    ("dans les locaux de Établissements Riou", "elision"),
    ("Une solution conforme aurait inspiré davantage confiance.", "davantage"),
    ("C'est d'accord, nous avons un accord.", "repetition"),
    ("Bonjour M. Ribeiro, merci de me recevoir.", "civilite"),
    ("paiement à 55 jours, 2 service(s) inclus", "parentheses"),
    ("Réponses enregistrées : 2 juste(s) sur 3.", "parentheses"),
    ("je suis allé(e) trop vite", "parentheses"),
    ("Etudier l'état du marché", "majuscule"),
    ("A partir de demain, tout change.", "majuscule"),
    ("Qui participera à la décision, et selon quel calendrier", "question"),
    ("Le réseau tourne à 7 bars.", "unite"),
    ("Pourquoi ?", "espace-ponctuation"),
    ("Remise : 5 %", "espace-ponctuation"),
    ("Remise\u00a0: 5 %", "nombre-unite"),
    ("Prix : 500 €", "nombre-unite"),
    ("«Bonjour»", "guillemets"),
    ("Manager : pouvez-vous résumer\u202f?", "anglicisme"),
])
def test_checker_catches_each_fault(text: str, rule: str) -> None:
    assert rule in {p.rule for p in check(text)}, check(text)


@pytest.mark.parametrize("text", [
    "Rendez-vous au Pont-de-Claix, à La Tour-du-Pin ou aux Mureaux.",
    "Calculez la position d'Alizé Air Industrie sur le marché de Haguenau.",
    "Nous sommes d'accord sur le prix.",
    "Bonjour Monsieur Ribeiro.",
    "Étudier l'état du marché\u00a0: 3\u00a0services, 7\u00a0bar, 12\u202f500\u00a0€.",
    "Qui participera à la décision, et selon quel calendrier\u202f?",
    "«\u202fBonjour\u202f», dit-elle.",
    "Le segment A pèse 80\u00a0% du chiffre d'affaires.",
    "Vérifiez-le en premier.",
])
def test_checker_accepts_correct_french(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize("text", [
    "Pourquoi ?", "Remise : 5 %", "« Bonjour »", "12 500 € HT", "Jeudi à 14 h !", "n° 98",
])
def test_typeset_fixes_what_the_checker_reports(text: str) -> None:
    assert [p for p in check(typeset(text)) if p.rule in SPACING] == []


def test_rendered_scenario_lines_read_as_french() -> None:
    faults = [f"{where} : {problem}" for where, text in rendered_scenario_lines(SEEDS)
              for problem in check(text)]
    assert faults == [], "\n".join(faults[:40])


def test_ui_cli_and_report_strings_read_as_french() -> None:
    faults = [f"{where} : {problem}" for where, text in source_strings(user_facing_modules())
              if not _code_like(text)
              for problem in check(text) if problem.rule not in SPACING]
    assert faults == [], "\n".join(faults[:40])


def test_shipped_guide_and_readme_have_no_parenthesised_agreement() -> None:
    root = Path(__file__).resolve().parent.parent
    for path in (root / "README.md", root / "scenarios" / "GUIDE.md"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "plutôt que" in line or "jamais écrire" in line:
                continue   # the guide quotes the faults it teaches to avoid
            bad = [p for p in check(line) if p.rule == "parentheses"]
            assert not bad, f"{path.name}:{number} : {bad[0]}"


PLAYED = ("negociation-prix", "prospection-telephonique", "bilan-activite")


def _play(tmp_path: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple[list[Path], list[str]]:
    """Random headless runs of a few shipped scenarios: (logs, printed transcripts)."""
    from cli_support import call, clear_key

    clear_key(monkeypatch)
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "centre"))
    logs, outs = [], []
    for number, sid in enumerate(PLAYED):
        log = tmp_path / f"{sid}.jsonl"
        code, out, err = call(["run", sid, "--random", "--seed", str(number + 1),
                               "--log", str(log)], capsys)
        assert code == 0, err
        logs.append(log)
        outs.append(out)
    return logs, outs


def test_transcripts_read_as_french(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _, outs = _play(tmp_path, capsys, monkeypatch)
    faults = [f"{sid} : {p}" for sid, out in zip(PLAYED, outs, strict=True)
              for p in check(out) if p.rule not in SPACING]
    assert faults == [], "\n".join(faults[:30])


def test_score_reports_read_as_french(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from cli_support import call

    logs, _ = _play(tmp_path, capsys, monkeypatch)
    faults: list[str] = []
    for referential in ("TP-00338", "RNCP39063"):
        for fmt in ("table", "html"):
            code, out, err = call(["score", *map(str, logs), "--format", fmt,
                                   "--referential", referential], capsys)
            assert code == 0, err
            assert referential in out
            text = re.sub(r"<[^>]+>", "\n", out) if fmt == "html" else out
            faults += [f"{referential} {fmt} : {p}" for p in check(text)
                       if p.rule not in SPACING]
    assert faults == [], "\n".join(faults[:30])


def _code_like(text: str) -> bool:
    """CSS, markup-only or English (argparse's own messages) strings are not user French."""
    import re

    if re.search(r"[{;]\s*[a-z-]+:\s", text) and ";" in text:
        return True
    return bool(re.search(r"\b(the|of|expected|argument|unknown|invalid|choices|parser)\b",
                          text))


def _derived_strings(value: object) -> list[str]:
    """Every string of an event's data (task results' details included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _derived_strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _derived_strings(item)]
    return []


def test_derived_texts_have_no_parenthesised_agreement() -> None:
    # Every shipped scenario with a task, played at random over several seeds: the texts
    # the engine derives (task details, feedback, lines) never write « (s) », « (e) »...
    from simulator.engine import Session
    from simulator.engine.autoplay import random_step
    from simulator.engine.rng import rng_for
    from simulator.engine.steps import apply_step
    from simulator.scenario import load_scenario
    from simulator.scenario.library import shipped_ids

    faults: list[str] = []
    details = 0
    for sid in shipped_ids():
        scenario = load_scenario(sid)
        if not any(node.kind == "tache" for node in scenario.nodes.values()):
            continue
        for seed in SEEDS:
            session = Session(scenario, seed=seed, trainee="Camille Martin",
                              mode="entrainement")
            session.start()
            rng = rng_for(seed, "french-check")
            for _ in range(300):
                step = random_step(session, rng)
                if step is None:
                    break
                apply_step(session, step)
            for event in session.events:
                if event["type"] in INPUT_EVENT_TYPES:
                    continue
                if event["type"] == "task_answered":
                    details += len(event["data"]["results"])
                faults += [f"{sid} (graine {seed}) {event['type']} : {p}"
                           for text in _derived_strings(event["data"])
                           for p in check(text) if p.rule == "parentheses"]
            session.close()
    assert details > 0                      # the check did read task results
    assert faults == [], "\n".join(faults[:30])
