"""The classroom web server: textual-serve's Server, in French, bound before announcing.

Differences from `textual_serve.server.Server.serve()`:
- the page's websocket and static URLs are built from the address the browser used (the
  `Host` header), so `--host 0.0.0.0` works from the trainees' machines;
- the socket is bound first and the real address printed (`--port 0` picks a free port);
  a port in use or an unknown address raises `OSError` before anything is announced;
- French messages, no access log, Ctrl+C or SIGTERM stop the server and each tab's app
  (textual-serve sends them « quit »: their logs are closed, never marked finished).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

TEMPLATES = Path(__file__).parent / "templates"
TITLE = "Simulateur NTC"


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab (this interpreter)."""
    return f"{shlex.quote(sys.executable)} -m simulator.tui.web"


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

    def run(self, announce: Callable[[list[tuple[str, int]]], None]) -> None:
        """Bind, call `announce(addresses)`, serve until stopped. OSError if binding fails."""
        self.initialize_logging()
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
