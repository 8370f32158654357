"""A small xAPI statements endpoint on loopback, for the LRS client tests and benchmark.

Behaves like Ralph where the client relies on it: HTTP basic auth (401 otherwise), POST
of one statement or a list, an identical statement already held is dropped, a different
one with the same id is a 409; GET returns what is held. `fail_next` makes the next
requests answer 503 (a server restarting).
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeLrs:
    def __init__(self, user: str = "centre", password: str = "secret") -> None:
        self.token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.statements: dict[str, dict[str, Any]] = {}
        self.posts = 0
        self.fail_next = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def __enter__(self) -> FakeLrs:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True     # one response = one write, no 40 ms stalls
            wbufsize = 64 * 1024               # flushed by the server after each request

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

            def _reply(self, status: int, body: Any = None) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                return self.headers.get("Authorization") == f"Basic {lrs.token}"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lrs.lock:
                    lrs.posts += 1
                    if lrs.fail_next > 0:
                        lrs.fail_next -= 1
                        return self._reply(503, {"detail": "redémarrage"})
                if not self._authorised():
                    return self._reply(401, {"detail": "Invalid authentication credentials"})
                if self.headers.get("X-Experience-API-Version") != "1.0.3":
                    return self._reply(400, {"detail": "version"})
                payload = json.loads(body)
                items = payload if isinstance(payload, list) else [payload]
                with lrs.lock:
                    for item in items:
                        held = lrs.statements.get(item["id"])
                        if held is not None and held != item:
                            return self._reply(409, {"detail": "conflict"})
                    for item in items:
                        lrs.statements.setdefault(item["id"], item)
                return self._reply(200, [i["id"] for i in items])

            def do_GET(self) -> None:
                if not self._authorised():
                    return self._reply(401, {"detail": "Invalid authentication credentials"})
                with lrs.lock:
                    return self._reply(200, {"statements": list(lrs.statements.values())})

        return Handler
