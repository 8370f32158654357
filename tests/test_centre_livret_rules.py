"""The livret rules: capitalisation of competences, CCP dates, five-year window, title."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from scoring import ACQUIS, NON_ACQUIS, NON_EVALUE, load_referential
from simulator.centre.livret import EN_COURS, add_years, decide

REF = load_referential("TP-00338")
CCP1 = ["C1", "C2", "C3", "C4"]
CCP2 = ["C5", "C6", "C7"]


def _all(items: list[str], decision: str = ACQUIS) -> dict[str, str]:
    return dict.fromkeys(items, decision)


def _by_item(outcome: object) -> dict[str, object]:
    return {d.item: d for d in outcome.decisions}  # type: ignore[attr-defined]


def test_competence_acquired_on_first_acquiring_session_and_kept() -> None:
    out = decide(REF, [
        ("s3", "2026-03-01T10:00:00+00:00", {"C1": NON_ACQUIS}),
        ("s1", "2026-01-10T10:00:00+00:00", {"C1": NON_ACQUIS}),
        ("s2", "2026-02-05T09:00:00+00:00", {"C1": ACQUIS, "C2": NON_ACQUIS}),
    ])
    d = _by_item(out)
    assert (d["C1"].status, d["C1"].decided_on, d["C1"].sessions) == (ACQUIS, "2026-02-05",
                                                                      ("s2",))
    assert d["C2"].status == NON_ACQUIS and d["C2"].sessions == ("s2",)
    assert d["C3"].status == NON_EVALUE
    assert d["CCP1"].status == EN_COURS and d["CCP1"].detail == "1/4 compétences acquises"
    assert d["CCP2"].status == NON_EVALUE
    assert out.first_ccp_on is None and out.deadline is None and out.title_on is None


def test_ccp_acquired_when_its_competences_are_across_sessions() -> None:
    out = decide(REF, [
        ("a", "2025-05-02T10:00:00+00:00", {"C1": ACQUIS, "C2": ACQUIS}),
        ("b", "2025-06-20T10:00:00+00:00", {"C3": ACQUIS, "C4": ACQUIS}),
    ])
    d = _by_item(out)
    assert d["CCP1"].status == ACQUIS
    assert d["CCP1"].decided_on == "2025-06-20"
    assert d["CCP1"].sessions == ("a", "b")
    assert out.first_ccp_on == "2025-06-20" and out.deadline == "2030-06-20"
    assert out.title_on is None


def test_title_when_both_ccps_within_five_years() -> None:
    out = decide(REF, [("a", "2024-02-29T10:00:00+00:00", _all(CCP1)),
                       ("b", "2027-01-15T10:00:00+00:00", _all(CCP2))])
    assert out.first_ccp_on == "2024-02-29"
    assert out.deadline == "2029-02-28"
    assert out.title_on == "2027-01-15"


def test_no_title_when_second_ccp_comes_after_the_window() -> None:
    out = decide(REF, [("a", "2020-01-10T10:00:00+00:00", _all(CCP1)),
                       ("b", "2025-01-11T10:00:00+00:00", _all(CCP2))])
    assert _by_item(out)["CCP2"].status == ACQUIS
    assert out.deadline == "2025-01-10"
    assert out.title_on is None


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
decision = st.sampled_from([ACQUIS, NON_ACQUIS, NON_EVALUE])
session = st.tuples(dates, st.dictionaries(st.sampled_from(CCP1 + CCP2), decision))


@given(st.lists(session, max_size=12))
def test_rules_hold_for_any_history(history: list[tuple[date, dict[str, str]]]) -> None:
    sessions = [(f"s{i}", f"{d.isoformat()}T12:00:00+00:00", items)
                for i, (d, items) in enumerate(history)]
    out = decide(REF, sessions)
    d = _by_item(out)
    for comp in CCP1 + CCP2:
        acquiring = sorted(s[1][:10] for s in sessions if s[2].get(comp) == ACQUIS)
        if acquiring:       # acquired on the earliest acquiring session, whatever came after
            assert d[comp].status == ACQUIS and d[comp].decided_on == acquiring[0]
        else:
            assert d[comp].status != ACQUIS
    for ccp, comps in (("CCP1", CCP1), ("CCP2", CCP2)):
        if all(d[c].status == ACQUIS for c in comps):
            assert d[ccp].decided_on == max(d[c].decided_on for c in comps)
        else:
            assert d[ccp].status != ACQUIS
    acquired = [d[c].decided_on for c in ("CCP1", "CCP2") if d[c].status == ACQUIS]
    assert out.first_ccp_on == (min(acquired) if acquired else None)
    if out.title_on is not None:
        assert len(acquired) == 2 and out.deadline is not None
        assert out.title_on <= out.deadline


@given(dates, st.integers(min_value=0, max_value=10))
def test_add_years_keeps_the_day_or_the_end_of_february(day: date, years: int) -> None:
    later = add_years(day, years)
    assert later.year == day.year + years and later.month == day.month
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)
