"""`ntc serve`: French help and errors, the French page, one app per websocket (no browser)."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import urllib.request
from pathlib import Path

import pytest
from serve_support import running_server, screen_text

from simulator.cli.main import main


def test_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "navigateur" in out
    assert "NTC_DATA_DIR" in out


@pytest.mark.parametrize("port", ["65536", "-1", "huit"])
def test_bad_port_is_usage_error(capsys: pytest.CaptureFixture[str], port: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--port", port])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--port" in err and "Traceback" not in err


def test_port_in_use_fails_in_french(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "donnees"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"le port {port} est déjà utilisé" in err and "Traceback" not in err


@pytest.mark.parametrize(("host", "message"), [
    ("nulle-part.invalid", "adresse d'écoute inconnue"),
    ("192.0.2.1", "n'appartient pas à ce poste"),
])
def test_bad_host_is_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, host: str,
                                 message: str) -> None:
    monkeypatch.setenv("NTC_DATA_DIR", str(tmp_path / "donnees"))
    assert main(["serve", "--host", host, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unusable_data_dir_fails_before_serving(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    monkeypatch.setenv("NTC_DATA_DIR", str(blocker / "donnees"))
    assert main(["serve", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "dossier de données inutilisable" in err and "Traceback" not in err


async def _first_screen(url: str, phrase: str, timeout: float) -> str:
    """Open the page's websocket as the browser does; the app's output until `phrase`."""
    import aiohttp

    received = bytearray()
    async with aiohttp.ClientSession() as client, client.ws_connect(
            url.replace("http:", "ws:") + "/ws?width=100&height=30") as ws:
        async with asyncio.timeout(timeout):
            while phrase not in screen_text(received.decode("utf-8", "replace")):
                message = await ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    received.extend(message.data)
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                      aiohttp.WSMsgType.ERROR):
                    raise AssertionError("connexion fermée : " + received.decode(
                        "utf-8", "replace")[-500:])
        await ws.send_str(json.dumps(["stdin", "\x11"]))   # Ctrl+Q: the app quits
    return received.decode("utf-8", "replace")


def test_served_page_is_french_and_each_socket_runs_the_app(tmp_path: Path) -> None:
    with running_server(tmp_path / "donnees") as server:
        request = urllib.request.Request(server.url + "/",
                                         headers={"Host": "salle-12.local:8000"})
        with urllib.request.urlopen(request, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert '<html lang="fr">' in page and "Se reconnecter" in page
        assert "googleapis" not in page                    # works without Internet
        assert 'data-session-websocket-url="ws://salle-12.local:8000/ws"' in page
        output = asyncio.run(_first_screen(server.url, "Qui êtes-vous", timeout=60))
        assert "Stagiaires de ce poste" in screen_text(output)
        server.proc.send_signal(signal.SIGINT)
        assert server.proc.wait(timeout=30) == 0
    assert any("salle de formation fermée" in line for line in server.lines)
    assert any(str(tmp_path / "donnees") in line for line in server.lines)
