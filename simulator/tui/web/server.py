"""The classroom web server: textual-serve's Server, in French, bound before announcing.

Differences from `textual_serve.server.Server.serve()`:
- the page's websocket and static URLs are built from the address the browser used (the
  `Host` header), so `--host 0.0.0.0` works from the trainees' machines;
- the socket is bound first and the real address printed (`--port 0` picks a free port);
  a port in use or an unknown address raises `OSError` before anything is announced;
- French messages, no access log, Ctrl+C or SIGTERM stop the server and each tab's app
  (textual-serve sends them « quit »: their logs are closed, never marked finished);
- each tab's command is the small launcher of `launch.py`: a warm zygote process
  (`zygote.py`, started here) forks the tab's app with Textual, the app and the scenario
  catalogue already loaded, so a classroom arriving at once is not held up by 25 cold
  starts. Until the zygote is ready (or if it fails) the launcher starts a fresh app.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

TEMPLATES = Path(__file__).parent / "templates"
TITLE = "Simulateur NTC"


ZYGOTE_ENV = "NTC_SERVE_ZYGOTE"
LAUNCHER = Path(__file__).parent / "launch.py"


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab: the launcher, run by this
    interpreter isolated from site-packages (it needs only the standard library); `exec`
    spares a shell process per tab."""
    return f"exec {shlex.quote(sys.executable)} -I -S {shlex.quote(str(LAUNCHER))}"


def web_driver_environment() -> dict[str, str]:
    """The variables textual-serve gives each app (Textual reads some of them at import, so
    the zygote must import Textual with them already set)."""
    return {
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version("textual-serve"),
    }


@contextlib.contextmanager
def zygote(ready: Callable[[], None]) -> Iterator[None]:
    """Run the warm zygote for the server's lifetime; `ready()` once it accepts tabs."""
    folder = tempfile.mkdtemp(prefix="ntc-serve-")
    path = os.path.join(folder, "zygote.sock")
    os.environ[ZYGOTE_ENV] = path          # inherited by every tab's launcher
    proc = subprocess.Popen([sys.executable, "-m", "simulator.tui.web.zygote", path],
                            env={**os.environ, **web_driver_environment()},
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)

    def watch() -> None:
        from simulator.tui.web.zygote import READY

        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == READY:
                ready()
        if proc.wait() not in (0, -signal.SIGTERM):
            print("Préchargement arrêté : les onglets démarreront plus lentement.",
                  file=sys.stderr, flush=True)

    threading.Thread(target=watch, daemon=True).start()
    try:
        yield
    finally:
        os.environ.pop(ZYGOTE_ENV, None)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def public_base(request: web.Request) -> str:
    """`http://host:port` as the browser reached us (behind a TLS proxy: https)."""
    scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    return f"{scheme if scheme in ('http', 'https') else 'http'}://{request.host}"


class ClassroomServer(Server):
    """Serve the app, one subprocess per tab; `run()` blocks until Ctrl+C / SIGTERM."""

    def __init__(self, host: str, port: int, command: str | None = None) -> None:
        super().__init__(command or app_command(), host=host, port=port, title=TITLE,
                         templates_path=TEMPLATES)
        self.addresses: list[tuple[str, int]] = []
        self._tabs: set[asyncio.Task[Any]] = set()

    def initialize_logging(self) -> None:
        """Warnings only (textual-serve logs every request at INFO)."""
        logging.basicConfig(level=logging.WARNING, format="%(name)s : %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: `run()` announces the address once the socket is bound."""

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab = one app subprocess (textual-serve); tracked to stop it."""
        task = asyncio.current_task()
        if task is not None:
            self._tabs.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            if task is not None:
                self._tabs.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """Stopping the server stops every tab's app now (they close their logs), instead
        of waiting for the browsers to disconnect."""
        for task in list(self._tabs):
            task.cancel()

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = public_base(request)
        router = request.app.router
        socket_url = base + str(router["websocket"].url_for())
        if socket_url.startswith("https:"):
            socket_url = "wss:" + socket_url[len("https:"):]
        else:
            socket_url = "ws:" + socket_url[len("http:"):]
        static = base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"
        font_size = request.query.get("fontsize", "16")
        return {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "app_websocket_url": socket_url,
            "config": {"static": {"url": static}},
            "application": {"name": self.title},
        }

    def run(self, announce: Callable[[list[tuple[str, int]]], None],
            warm: Callable[[], None] = lambda: None) -> None:
        """Bind, call `announce(addresses)`, serve until stopped (OSError if binding fails);
        `warm()` is called when tabs start from the preloaded zygote."""
        self.initialize_logging()
        with zygote(warm):
            asyncio.run(self._serve(announce))

    async def _serve(self, announce: Callable[[list[tuple[str, int]]], None]) -> None:
        runner = web.AppRunner(await self._make_app(), handle_signals=False,
                               access_log=None, shutdown_timeout=10)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            self.addresses = [(str(a[0]), int(a[1])) for a in runner.addresses]
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(sig, stop.set)
            announce(self.addresses)
            await stop.wait()
        finally:
            await runner.cleanup()
