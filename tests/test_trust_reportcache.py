"""Rendered trainee reports reused (issue 17): a warm `ntc score` writes exactly what a run
without any cache writes, and a change found only live (a copy in the cohort, an evaluation
file deleted behind the register, the centre records) is never hidden by a kept report."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from test_trust_scorecache import _play

from scoring.cohort import Cohort
from scoring.render.stream import write_report
from simulator.trust.bridge import StreamingAuditor
from simulator.trust.cache import VerificationCache
from simulator.trust.scorecache import ReportCache, ScoreCache


class CountingReports(ReportCache):
    """The CLI's report cache, counting the reports it gave back."""

    def __init__(self) -> None:
        super().__init__()
        self.hits = 0

    def raw(self, key: str) -> bytes | None:
        found = super().raw(key)
        self.hits += found is not None
        return found


def _score(paths: list[Path], fmt: str, *, cached: bool = True,
           reports: ReportCache | None = None) -> tuple[str, int]:
    if cached:
        auditor = StreamingAuditor()
        store = reports if reports is not None else CountingReports()
    else:
        auditor = StreamingAuditor(VerificationCache(enabled=False),
                                   ScoreCache(enabled=False))
        store = None
    cohort = Cohort(paths, "TP-00338", auditor=auditor, reports=store)
    out = io.StringIO()
    write_report(cohort, fmt, out)
    return out.getvalue(), cohort.status


@pytest.fixture()
def logs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "journaux"
    folder.mkdir()
    return [_play(folder / f"s{i}.jsonl", name, i + 7, ["Zoé Lefèvre", "Éric Dupont"][i % 2])
            for i, name in enumerate(("negociation-prix", "prospection-telephonique",
                                      "negociation-prix"))]


@pytest.mark.parametrize(("fmt", "kept"), [("csv", 2), ("json", 2), ("html", 2), ("table", 0)])
def test_a_kept_report_is_what_an_uncached_run_writes(logs: list[Path], fmt: str,
                                                      kept: int) -> None:
    """Both trainees come from the cache, except in the detailed table (one rich layout
    of the whole cohort, shown for small cohorts only)."""
    plain = _score(logs, fmt, cached=False)
    first = _score(logs, fmt)
    warm = CountingReports()
    assert _score(logs, fmt, reports=warm) == first == plain
    assert warm.hits == kept


def test_a_summary_line_is_kept_too(logs: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from scoring.render import stream

    monkeypatch.setattr(stream, "COMPACT_AT", 1)       # the summary past one log
    plain = _score(logs, "table", cached=False)
    assert "Synthèse de cohorte" in plain[0]
    _score(logs, "table")
    warm = CountingReports()
    assert _score(logs, "table", reports=warm) == plain and warm.hits == 2


def test_a_copy_added_to_the_cohort_shows_on_a_warm_run(logs: list[Path]) -> None:
    _score(logs, "csv")
    _score(logs, "csv")
    copy = logs[0].with_name("copie.jsonl")
    shutil.copy(logs[0], copy)
    cohort = [*logs, copy]
    warm = _score(cohort, "json")
    assert warm == _score(cohort, "json", cached=False)
    assert "copie ignorée" in warm[0] and warm[1] == 1


def test_an_evaluation_file_deleted_behind_the_register_shows(logs: list[Path]) -> None:
    from simulator.log import SidecarWriter, sidecar_path

    writer = SidecarWriter.open(logs[1], None)
    try:
        writer.note(2, "bonne écoute du client", "Mme Durand")
    finally:
        writer.close()
    _score(logs, "csv")
    _score(logs, "csv")
    sidecar_path(logs[1]).unlink()
    warm = _score(logs, "csv")
    assert warm == _score(logs, "csv", cached=False)
    assert "fichier d'évaluation supprimé" in warm[0] and warm[1] == 1


def test_a_damaged_kept_report_is_a_miss(logs: list[Path]) -> None:
    first = _score(logs, "csv")
    for entry in ReportCache().directory.rglob("*.txt"):
        raw = entry.read_bytes()
        entry.write_bytes(raw[:-3] + b"XYZ")           # same length, other bytes
    warm = CountingReports()
    assert _score(logs, "csv", reports=warm) == first and warm.hits == 0


def test_no_report_is_kept_when_the_cache_is_off(logs: list[Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NTC_SCORE_CACHE", "0")
    _score(logs, "csv")
    assert not list(ReportCache().directory.rglob("*.txt"))


def test_every_input_of_a_session_changes_the_key() -> None:
    from scoring.pending import PendingSession, chunk_key
    from scoring.results import Override
    from scoring.sources import LoadedLog

    def pending(**change: object) -> PendingSession:
        log = LoadedLog("a.jsonl", {"trainee": "Zoé"}, [], True, False, False)
        log.cache_key = "k" * 64
        made = PendingSession(None, log, "a.jsonl", ["attention"])
        for name, value in change.items():
            target = made if hasattr(made, name) and name != "log" else log
            setattr(target, name, value)
        return made

    base = chunk_key("csv", "TP-00338", "Zoé", [pending()])
    assert base is not None and base == chunk_key("csv", "TP-00338", "Zoé", [pending()])
    changes: list[dict[str, object]] = [
        {"cache_key": "j" * 64}, {"path": "b.jsonl"}, {"warnings": ["autre"]},
        {"overrides": [Override("C1.1", "acquis", "vu", "Mme Durand", 3)]},
        {"verified": False}, {"signature_checked": True}, {"reexecuted": True},
        {"provenance": "local"}, {"signature": "signé"}, {"resumes": ["reprise"]},
        {"limits": ["limite"]}]
    for change in changes:
        assert chunk_key("csv", "TP-00338", "Zoé", [pending(**change)]) != base, change
    assert chunk_key("json", "TP-00338", "Zoé", [pending()]) != base
    assert chunk_key("csv", "RNCP39063", "Zoé", [pending()]) != base
    assert chunk_key("csv", "TP-00338", "Zoé", [pending(cache_key="")]) is None


def test_kept_bytes_go_straight_to_a_utf8_stream_and_are_decoded_otherwise(
        tmp_path: Path) -> None:
    from scoring.render.stream import emit

    text = "Stagiaire;Zoé « à » ;\r\n"
    binary = tmp_path / "sortie.csv"
    with binary.open("w", encoding="utf-8", newline="") as handle:
        handle.write("début;")
        emit(handle, text.encode("utf-8"))
        handle.write("fin\n")
    assert binary.read_bytes() == ("début;" + text + "fin\n").encode("utf-8")
    latin = tmp_path / "latin.csv"
    with latin.open("w", encoding="latin-1", newline="") as handle:
        emit(handle, text.encode("utf-8"))
    assert latin.read_bytes() == text.encode("latin-1")
    memory = io.StringIO()
    emit(memory, text.encode("utf-8"))
    assert memory.getvalue() == text


def test_a_report_with_undecodable_path_bytes_is_not_kept(logs: list[Path]) -> None:
    reports = ReportCache()
    reports.keep("a" * 64, "fichier \udcff.jsonl")
    assert reports.raw("a" * 64) is None
    reports.keep("b" * 64, "fichier é.jsonl")
    assert reports.raw("b" * 64) == "fichier é.jsonl".encode()
