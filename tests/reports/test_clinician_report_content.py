"""What the clinician reads: every number with its basis, or "not enough data"."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from painscope.diary import daily_table
from painscope.reports import build_report, wilson_interval
from tests.reports.inputs import END, administration, phq9


@pytest.fixture(scope="module")
def report(diary, questionnaires, medications):
    return build_report(diary, person="Ana Example (ana)", end=END, days=90,
                        medications=medications, questionnaires=questionnaires)


def test_header_counts_days_with_entries_in_the_period(report, diary):
    start = END - timedelta(days=89)
    dates = {d.date() for d in diary["local_date"] if start <= d.date() <= END}
    assert report.days_with_entries == len(dates)
    assert f"days with entries: {len(dates)} of 90" in report.header
    assert report.header.startswith("Ana Example (ana)")


def test_pain_table_is_the_mean_of_daily_means_with_days_rated(report, diary):
    pain = daily_table(diary)["pain"]
    last7 = pain[pain.index > np.datetime64(END - timedelta(days=7))].dropna()
    rows = {row[0]: row for row in report.section("Pain").table[1:]}
    assert rows["last 7 days"][1] == f"{last7.mean():.1f}"
    assert rows["last 7 days"][3] == f"{last7.min():.0f}–{last7.max():.0f}"
    assert rows["last 7 days"][4] == f"{last7.size} of 7"
    assert set(rows) == {"last 7 days", "last 30 days", "last 90 days"}


def test_pain_chart_points_are_the_rated_days_of_the_period(report):
    assert len(report.pain_days) <= 90
    assert all(END - timedelta(days=89) <= d <= END for d, _ in report.pain_days)
    assert all(0 <= v <= 10 for _, v in report.pain_days)


def test_flare_days_and_body_map_have_their_basis(report):
    pain_text = report.section("Pain").text
    assert "Flare days marked by the person:" in pain_text
    assert f"of {report.days_with_entries} days with entries." in pain_text
    body = report.section("Body map").text
    assert "check-ins about pain" in body
    assert "WPI areas marked in the last 7 days:" in body and "of 19" in body


def test_adherence_has_a_wilson_interval(report):
    lo, hi = wilson_interval(26, 28)
    text = report.section("Medications").text
    assert f"26 of 28 scheduled doses in 4 weeks, 93% (95 % interval {lo:.0%}–{hi:.0%})" in text
    assert "Paracetamol 1000 mg, as needed." in text


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    # Newcombe 1998, Stat Med 17:857, Table I, method 3 (Wilson score interval)
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_newcombe_1998(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=5e-5) and hi == pytest.approx(high, abs=5e-5)


def test_wilson_interval_stays_inside_0_and_1_at_full_adherence():
    lo, hi = wilson_interval(28, 28)
    assert hi == pytest.approx(1.0) and lo == pytest.approx(28 / (28 + 1.959964**2), abs=1e-6)


def test_questionnaire_shows_latest_score_and_meaningful_change(report):
    rows = report.section("Questionnaires").table
    phq = next(r for r in rows if r[0] == "PHQ9")
    assert phq[1] == "8 (mild)"
    assert phq[2] == "20 Mar 2026"
    assert phq[3].startswith("−8 since 01 Feb 2026: meaningful improvement (MCID 5)")


def test_no_safety_line_when_item_9_is_zero(report):
    assert report.alerts == ()
    assert "Item 9" not in report.text and "item 9" not in report.text


def test_phq9_item_9_above_zero_is_highlighted(diary):
    flagged = administration("phq9", phq9(1, item9=1), "2026-03-25T09:00:00+00:00")
    content = build_report(diary, person="ana", end=END, questionnaires=[flagged])
    assert len(content.alerts) == 1 and content.alerts[0].highlight
    assert content.alerts[0].text == (
        "PHQ-9 item 9 (thoughts of self-harm) answered above 0 on 25 Mar 2026 — please ask.")


def test_patterns_use_is_followed_by_never_causes(report):
    text = report.section("Patterns in the diary").text
    assert "causes" not in text.replace("not causes", "")
    assert "95 % interval" in text
    assert "followed" in text or "went together" in text


def test_three_days_of_diary_give_not_enough_data(diary):
    short = diary[diary["local_date"] > np.datetime64(END - timedelta(days=3))]
    content = build_report(short, person="new", end=END)
    rows = {row[0]: row for row in content.section("Pain").table[1:]}
    assert all(row[1] == "not enough data" for row in rows.values())
    assert "No clear patterns yet" in content.section("Patterns in the diary").text
    assert "Not enough data" in content.section("Patterns in the diary").text
    assert content.days_with_entries <= 3


def test_footer_names_the_source_the_date_and_the_period(report):
    assert report.footer.startswith("Self-tracked data from painscope. Not a diagnosis. Generated ")
    assert report.footer.endswith("; period 01 Jan 2026–31 Mar 2026")


def test_hrv_section_only_with_hrv_data(report):
    assert report.section("Heart rate variability") is None


def test_three_days_give_counts_not_percentages_and_no_flare_detector(diary):
    short = diary[diary["local_date"] > np.datetime64(END - timedelta(days=3))]
    content = build_report(short, person="new", end=END)
    body = content.section("Body map").text
    assert "Shares: not enough data" in body and "%" not in body
    pain = content.section("Pain").text
    assert "Flare detector: not enough data (it needs at least 28 days with a pain rating; 3 so far)." in pain
    assert f"of {content.days_with_entries} days with entries." in pain
