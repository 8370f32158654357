"""`Session.say(text)` understood by the act model: events, policy, replay, old logs."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.engine import Session
from simulator.engine.replay import verify_log
from simulator.log import LogWriter
from simulator.scenario import load_scenario

CROC = ("Bonjour madame, je suis Camille Martin de la société Airtech, spécialiste de l'air "
        "comprimé. Je vous appelle au sujet de vos compresseurs : qui s'occupe de ce sujet "
        "chez vous ?")


def open_session(tmp_path: Path, mode: str = "examen", scenario: str = "prospection-telephonique"
                 ) -> tuple[Session, Path]:
    log = tmp_path / "s.jsonl"
    s = Session.open(load_scenario(scenario), str(log), seed=1, trainee="Camille Martin",
                     mode=mode)
    s.start()
    return s, log


def of(s: Session, kind: str) -> list[dict]:
    return [e["data"] for e in s.events if e["type"] == kind]


def test_a_clear_sentence_plays_the_choice_and_records_its_analysis(tmp_path: Path) -> None:
    s, log = open_session(tmp_path)
    s.say(CROC)
    typed = of(s, "free_text")[-1]
    assert typed["choice"] == "presentation_croc" and s.node.id == "barrage_filtre"
    assert typed["resolution"]["kind"] == "choix"
    assert typed["analysis"]["actes"][0]["acte"] in ("demande_interlocuteur", "raison_appel",
                                                     "presentation", "salutation")
    assert len(typed["model"]) == 64
    assert of(s, "choice_made")[-1]["choice"] == "presentation_croc"
    assert of(s, "understood") == []          # examen: no « compris comme »
    header = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    assert header["nlu_model"]["sha256"] == typed["model"]
    s.close()
    assert verify_log(log).ok


def test_noise_asks_to_rephrase_and_nothing_is_played(tmp_path: Path) -> None:
    s, log = open_session(tmp_path)
    s.say("Hello, could you put me through to the manager please?")
    assert s.node.id == "standard" and of(s, "choice_made") == []
    assert "reformuler" in of(s, "rephrase")[-1]["message"]
    s.say("Bonjour.")                         # three choices start with a greeting
    ask = of(s, "clarification")[-1]
    assert len(ask["candidates"]) == 2 and ask["message"].startswith("Vouliez-vous dire")
    s.choose(ask["candidates"][0])            # the trainee picks one of the two
    assert s.node.id != "standard"
    s.close()
    assert verify_log(log).ok


def test_training_mode_says_how_it_understood(tmp_path: Path) -> None:
    s, _ = open_session(tmp_path, mode="entrainement")
    s.say(CROC)
    said = of(s, "understood")[-1]
    assert said["choice"] == "presentation_croc" and said["text"].startswith("Compris comme")
    lines = [line.text for line in s.transcript]
    assert lines.index(CROC) < lines.index(said["text"])
    s.close()


def test_a_log_of_another_model_replays_from_its_recorded_analysis(tmp_path: Path) -> None:
    """Replay uses what the log recorded for the model it names: a retrained model
    does not break old logs."""
    s, log = open_session(tmp_path)
    s.say(CROC)
    s.close()
    lines = log.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    header = {k: v for k, v in events[0].items() if k not in ("hash", "mac")}
    header["nlu_model"]["sha256"] = "0" * 64
    forged = tmp_path / "autre-modele.jsonl"
    writer = LogWriter.create(forged, header, None)
    for ev in events[1:]:
        data = ev["data"]
        if ev["type"] == "free_text":
            data = {**data, "model": "0" * 64}
            data["analysis"]["actes"][0]["score"] = 0.99   # another model's scores
        writer.append(ev["type"], data, t_ms=ev["t_ms"], time=ev["time"])
    writer.close()
    assert verify_log(forged).ok


def test_explicit_choice_keeps_the_former_event(tmp_path: Path) -> None:
    s, _ = open_session(tmp_path)
    s.say("n'importe quoi", choice="presentation_croc")
    assert of(s, "free_text")[-1] == {"node": "standard", "text": "n'importe quoi",
                                      "choice": "presentation_croc"}


def test_a_negotiation_sentence_becomes_an_offer_draft(tmp_path: Path) -> None:
    s, log = open_session(tmp_path, scenario="negociation-prix")
    while s.node.kind != "negociation" and not s.ended:
        s.choose(next(v.id for v in s.choices if v.enabled))
    s.say("Je peux vous faire 3 % si vous signez aujourd'hui.")
    draft = of(s, "offer_draft")[-1]
    assert draft["draft"] == {"remise": 3.0} and draft["contreparties"] == ["commande_ferme"]
    assert of(s, "offer_made") == []          # the trainee confirms it first
    s.offer(draft["draft"], counterparts=draft["contreparties"], text=draft["text"])
    made = of(s, "offer_made")[-1]
    assert made["contreparties"] == ["commande_ferme"] and made["offer"]["remise"] == 3.0
    s.close()
    assert verify_log(log).ok


SCRIPT = Path(__file__).parent / "data" / "nlu" / "prospection-examen.yaml"


def test_prospecting_call_succeeds_with_typed_sentences_only(tmp_path: Path) -> None:
    import yaml

    lines = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    for seed in (1, 2, 3):
        log = tmp_path / f"s{seed}.jsonl"
        s = Session.open(load_scenario("prospection-telephonique"), str(log), seed=seed,
                         trainee="Camille Martin", mode="examen")
        s.start()
        for _ in range(30):
            if s.ended:
                break
            s.say(lines[s.node.id])
        assert s.outcome == "succes", (seed, s.node.id)
        assert of(s, "choice_made") and all("analysis" in d for d in of(s, "free_text"))
        s.close()
        assert verify_log(log).ok
