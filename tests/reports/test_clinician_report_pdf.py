"""The clinician report is a valid PDF of one or two A4 pages, for short and long diaries."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from painscope.diary.demo import demo_diary
from painscope.diary.tidy import empty_frame
from painscope.reports import build_report, page_count, render_pdf
from painscope.reports.figures import pain_chart_png
from tests.reports.inputs import END, administration, phq9


def check_pdf(data: bytes) -> int:
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data  # A4 in points
    return page_count(data)


def test_demo_diary_report_fits_one_or_two_pages(diary, questionnaires, medications):
    content = build_report(diary, person="Ana Example (ana)", end=END,
                           medications=medications, questionnaires=questionnaires)
    assert 1 <= check_pdf(render_pdf(content)) <= 2


def test_two_year_diary_with_a_safety_alert_still_fits_two_pages(medications):
    long = demo_diary(730, end=END, seed=3)
    flagged = administration("phq9", phq9(2, item9=2), "2026-03-30T09:00:00+00:00")
    content = build_report(long, person="Ana Example (ana)", end=END, days=365,
                           medications=medications * 3, questionnaires=[flagged])
    assert content.alerts
    assert 1 <= check_pdf(render_pdf(content)) <= 2


def test_empty_and_three_day_diaries_render(diary):
    short = diary[diary["local_date"] > np.datetime64(END - timedelta(days=3))]
    for frame in (empty_frame(), short):
        assert check_pdf(render_pdf(build_report(frame, person="new", end=END))) == 1


def test_names_outside_latin1_print(diary):
    content = build_report(diary.iloc[:0], person="Zoë Łukasiewicz (Ёлка)", end=END)
    assert check_pdf(render_pdf(content)) == 1


def test_pain_chart_is_a_png():
    png = pain_chart_png([(END - timedelta(days=i), 5.0 + i % 3) for i in range(30)], END - timedelta(days=89), END)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_days_must_be_positive(diary):
    with pytest.raises(ValueError, match="days must be at least 1"):
        build_report(diary, person="x", end=END, days=0)
