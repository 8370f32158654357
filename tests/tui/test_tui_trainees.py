"""The trainees of a machine (simulator/tui/storage.py): names, registry, sessions per trainee."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.tui.storage import (
    Profile,
    TraineeNameError,
    add_trainee,
    check_name,
    current_trainee,
    find_trainee,
    interrupted_session,
    list_trainees,
    log_in_use,
    name_key,
    new_log_path,
    normalize_name,
    recent_sessions,
    save_profile,
)


def test_names_are_kept_once_in_french_order(tmp_path: Path) -> None:
    for name in ("Zoé Lefèvre", "émile Durand", "Ahmed Benali", "Éva Martin"):
        add_trainee(tmp_path, name)
    assert add_trainee(tmp_path, "  ahmed   BENALI ") == "Ahmed Benali"
    assert list_trainees(tmp_path) == ["Ahmed Benali", "émile Durand", "Éva Martin",
                                       "Zoé Lefèvre"]
    assert find_trainee(tmp_path, "éva martin") == "Éva Martin"
    assert find_trainee(tmp_path, "Eva Martin") is None   # accents make another name


@pytest.mark.parametrize(("typed", "why"), [
    ("", "Tapez"), ("   ", "Tapez"), ("42", "lettre"), ("a" * 61, "trop long"),
    ("Léa\u0007Roux", "contrôle"),
])
def test_bad_names_say_why_in_french(typed: str, why: str) -> None:
    with pytest.raises(TraineeNameError, match=why):
        check_name(typed)


def test_legacy_profile_name_is_listed_and_damaged_registry_is_ignored(
        tmp_path: Path) -> None:
    save_profile(tmp_path, Profile(trainee="Camille Martin"))
    (tmp_path / "stagiaires.json").write_text("{pas du json", encoding="utf-8")
    assert list_trainees(tmp_path) == ["Camille Martin"]
    assert current_trainee(tmp_path) == "Camille Martin"
    assert add_trainee(tmp_path, "Léa Roux") == "Léa Roux"   # rewrites a sound file
    raw = json.loads((tmp_path / "stagiaires.json").read_text(encoding="utf-8"))
    assert raw == {"stagiaires": [{"nom": "Léa Roux"}]}
    assert not list(tmp_path.glob("*.tmp"))


def test_processes_adding_at_once_lose_no_name(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from simulator.tui.storage import "
            "add_trainee\nfor i in range(15): add_trainee(Path(sys.argv[1]), "
            "f'Stagiaire {sys.argv[2]}-{i} x')")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), str(n)])
             for n in range(6)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    assert len(list_trainees(tmp_path)) == 6 * 15


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@given(names)
def test_a_name_is_accepted_or_refused_never_crashes(text: str) -> None:
    try:
        name = check_name(text)
    except TraineeNameError as exc:
        assert str(exc)
        return
    assert name == normalize_name(name) == check_name(name)
    assert 0 < len(name) <= 60
    assert name_key(text) == name_key(name)


def _log(base: Path, trainee: str, day: int, ended: bool) -> Path:
    path = new_log_path(base, "demo", trainee, datetime(2026, 1, day, tzinfo=UTC))
    header = {"type": "header", "scenario": {"id": "demo"}, "trainee": trainee,
              "mode": "entrainement", "started_at": f"2026-01-{day:02d}T10:00:00+00:00"}
    events = [{"seq": 1, "type": "session_started", "data": {}}]
    if ended:
        events.append({"seq": 2, "type": "session_ended", "data": {"outcome": "succes"}})
    path.write_text("".join(json.dumps(r) + "\n" for r in [header, *events]),
                    encoding="utf-8")
    return path


def test_sessions_of_one_trainee_and_the_one_to_resume(tmp_path: Path) -> None:
    old = _log(tmp_path, "Léa Roux", 1, ended=False)
    _log(tmp_path, "Paul Meunier", 2, ended=False)
    latest = _log(tmp_path, "Léa Roux", 3, ended=False)
    assert [s.path for s in recent_sessions(tmp_path, trainee="léa roux")] == [latest, old]
    assert interrupted_session(tmp_path, "Léa Roux") is not None
    assert interrupted_session(tmp_path, "Léa Roux").path == latest  # type: ignore[union-attr]
    _log(tmp_path, "Léa Roux", 4, ended=True)        # a newer session: no more offer
    assert interrupted_session(tmp_path, "Léa Roux") is None
    assert interrupted_session(tmp_path, "Personne") is None


def test_log_in_use_follows_the_writer_lock(tmp_path: Path) -> None:
    path = _log(tmp_path, "Léa Roux", 1, ended=False)
    assert not log_in_use(path)
    holder = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert log_in_use(path)
    finally:
        os.close(holder)
    assert not log_in_use(path)
    assert not log_in_use(tmp_path / "absent.jsonl")
