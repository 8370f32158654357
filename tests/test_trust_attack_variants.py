"""More ways to edit a log than issue 13 « Why » lists: each is refused or flagged by
`ntc score --format json`, without a traceback (see test_trust_attacks.py for the listed ones).

Re-signing without the key, reordering or renumbering events, editing a derived event, the
header's mode, world or scenario sha256, downgrading a signed log to unsigned, cutting an
input, squeezing the exam's times, and handing a copy to another trainee.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from trust_support import Capture, canonical, lines, play, rechain, score_json, sessions

Records = list[dict[str, Any]]
KEY = "cle-du-centre"


def _reorder(records: Records, _tmp: Path) -> Records:
    at = [i for i, r in enumerate(records) if r.get("type") == "client_line"][:2]
    records[at[0]], records[at[1]] = records[at[1]], records[at[0]]
    return records


def _reorder_renumbered(records: Records, tmp: Path) -> Records:
    records = _reorder(records, tmp)
    for i, r in enumerate(records[1:], start=1):
        r["seq"] = i
    return records


def _choices_shown(records: Records, _tmp: Path) -> Records:
    shown = next(r for r in records if r.get("type") == "choices_shown")
    shown["data"]["choices"][0]["text"] = "Je vous accorde ce que vous voulez."
    return records


def _mode(to: str) -> Callable[[Records, Path], Records]:
    def edit(records: Records, _tmp: Path) -> Records:
        records[0]["mode"] = to
        return records
    return edit


def _world(records: Records, tmp: Path) -> Records:
    other = lines(play(tmp / "autre-monde.jsonl", seed=2))[0]
    for key in ("world", "world_sha256"):
        records[0].pop(key, None)
        if key in other:
            records[0][key] = other[key]
    return records


def _scenario_sha(records: Records, _tmp: Path) -> Records:
    records[0]["scenario"]["sha256"] = "ab" * 32
    return records


def _renumber_gap(records: Records, _tmp: Path) -> Records:
    for r in records[5:]:
        r["seq"] += 1
    return records


def _drop_last_choice(records: Records, _tmp: Path) -> Records:
    at = [i for i, r in enumerate(records) if r.get("type") == "choice_made"][-1]
    del records[at]
    for i, r in enumerate(records[1:], start=1):
        r["seq"] = i
    return records


def _squeeze_times(records: Records, _tmp: Path) -> Records:
    for r in records[1:]:
        r["t_ms"] //= 10
    return records


def _downgrade(records: Records, _tmp: Path) -> Records:
    records[0]["signed"] = False
    for r in records:
        r.pop("mac", None)
    return records


VARIANTS: dict[str, tuple[str, bool, Callable[[Records, Path], Records]]] = {
    # name: (mode played, signed, edit) -- unsigned edits are re-chained with hashlib
    "reorder": ("entrainement", False, _reorder),
    "reorder_renumbered": ("entrainement", False, _reorder_renumbered),
    "choices_shown": ("entrainement", False, _choices_shown),
    "exam_to_training": ("examen", False, _mode("entrainement")),
    "training_to_exam": ("entrainement", False, _mode("examen")),
    "signed_exam_to_training": ("examen", True, _mode("entrainement")),
    "world_swapped": ("entrainement", False, _world),
    "scenario_sha": ("entrainement", False, _scenario_sha),
    "renumbered_gap": ("entrainement", False, _renumber_gap),
    "input_removed": ("entrainement", False, _drop_last_choice),
    "exam_times_squeezed": ("examen", False, _squeeze_times),
    "signed_downgraded": ("examen", True, _downgrade),
    "signed_training_downgraded": ("entrainement", True, _downgrade),
}


def _use_key(monkeypatch: pytest.MonkeyPatch, signed: bool) -> None:
    monkeypatch.delenv("NTC_LOG_KEY_FILE", raising=False)
    if signed:
        monkeypatch.setenv("NTC_LOG_KEY", KEY)
    else:
        monkeypatch.delenv("NTC_LOG_KEY", raising=False)


def _caught(status: int, report: dict[str, Any]) -> bool:
    found = sessions(report)
    refused = any(p["refuse"] for p in report["problemes"])
    return status == 1 and (refused or any(not s["verifie"] or s["avertissements"]
                                           for s in found))


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_edited_log_is_refused_or_flagged(tmp_path: Path, capsys: Capture,
                                          monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    mode, signed, edit = VARIANTS[name]
    _use_key(monkeypatch, signed)
    log = play(tmp_path / "a.jsonl", mode=mode)
    rechain(log, edit(lines(log), tmp_path))
    status, report, _ = score_json(capsys, log)
    assert _caught(status, report), report


def _resign(records: Records, key: bytes | None) -> str:
    """The attacker's re-signature: a fresh chain, with a guessed key or the old macs."""
    prev, out = "0" * 64, []
    for record in records:
        body = {k: v for k, v in record.items() if k not in ("hash", "mac")}
        prev = hashlib.sha256((prev + canonical(body)).encode("utf-8")).hexdigest()
        mac = (hmac.new(key, prev.encode(), "sha256").hexdigest() if key is not None
               else record.get("mac"))
        out.append(canonical({**body, "hash": prev, **({"mac": mac} if mac else {})}))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("guess", [None, b"", b"devine", b"cle-du-centre "])
def test_resigning_without_the_key_is_refused(tmp_path: Path, capsys: Capture,
                                              monkeypatch: pytest.MonkeyPatch,
                                              guess: bytes | None) -> None:
    _use_key(monkeypatch, True)
    log = play(tmp_path / "a.jsonl", mode="examen")
    records = lines(log)
    for r in records:
        if r.get("type") == "evidence":
            r["data"]["weight"] = abs(r["data"]["weight"]) + 1
    log.write_text(_resign(records, guess), encoding="utf-8")
    status, report, _ = score_json(capsys, log)
    assert status == 1 and report["stagiaires"] == [] and report["problemes"][0]["refuse"]


def test_a_copy_handed_to_another_trainee_is_caught(tmp_path: Path, capsys: Capture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An unsigned session copied under another trainee's name, id and date."""
    from test_trust_copies import play_paced

    _use_key(monkeypatch, False)
    log = play_paced(tmp_path / "a.jsonl", pace=11)
    records = lines(log)
    records[0] = {**records[0], "trainee": "Dominique Leroy", "session_id": "autre",
                  "started_at": "2026-12-05T14:00:00.000+00:00"}
    copy = rechain(tmp_path / "b.jsonl", records)
    status, report, _ = score_json(capsys, log, copy)
    assert status == 1 and len(sessions(report)) == 1
    assert any(p["refuse"] and "mêmes saisies au même rythme" in p["message"]
               for p in report["problemes"])


def test_a_renamed_unsigned_log_says_it_is_not_guaranteed(tmp_path: Path, capsys: Capture,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """Without a rhythm to compare (a scripted run), a renamed unsigned log replays: its
    label is the only guard, and it is on the session; signed, the rename is refused."""
    _use_key(monkeypatch, False)
    log = play(tmp_path / "a.jsonl")
    records = lines(log)
    records[0]["trainee"] = "Dominique Leroy"
    rechain(log, records)
    _status, report, _ = score_json(capsys, log)
    assert any("non signé" in w for w in sessions(report)[0]["avertissements"])
    _use_key(monkeypatch, True)
    signed = play(tmp_path / "b.jsonl")
    records = lines(signed)
    records[0]["trainee"] = "Dominique Leroy"
    rechain(signed, records)
    status, report, _ = score_json(capsys, signed)
    assert status == 1 and report["stagiaires"] == []
