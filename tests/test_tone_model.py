"""Rude-text check, tone model 2 (`models.ton`): the lexicon's plural and feminine forms,
and the act model trusted only where « agressif » is a clause's best act."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_buyer_session import last, nego_scenario, started

from simulator.engine.buyer_affront import inflect, rude, tone_model
from simulator.nlu.dataset import acts_dir, load_acts


def _lexicon_words() -> list[str]:
    """Plain single words of the « agressif » act's patterns (the shipped data)."""
    data, _ = load_acts([acts_dir() / "agressif.yaml"])
    words: list[str] = []
    for d in data:
        for p in d.patterns:
            m = re.fullmatch(r"\\b\((.*)\)\\b", p.regex)
            if m:
                words += [w for w in m.group(1).split("|") if re.fullmatch(r"[a-z]+", w)]
    assert len(words) >= 10
    return words


WORDS = _lexicon_words()


@given(st.sampled_from(WORDS), st.sampled_from(["s", "e", "es"]),
       st.sampled_from(["Vous êtes des {}.", "Bande de {} !", "{}, voilà ce que vous êtes"]))
def test_inflected_lexicon_words_are_rude(word: str, suffix: str, frame: str) -> None:
    form = word + suffix if not word.endswith(suffix) else word
    assert rude(frame.format(form), 2), form


def test_inflect_keeps_other_pattern_shapes() -> None:
    assert inflect(r"\b(a prendre ou a laisser)\b") == r"\b(a prendre ou a laisser)\b"
    assert inflect(r"(?:x|y)z") == r"(?:x|y)z"
    assert re.search(inflect(r"\b(menteur)\b"), "quelle menteuse")


def test_held_out_rude_phrasings_tone_2() -> None:
    texts = ("Bande de radins, 2 % pas plus", "Quels menteurs, avec vos délais",
             "Vous êtes des radines", "Menteurs !", "Radins !")
    assert all(rude(t, 2) for t in texts)
    assert not all(rude(t, 1) for t in texts)          # what tone 2 adds


def test_held_out_polite_phrasings_tone_2() -> None:
    texts = ("Je suis désolé mais c'est radical comme baisse",
             "Franchement, c'est une bonne affaire",
             "Écoutez, je fais 5 % si vous signez aujourd'hui",
             "Honnêtement, je ne peux pas descendre plus bas",
             "Votre prix est un peu raide")
    assert not any(rude(t, 2) for t in texts)
    assert rude("Je suis désolé mais c'est radical comme baisse", 1)   # old logs' check


def test_old_headers_keep_tone_1() -> None:
    assert tone_model({"buyer": 3}) == 1 and tone_model({"ton": 2}) == 2


def test_session_answers_the_tone_by_its_header(tmp_path: Path) -> None:
    from test_engine_helpers import world

    from simulator.engine import Session
    from simulator.engine.replay import verify_log

    new = started(seed=2)
    new.say("Bande de radins")
    assert any("ce ton" in e["data"].get("text", "") for e in new.events
               if e["type"] == "client_line")
    old = started(seed=2, models={"buyer": 3, "choix": 2, "texte": 2})
    old.say("Bande de radins")
    assert not any("ce ton" in e["data"].get("text", "") for e in old.events
                   if e["type"] == "client_line")
    path = tmp_path / "s.jsonl"
    s = Session.open(nego_scenario(), path, seed=2, world=world(), trainee="Camille")
    s.choose("go")
    s.say("Bande de radins")
    if not s.ended:
        s.offer({"remise": 10}, None, [], "Voilà 10 %, quels menteurs")
    assert last(s, "offer_received")
    s.close()
    result = verify_log(path, nego_scenario())
    assert result.ok, result.message
