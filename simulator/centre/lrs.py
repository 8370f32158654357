"""Sending the queued xAPI statements to the centre's LRS (`ntc lrs push`).

Configuration: `NTC_LRS_URL` (the xAPI endpoint, e.g. http://127.0.0.1:8100/xAPI/),
`NTC_LRS_USER`, `NTC_LRS_PASSWORD` (HTTP basic auth), `NTC_LRS_HOMEPAGE` (the
`account.homePage` naming the centre's platform); each may instead be set in
`<data dir>/lrs.json` ({"url", "user", "password", "homepage"}), the environment winning.

Statements go in batches (a JSON list per POST, one keep-alive connection). A network
fault, 429 or 5xx is retried with exponential backoff, a bounded number of times; what is
not acknowledged stays queued. Statement ids are deterministic and the LRS drops an
identical statement it already holds, so sending twice never duplicates.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.centre import xapi
from simulator.centre.errors import CentreError
from simulator.centre.records import CentreRecords
from simulator.centre.text import plural
from simulator.datadir import data_dir

CONFIG_FILE = "lrs.json"
XAPI_VERSION = "1.0.3"
BATCH = 200
ATTEMPTS = 5
BASE_DELAY_S = 0.5
MAX_DELAY_S = 8.0
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class LrsConfig:
    url: str
    user: str
    password: str
    homepage: str = xapi.DEFAULT_HOMEPAGE

    @property
    def statements_path(self) -> str:
        parts = urllib.parse.urlsplit(self.url)
        base = parts.path.rstrip("/")
        if not base.endswith("/statements"):
            base = f"{base}/statements" if base else "/xAPI/statements"
        return base + (f"?{parts.query}" if parts.query else "")


def load_config(folder: Path | None = None) -> LrsConfig:
    """The LRS configuration (environment over `<data dir>/lrs.json`); url may be empty."""
    path = (folder or data_dir()) / CONFIG_FILE
    file_values: dict[str, str] = {}
    if path.is_file():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CentreError(f"configuration du LRS illisible : {path} ({exc})",
                              "config") from None
        if not isinstance(raw, dict):
            raise CentreError(f"configuration du LRS illisible : {path} (objet JSON attendu)",
                              "config")
        file_values = {k: str(v) for k, v in raw.items() if isinstance(v, str | int)}

    def pick(env: str, key: str, default: str = "") -> str:
        return os.environ.get(env) or file_values.get(key) or default

    return LrsConfig(pick("NTC_LRS_URL", "url"), pick("NTC_LRS_USER", "user"),
                     pick("NTC_LRS_PASSWORD", "password"),
                     pick("NTC_LRS_HOMEPAGE", "homepage", xapi.DEFAULT_HOMEPAGE))


@dataclass
class PushReport:
    sent: int = 0
    batches: int = 0
    retries: int = 0
    remaining: int = 0
    rejected: int = 0


class _Retryable(Exception):
    """A fault worth retrying (network, 429, 5xx)."""


class LrsClient:
    """One keep-alive HTTP(S) connection to the LRS statements resource."""

    def __init__(self, config: LrsConfig, timeout: float = TIMEOUT_S) -> None:
        parts = urllib.parse.urlsplit(config.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CentreError(f"adresse du LRS invalide : « {config.url} » (attendu : "
                              "http://hôte:port/xAPI/)", "config")
        self.config = config
        self.host = parts.hostname
        self.port = parts.port
        self.https = parts.scheme == "https"
        self.timeout = timeout
        token = base64.b64encode(f"{config.user}:{config.password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json",
                        "X-Experience-API-Version": XAPI_VERSION}
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        """(status, body); _Retryable on a network fault (connection dropped and reset)."""
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=self.headers)
            response = conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise _Retryable(_network_reason(exc)) from None

    def post(self, body: bytes) -> tuple[int, bytes]:
        return self.request("POST", self.config.statements_path, body)


def _network_reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "délai de réponse dépassé"
    if isinstance(exc, socket.gaierror):
        return "hôte inconnu"
    return f"{type(exc).__name__} : {exc}" if str(exc) else type(exc).__name__


def _short(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text if len(text) <= 300 else text[:299] + "…"


def push(records: CentreRecords, config: LrsConfig, *, batch: int = BATCH,
         attempts: int = ATTEMPTS, base_delay: float = BASE_DELAY_S,
         sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """Send every queued statement; CentreError (French) when the LRS stays unreachable
    or refuses the credentials — what was not acknowledged stays queued."""
    if not config.url:
        raise CentreError("aucun LRS configuré : indiquez son adresse avec NTC_LRS_URL (et "
                          "NTC_LRS_USER, NTC_LRS_PASSWORD) ou dans le fichier "
                          f"{data_dir() / CONFIG_FILE}", "config")
    client = LrsClient(config)
    report = PushReport()
    after = 0
    try:
        while True:
            rows = records.pending(batch, after)
            if not rows:
                break
            after = rows[-1][0]
            body = ("[" + ",".join(r[2] for r in rows) + "]").encode("utf-8")
            status, data = _send(client, body, attempts, base_delay, sleep, report, records,
                                 [r[0] for r in rows])
            report.batches += 1
            if status in (200, 204):
                records.mark_sent([r[0] for r in rows])
                report.sent += len(rows)
            elif status in (400, 409):
                _one_by_one(client, rows, attempts, base_delay, sleep, report, records)
            else:
                raise _status_error(status, data, config)
    finally:
        client.close()
        report.remaining = records.pending_count()
    return report


def _send(client: LrsClient, body: bytes, attempts: int, base_delay: float,
          sleep: Callable[[float], None], report: PushReport, records: CentreRecords,
          rowids: list[int]) -> tuple[int, bytes]:
    """POST with bounded retries and exponential backoff."""
    reason = ""
    for attempt in range(attempts):
        if attempt:
            report.retries += 1
            sleep(min(base_delay * 2 ** (attempt - 1), MAX_DELAY_S))
        try:
            status, data = client.post(body)
        except _Retryable as exc:
            reason = str(exc)
            continue
        if status == 429 or status >= 500:
            reason = f"réponse {status} : {_short(data)}"
            continue
        return status, data
    records.mark_failed(rowids, reason)
    pending = records.pending_count()
    raise CentreError(
        f"LRS injoignable à {client.config.url} ({reason}, {plural(attempts, 'essai')}) : "
        f"{plural(pending, 'déclaration')} xAPI en attente, rien n'est perdu ; "
        "relancez « ntc lrs push » plus tard", "lrs_unreachable")


def _one_by_one(client: LrsClient, rows: list[tuple[int, str, str]], attempts: int,
                base_delay: float, sleep: Callable[[float], None], report: PushReport,
                records: CentreRecords) -> None:
    """A batch the LRS refused: find the statements at fault, send the others."""
    for rowid, _sid, statement in rows:
        status, data = _send(client, f"[{statement}]".encode(), attempts, base_delay, sleep,
                             report, records, [rowid])
        if status in (200, 204):
            records.mark_sent([rowid])
            report.sent += 1
        elif status in (400, 409):
            records.mark_failed([rowid], f"refusée par le LRS ({status}) : {_short(data)}")
            report.rejected += 1
        else:
            raise _status_error(status, data, client.config)


def _status_error(status: int, data: bytes, config: LrsConfig) -> CentreError:
    if status in (401, 403):
        return CentreError(
            f"le LRS {config.url} refuse l'identifiant ou le mot de passe (réponse {status}) : "
            "vérifiez NTC_LRS_USER et NTC_LRS_PASSWORD ; les déclarations restent en attente",
            "lrs_auth")
    if status == 404:
        return CentreError(f"pas de ressource xAPI à {config.url} (réponse 404) : l'adresse "
                           "NTC_LRS_URL doit être celle du point d'accès xAPI (…/xAPI/)",
                           "config")
    return CentreError(f"le LRS {config.url} a répondu {status} : {_short(data)} ; les "
                       "déclarations restent en attente", "lrs_rejected")
