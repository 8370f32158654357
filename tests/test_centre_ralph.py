"""Integration with the reference LRS, Ralph: a generated cohort's statements are pushed
with `ntc lrs push` and read back with GET /xAPI/statements.

Ralph is the one `.ci/run` started, or is started here from `.venv-ralph`. Without it the
test is skipped outside CI and fails under CI=true (the service must be there).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from centre_support import ntc, play
from ralph_support import RALPH, Lrs, from_ci, started_ralph

from simulator.centre import CentreRecords


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    given = from_ci()
    if given is not None:
        yield given
        return
    if not RALPH.exists():
        reason = ("Ralph LRS absent : « bash .ci/run » l'installe dans .venv-ralph et le "
                  "démarre (ou NTC_TEST_LRS_URL)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true mais {reason}")
        pytest.skip(reason)
    with started_ralph(tmp_path_factory.mktemp("ralph")) as lrs:
        yield lrs


def _get(lrs: Lrs, path_and_query: str, password: str | None = None) -> tuple[int, Any]:
    token = base64.b64encode(f"{lrs.user}:{password or lrs.password}".encode()).decode()
    parts = urllib.parse.urlsplit(lrs.url)
    request = urllib.request.Request(
        f"{parts.scheme}://{parts.netloc}{path_and_query}",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, None


def _statements_of(lrs: Lrs, registration: str) -> list[dict[str, Any]]:
    """Every statement of a registration, following the `more` links."""
    out: list[dict[str, Any]] = []
    path = urllib.parse.urlsplit(lrs.url).path.rstrip("/")
    next_url: str | None = (f"{path}/statements?"
                            + urllib.parse.urlencode({"registration": registration,
                                                      "limit": 100}))
    while next_url:
        status, body = _get(lrs, next_url)
        assert status == 200, status
        out.extend(body["statements"])
        next_url = body.get("more") or None
    return out


def test_cohort_statements_reach_ralph(ralph: Lrs, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for seed, trainee in ((4, "Camille Martin"), (3, "Léa Roux"), (5, "Léa Roux")):
        play(tmp_path / f"{seed}.jsonl", seed, trainee, capsys, mode="examen")
    monkeypatch.setenv("NTC_LRS_URL", ralph.url)
    monkeypatch.setenv("NTC_LRS_USER", ralph.user)
    monkeypatch.setenv("NTC_LRS_PASSWORD", "mauvais-mot-de-passe")
    code, _, err = ntc(["lrs", "push"], capsys)
    assert code == 1 and "refuse l'identifiant ou le mot de passe" in err
    monkeypatch.setenv("NTC_LRS_PASSWORD", ralph.password)
    code, _, err = ntc(["lrs", "push"], capsys)
    assert code == 0, err
    with CentreRecords() as records:
        assert records.pending_count() == 0
        expected = {s["id"]: s for s in records.statements()}
        sessions = records.sessions()
    assert len(sessions) == 3
    listed = [s for row in sessions for s in _statements_of(ralph, str(uuid.UUID(row.id)))]
    found = {s["id"]: s for s in listed}
    assert len(listed) == len(found) and set(found) == set(expected)
    for sid, statement in found.items():
        assert statement["verb"]["id"] == expected[sid]["verb"]["id"]
        assert statement["actor"]["account"] == expected[sid]["actor"]["account"]
        assert statement["context"]["registration"] == expected[sid]["context"]["registration"]
    # Re-sending everything never duplicates.
    with CentreRecords() as records:
        records.conn.execute("UPDATE xapi_outbox SET sent_at = NULL")
    code, _, err = ntc(["lrs", "push"], capsys)
    assert code == 0, err
    again = [s for row in sessions for s in _statements_of(ralph, str(uuid.UUID(row.id)))]
    assert sorted(s["id"] for s in again) == sorted(expected)
