"""`ntc serve` driven in headless Chromium: the login screen appears, a trainee logs in,
opens a scenario, plays one reply, and the reply lands in the server-side session log; after
a refresh, logging in again resumes that session in the same log.

Needs Debian's `chromium` and `chromium-driver` (installed by .ci/run when missing) and the
`selenium` driver of the test extra; no browser is downloaded. Outside CI the test is
skipped when they are absent; in CI (CI=true) it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_support import ServerProcess, running_server, screen_text, wait_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,860")
TRAINEE = "Inès Navigateur"

# Keeps what the page's websocket receives (the app's terminal output) for the test to read:
# xterm.js draws on a canvas, so the text is not in the DOM.
CAPTURE = """
window.__ntcOutput = [];
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = protocols === undefined ? new NativeWebSocket(url)
                                         : new NativeWebSocket(url, protocols);
  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") { window.__ntcOutput.push(event.data); }
  });
  return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
"""
READ_OUTPUT = """
const done = arguments[arguments.length - 1];
(async () => {
  const parts = [];
  for (const chunk of window.__ntcOutput) {
    parts.push(new Uint8Array(chunk instanceof Blob ? await chunk.arrayBuffer() : chunk));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  done(new TextDecoder().decode(all));
})();
"""


def _missing() -> list[str]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (extra test)")
    return missing


@pytest.fixture
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        reason = (f"Chromium absent ({', '.join(missing)}) : .ci/run l'installe "
                  "(apt-get install chromium chromium-driver)")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="ntc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(30)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CAPTURE})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Tab:
    """The served app in one browser tab: what it shows, and the keyboard."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def text(self) -> str:
        return screen_text(self.driver.execute_async_script(READ_OUTPUT))

    def shows(self, phrase: str, timeout: float = 60) -> None:
        wait_for(lambda: phrase in self.text(), timeout, f"« {phrase} » à l'écran")

    def type(self, *keys: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)


def events(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:      # a line being written
            continue
    return out


def logged(server: ServerProcess, event_type: str) -> bool:
    return any(e.get("type") == event_type for p in server.sessions() for e in events(p))


def test_trainee_plays_a_reply_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    with running_server(tmp_path / "donnees") as server:
        browser.get(server.url + "/")
        tab = Tab(browser)
        tab.shows("Qui êtes-vous")                       # the login screen of the app
        tab.type(TRAINEE, Keys.ENTER)
        tab.shows("Scénarios par CCP")                   # the home screen
        tab.shows(TRAINEE)
        # open a scenario by its title from the command palette, then start the session
        tab.type(Keys.CONTROL, "p")
        tab.shows("Rechercher une commande")
        tab.type("obtenir un rendez-vous")
        tab.shows("Scénario : Prospection téléphonique : obtenir un rendez-vous")
        tab.type(Keys.ENTER)
        tab.shows("Commencer la session")                # the dossier
        tab.type(Keys.F5)
        wait_for(lambda: logged(server, "choices_shown"), 60, "la session démarre")
        # The order shown is seeded (a fresh seed per training run): find the reply's digit.
        shown = next(e for e in events(server.sessions()[0]) if e.get("type") == "choices_shown")
        ids = [c["id"] for c in shown["data"]["choices"]]
        tab.type(str(ids.index("presentation_croc") + 1))
        wait_for(lambda: logged(server, "choice_made"), 60,
                 "la réponse est écrite dans le journal du serveur")
        [log] = server.sessions()
        header, *rest = events(log)
        assert header["trainee"] == TRAINEE
        assert header["scenario"]["id"] == "prospection-telephonique"
        choice = next(e for e in rest if e["type"] == "choice_made")
        assert choice["data"]["choice"] == "presentation_croc"
        # a refresh ends that tab's app; logging in again offers to resume the session
        browser.refresh()
        tab.shows("Qui êtes-vous")
        tab.type(TRAINEE, Keys.ENTER)
        tab.shows("Reprendre votre session interrompue")
        tab.type("o")
        wait_for(lambda: logged(server, "session_resumed"), 60,
                 "la reprise est écrite dans le même journal")
        assert server.sessions() == [log]
    assert TRAINEE in (tmp_path / "donnees" / "stagiaires.json").read_text(encoding="utf-8")
