"""Stored daily aggregates rebuild the daily table and the region shares exactly.

The reference is the whole-history computation the overview used before aggregates
(``daily_table(frame)`` and ``region_shares(frame, ...)``), and, for the refactor of
``daily_table`` into cells + assembly, a frozen copy of its previous implementation.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painscope import diary
from painscope.diary import aggregate, summary
from painscope.diary.demo import demo_diary
from painscope.diary.schema import MEASURES, RATINGS


def _reference_daily_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``daily_table`` as it was before it was split into cells and assembly (frozen)."""
    if frame.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"), columns=["n_entries"], dtype=float)
    days = pd.date_range(frame["local_date"].min(), frame["local_date"].max(), freq="D", name="date")
    counts = frame.groupby("local_date")["utc"].nunique().reindex(days, fill_value=0)
    logged = counts.to_numpy() > 0
    columns: dict[str, pd.Series] = {}

    def pivot(sub, how):
        return sub.pivot_table(index="local_date", columns="name", values="value", aggfunc=how).reindex(days)

    ratings = frame[frame["kind"] == "rating"]
    if not ratings.empty:
        wide = pivot(ratings, "mean")
        for name in [n for n in RATINGS if n in wide.columns] + sorted(set(wide.columns) - set(RATINGS)):
            columns[name] = wide[name]
        if "pain" in wide.columns:
            columns["pain_max"] = pivot(ratings[ratings["name"] == "pain"], "max")["pain"]
    measures = frame[frame["kind"] == "measure"]
    if not measures.empty:
        for name, sub in measures.groupby("name", sort=True):
            spec = MEASURES.get(str(name))
            columns[str(name)] = sub.groupby("local_date")["value"].agg(spec.daily if spec else "mean").reindex(days)
    for kind in ("factor", "food", "quality", "region", "medication"):
        sub = frame[frame["kind"] == kind]
        if sub.empty:
            continue
        wide = pivot(sub, "sum" if kind == "medication" else "max")
        for name in sorted(wide.columns):
            values = wide[name].to_numpy(dtype=float).copy()
            values[logged & np.isnan(values)] = 0.0
            columns[f"{kind}:{name}"] = pd.Series(values, index=days)
    for kind in ("flare", "menstruation"):
        sub = frame[frame["kind"] == kind]
        values = sub.groupby("local_date")["value"].max().reindex(days).to_numpy(dtype=float).copy()
        if kind == "flare" or not sub.empty:
            values[logged & np.isnan(values)] = 0.0
            columns[kind] = pd.Series(values, index=days)
    columns["n_entries"] = counts.astype(float)
    table = pd.DataFrame(columns, index=days)
    table.index.name = "date"
    return table


def stored(frame: pd.DataFrame) -> list[aggregate.DayAggregate]:
    """Aggregates as the web layer stores them: through JSON, and back."""
    days = aggregate.day_aggregates(frame)
    return [aggregate.DayAggregate.from_json(d, json.loads(json.dumps(a.to_json()))) for d, a in days.items()]


def window(frame: pd.DataFrame, start: date) -> pd.DataFrame:
    return frame[frame["local_date"] >= pd.Timestamp(start)].reset_index(drop=True)


# -- varied diaries -------------------------------------------------------------------------

ITEMS = [
    ("rating", "pain"), ("rating", "fatigue"), ("rating", "stress"), ("rating", "custom_itch"),
    ("measure", "steps"), ("measure", "sleep_hours"), ("measure", "resting_hr"), ("measure", "my_measure"),
    ("factor", "coffee"), ("factor", "walk"), ("food", "gluten"), ("quality", "burning"),
    ("region", "low_back"), ("region", "neck"), ("region", "shoulder_left"),
    ("medication", "ibuprofen"), ("flare", "flare"), ("menstruation", "menstruation"),
    # A custom rating and a custom measure of the same name: the measure's values win in
    # the table (daily_table's rule), on days with only the rating too.
    ("rating", "twin"), ("measure", "twin"),
]

observation = st.tuples(
    st.sampled_from(ITEMS),
    st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.5, 3.0, 7.0, 10.0, 1234.0]), st.floats(0, 10, allow_nan=False)),
)
checkin = st.tuples(
    st.integers(0, 60),  # day
    st.integers(0, 23 * 60 + 59),  # minute of the day
    st.sampled_from([-600, -60, 0, 60, 330, 840]),  # offset: local days differ from UTC days
    st.lists(observation, min_size=1, max_size=8),
)


def build(checkins) -> pd.DataFrame:
    records, seen = [], set()
    for day, minute, offset, items in checkins:
        utc = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day, minutes=minute)
        if utc in seen:
            continue
        seen.add(utc)
        names = set()
        for (kind, name), value in items:
            if (kind, name) in names:
                continue
            names.add((kind, name))
            if kind in ("rating",) and value is None:
                value = 5.0
            records.append((utc, offset, diary.Observation(kind, name, value)))
    return diary.sort_frame(diary.frame_from_records(records))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(checkin, min_size=0, max_size=40), st.integers(0, 70))
def test_daily_table_from_stored_days_is_the_whole_history_table(checkins, cut):
    frame = build(checkins)
    pd.testing.assert_frame_equal(diary.daily_table(frame), _reference_daily_table(frame), check_exact=True)
    pd.testing.assert_frame_equal(aggregate.daily_from_days(stored(frame)), diary.daily_table(frame), check_exact=True)
    # a window of days (the overview reads the last 400 days)
    start = date(2023, 12, 31) + timedelta(days=cut)
    days = [d for d in stored(frame) if d.day >= start]
    pd.testing.assert_frame_equal(aggregate.daily_from_days(days), diary.daily_table(window(frame, start)), check_exact=True)


@settings(max_examples=40, deadline=None)
@given(st.lists(checkin, min_size=0, max_size=40), st.integers(0, 60), st.integers(0, 60))
def test_region_shares_from_stored_days_are_the_frame_shares(checkins, a, b):
    frame = build(checkins)
    start, end = sorted((date(2024, 1, 1) + timedelta(days=a), date(2024, 1, 1) + timedelta(days=b)))
    days = stored(frame)
    n, counts = aggregate.region_counts(days, start, end)
    assert summary.shares_from_counts(n, counts, any_data=bool(days)) == summary.region_shares(frame, start, end)


@pytest.mark.parametrize("years", [1, 5])
def test_demo_diary_years_exact(years):
    frame = demo_diary(days=365 * years, end=date(2026, 6, 30), now=datetime(2026, 6, 30, 23, tzinfo=UTC))
    days = stored(frame)
    pd.testing.assert_frame_equal(aggregate.daily_from_days(days), _reference_daily_table(frame), check_exact=True)
    today = date(2026, 6, 30)
    recent = [d for d in days if d.day >= today - timedelta(days=400)]
    daily = aggregate.daily_from_days(recent)
    ref = diary.daily_table(window(frame, today - timedelta(days=400)))
    for span in (7, 30, 90, 365):
        assert summary.pain_summary(daily, today, span) == summary.pain_summary(ref, today, span)
    assert summary.pain_calendar(daily, today) == summary.pain_calendar(ref, today)
    n, counts = aggregate.region_counts(recent, today - timedelta(days=89), today)
    assert summary.shares_from_counts(n, counts) == summary.region_shares(frame, today - timedelta(days=89), today)


def test_a_day_recomputed_alone_replaces_its_record():
    """Editing one day: recomputing only that day's record gives the whole-diary table."""
    frame = demo_diary(days=60, end=date(2026, 3, 1), now=datetime(2026, 3, 1, 23, tzinfo=UTC))
    days = {a.day: a for a in stored(frame)}
    target = date(2026, 2, 10)
    changed = frame[~((frame["local_date"] == pd.Timestamp(target)) & (frame["kind"] == "rating"))]
    changed = diary.sort_frame(changed.reset_index(drop=True))
    days.update(aggregate.day_aggregates(changed[changed["local_date"] == pd.Timestamp(target)]))
    pd.testing.assert_frame_equal(aggregate.daily_from_days(days.values()), diary.daily_table(changed), check_exact=True)


def test_empty():
    pd.testing.assert_frame_equal(aggregate.daily_from_days([]), diary.daily_table(diary.empty_frame()))
    assert aggregate.day_aggregates(diary.empty_frame()) == {}
    assert summary.shares_from_counts(0, {}, any_data=False) == summary.region_shares(diary.empty_frame(), date(2024, 1, 1), date(2024, 2, 1))
