"""`ntc scenarios validate --watch`: every save is checked again, within a second."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from simulator.authoring.watch import Watcher, files_of
from simulator.cli.authoring_cmd import watch_validate

GOOD = """id: cas-surveille
titre: "Cas"
version: "1.0"
competences: [C4]
duree: "10 min"
debut: fin
noeuds:
  fin:
    type: fin
    issue: succes
    texte: "Au revoir."
"""


def _save(path: Path, text: str) -> None:
    """Write like an editor that replaces the file (new inode), then bump the time."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_watcher_sees_saves_and_included_fragments(tmp_path: Path) -> None:
    (tmp_path / "frag.yaml").write_text("fragment: f\n", encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(GOOD + "inclure: [frag.yaml]\n", encoding="utf-8")
    assert files_of(scenario) == [scenario, tmp_path / "frag.yaml"]
    watcher = Watcher([scenario])
    assert watcher.changed() == []
    (tmp_path / "frag.yaml").write_text("fragment: g\n", encoding="utf-8")
    assert watcher.changed() == [tmp_path / "frag.yaml"]
    assert watcher.changed() == []
    _save(scenario, GOOD)
    assert watcher.changed() == [scenario]


def test_watch_loop_rechecks_after_a_save(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(GOOD, encoding="utf-8")
    checks: list[float] = []
    done = threading.Event()

    def check() -> int:
        checks.append(time.monotonic())
        if len(checks) == 2:
            done.set()
        return 0

    watcher = Watcher([scenario], interval=0.05)
    thread = threading.Thread(target=watch_validate, args=([scenario], check, watcher))
    thread.start()
    try:
        while not checks:
            time.sleep(0.01)
        saved = time.monotonic()
        _save(scenario, GOOD.replace("Au revoir.", "À bientôt."))
        assert done.wait(2.0), "aucune nouvelle vérification après l'enregistrement"
        assert checks[1] - saved < 1.0
    finally:
        watcher.stop()
        thread.join(5)


def test_save_made_during_a_check_is_not_lost(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(GOOD, encoding="utf-8")
    watcher = Watcher([scenario], interval=0.02)
    seen: list[int] = []
    second = threading.Event()

    def on_change(_paths: list[Path]) -> None:
        seen.append(len(seen))
        if len(seen) == 1:          # the trainer saves again while the check runs
            _save(scenario, GOOD.replace("Au revoir.", "Adieu."))
        else:
            second.set()

    thread = threading.Thread(target=watcher.run, args=(on_change,))
    thread.start()
    try:
        _save(scenario, GOOD.replace("Au revoir.", "À bientôt."))
        assert second.wait(3), "le second enregistrement n'a pas été revérifié"
    finally:
        watcher.stop()
        thread.join(5)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_cli_watch_reacts_within_a_second(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(GOOD, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "scenarios", "validate",
                             "--watch", str(scenario)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    received = bytearray()

    def read_until(words: str, timeout: float) -> tuple[str, float]:
        """Read the child's output (unbuffered) until `words` appear, at most `timeout` s."""
        end = time.monotonic() + timeout
        start = len(received)
        while time.monotonic() < end:
            if selector.select(timeout=max(0.0, end - time.monotonic())):
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                received.extend(chunk)
                text = received[start:].decode("utf-8", "replace")
                if words in text:
                    return text, time.monotonic()
        raise AssertionError(f"« {words} » non affiché ; reçu :\n{received.decode()}")

    try:
        read_until("Surveillance des fichiers", 30)
        saved = time.monotonic()
        _save(scenario, GOOD.replace("    issue: succes\n", "    issue: succes\n      x: y\n"))
        out, when = read_until("1 fichier vérifié : 1 erreur", 5)
        assert when - saved < 1.0, f"{when - saved:.2f} s"
        assert "plus indenté" in out
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
    assert "Surveillance arrêtée" in (received + proc.stdout.read()).decode()
