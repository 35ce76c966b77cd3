"""The overview chart spec (painscope.web.journal.charts); its numbers are tested in
tests/diary/test_summary.py."""

from __future__ import annotations

from datetime import date, timedelta

from painscope import diary
from painscope.diary import summary
from painscope.web.journal import charts
from tests.diary.test_summary import diary_of

END = date(2024, 6, 30)


def test_pain_figure_has_pain_and_the_chosen_factor_with_gaps_for_missing_days():
    frame = diary_of({END: [6], END - timedelta(days=2): [4]})
    daily = diary.daily_table(frame)
    figure = charts.pain_figure(daily, END - timedelta(days=2), END, ["missing_column"])
    pain = figure["data"][0]
    assert pain["x"] == ["2024-06-28", "2024-06-29", "2024-06-30"]
    assert pain["y"] == [4.0, None, 6.0]
    assert figure["data"][1]["y"] == [None, None, None]
    assert figure["layout"]["yaxis"]["range"] == [0, 10.5]


def test_old_import_path_gives_the_same_number_functions():
    # painscope.reports.clinician still imports them from here until it switches
    for name in ("pain_summary", "region_shares", "pain_calendar", "weekly_pain_rows", "band", "PAIN_BANDS", "SHARE_BANDS", "MIN_DAYS"):
        assert getattr(charts, name) is getattr(summary, name)


def test_the_number_module_imports_no_web_code():
    import subprocess
    import sys

    code = "import sys, painscope.diary.summary; print(any(m.startswith(('django', 'painscope.web')) for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
