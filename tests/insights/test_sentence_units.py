"""Issue 14: a finding about a measure says its own unit, never "points" (a pain word).

"Each 41 points higher exertion minutes" used "points" for minutes. The unit now comes from
the diary (the ``unit`` logged with the measure or factor); without one the sentence is
neutral ("Each rise of 41 in exertion minutes above usual").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from painscope import diary
from painscope.insights import as_daily, lagged_effects
from painscope.insights._daily import column_units


def exertion_diary(n_days: int = 200, seed: int = 5, unit: str = "min", custom_rating: bool = False):
    """Pain that rises the day after long exertion (a custom measure logged in minutes)."""
    rng = np.random.default_rng(seed)
    minutes = np.clip(rng.normal(45, 40, n_days), 0, None).round()
    noise = np.zeros(n_days)
    for t in range(1, n_days):
        noise[t] = 0.5 * noise[t - 1] + rng.normal(0, 0.8)
    pain = np.clip(np.round(4 + 0.04 * np.r_[45, minutes[:-1]] + noise), 0, 10)
    first = date(2025, 1, 1)
    records = []
    for i in range(n_days):
        when = datetime.combine(first + timedelta(days=i), time(20, 0), tzinfo=UTC)
        records.append((when, 0, diary.Observation("rating", "pain", float(pain[i]))))
        records.append((when, 0, diary.Observation("measure", "exertion_minutes", float(minutes[i]), unit)))
        if custom_rating:
            records.append((when, 0, diary.Observation("rating", "worry", float(np.clip(round(5 + noise[i]), 0, 10)))))
    return diary.frame_from_records(records)


def finding(report, column: str, lag: int = 1):
    return next(f for f in report.findings if f.column == column and f.lag == lag)


def test_a_measure_is_described_in_its_own_unit():
    frame = exertion_diary()
    report = lagged_effects(frame, lags=(0, 1))
    f = finding(report, "exertion_minutes")
    assert f.significant and f.unit == "min"
    assert "points higher exertion" not in f.sentence and "points exertion" not in f.sentence
    assert f.sentence.startswith("Each rise of ") and " min in exertion minutes above usual" in f.sentence
    assert f.per.endswith("min (1 SD)")
    assert "pain " in f.sentence and " points higher" in f.sentence  # the pain change stays in points


def test_the_unit_is_passed_alongside_a_daily_table_as_the_web_and_cli_do():
    frame = exertion_diary()
    daily = as_daily(diary.daily_table(frame))
    with_units = finding(lagged_effects(daily, lags=(0, 1), units=column_units(frame)), "exertion_minutes")
    assert with_units.unit == "min" and " min in exertion minutes" in with_units.sentence
    bare = finding(lagged_effects(daily, lags=(0, 1)), "exertion_minutes")
    assert bare.unit == "" and "points" not in bare.sentence.split(" by pain")[0]
    assert bare.sentence.startswith("Each rise of ") and " in exertion minutes above usual" in bare.sentence


def test_column_units_reads_ratings_measures_and_factors():
    frame = exertion_diary(30, custom_rating=True)
    units = column_units(frame)
    assert units["exertion_minutes"] == "min" and units["worry"] == "points" and units["pain"] == "points"
    no_unit = column_units(exertion_diary(30, unit=""))
    assert "exertion_minutes" not in no_unit


@pytest.mark.parametrize("column", ["sleep_hours", "steps", "stress"])
def test_known_items_keep_their_own_wording(column):
    from painscope.insights._text import continuous_subject

    text = continuous_subject(column, column.replace("_", " "), 1.5)
    assert text.startswith("Each ") and "rise of" not in text
