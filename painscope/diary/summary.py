"""Numbers of the diary overview: pain summaries, the pain calendar, body-region shares.

Pure (pandas and NumPy only; no Django): takes the canonical diary frame or its daily
table (:func:`painscope.diary.daily_table`) and returns small dataclasses. The web overview
(``painscope.web.journal``) and the clinician report (``painscope.reports``) both show these
numbers, so they live here, below both, and are tested in ``tests/diary/test_summary.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import numpy as np
import pandas as pd

from painscope.diary.regions import REGIONS

# Fewer than this many days with a pain rating and we say "not enough data yet": with a
# typical within-person day-to-day SD of about 1.6 points (fibromyalgia e-diaries, MODEL.md
# T14) a mean of 3 days is uncertain by more than ±1.8 points (95 %), too wide to compare.
MIN_DAYS = 4

# Pain bands for colouring days: severe from 7 (Serlin et al. 1995, Pain 61:277, cut-points
# 4|6 on the 0-10 scale: mild 1-4, moderate 5-6, severe 7-10); mild split at 2.5 so that
# low-pain days are still told apart. Labels are shown next to the colours.
PAIN_BANDS: tuple[tuple[float, str], ...] = ((2.5, "0–2"), (4.5, "3–4"), (6.5, "5–6"), (math.inf, "7–10"))
SHARE_BANDS: tuple[tuple[float, str], ...] = ((0.25, "under 25%"), (0.5, "25–49%"), (0.75, "50–74%"), (math.inf, "75% or more"))


@dataclass(frozen=True)
class PainSummary:
    """Mean daily pain over the last ``days`` days ending on ``end`` (inclusive).

    ``mean`` is the mean of the daily means of the 0-10 pain rating (each day counts once,
    however many check-ins it has), ``n_days`` the days with a pain rating, ``sd`` the
    day-to-day standard deviation (ddof=1), ``low``/``high`` the lowest and highest daily
    mean. When ``n_days`` < ``MIN_DAYS`` the numbers are None and ``enough`` is False.
    """

    days: int
    end: date
    n_days: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    @property
    def enough(self) -> bool:
        return self.mean is not None

    def sentence(self) -> str:
        if not self.enough:
            return (
                f"Not enough data yet for the last {self.days} days: pain was rated on "
                f"{self.n_days} day{'s' if self.n_days != 1 else ''} (at least {MIN_DAYS} are needed)."
            )
        spread = f", day-to-day spread ±{self.sd:.1f}" if self.sd is not None else ""
        return (
            f"Last {self.days} days: average pain {self.mean:.1f} out of 10 over {self.n_days} "
            f"days with a rating (daily range {self.low:.0f}–{self.high:.0f}{spread})."
        )


def pain_summary(daily: pd.DataFrame, end: date, days: int, min_days: int = MIN_DAYS) -> PainSummary:
    """Summarise daily mean pain over ``days`` days ending on ``end`` (see :class:`PainSummary`)."""
    start = pd.Timestamp(end - timedelta(days=days - 1))
    if "pain" in daily.columns and not daily.empty:
        values = daily.loc[(daily.index >= start) & (daily.index <= pd.Timestamp(end)), "pain"].dropna().to_numpy(dtype=float)
    else:
        values = np.array([], dtype=float)
    n = int(values.size)
    if n < min_days:
        return PainSummary(days, end, n, None, None, None, None)
    return PainSummary(
        days, end, n, float(values.mean()), float(values.std(ddof=1)) if n > 1 else None,
        float(values.min()), float(values.max()),
    )


def band(value: float | None, bands: tuple[tuple[float, str], ...]) -> int:
    """1-based band of ``value`` (0 when missing): the colour level used on the page."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    for i, (upper, _label) in enumerate(bands, start=1):
        if value < upper:
            return i
    return len(bands)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    pain: float | None
    level: int

    @property
    def text(self) -> str:
        when = f"{self.day:%a} {self.day.day} {self.day:%b %Y}"
        return f"{when}: pain {self.pain:.1f}" if self.pain is not None else f"{when}: no pain rating"


@dataclass(frozen=True)
class MonthRow:
    month: date
    n_days: int
    mean: float | None


@dataclass(frozen=True)
class Calendar:
    """Days from a Monday ``weeks`` weeks back to ``end``, column by column (GitHub-style)."""

    days: list[CalendarDay]
    months: list[MonthRow]

    @property
    def week_labels(self) -> list[str]:
        """One label per week column: the month's short name where a month begins."""
        labels = []
        for start in range(0, len(self.days), 7):
            first = next((d.day for d in self.days[start : start + 7] if d.day.day == 1), None)
            labels.append(first.strftime("%b") if first else "")
        return labels

    def sentence(self) -> str:
        rated = [d for d in self.days if d.pain is not None]
        if not rated:
            return "No pain ratings in this period yet — that's fine; the calendar fills in as you check in."
        worst = max(rated, key=lambda d: d.pain or 0)
        best = min(rated, key=lambda d: d.pain or 0)
        return (
            f"Pain was rated on {len(rated)} of {len(self.days)} days. Highest day: {worst.text}. "
            f"Lowest day: {best.text}."
        )


def pain_calendar(daily: pd.DataFrame, end: date, weeks: int = 26) -> Calendar:
    """Daily mean pain for a calendar heat map ending on ``end`` (levels from ``PAIN_BANDS``),
    with a month-by-month mean (of daily means, days with a rating) as its text alternative."""
    first = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)
    index = pd.date_range(first, end, freq="D")
    pain = (
        daily["pain"].reindex(index) if "pain" in daily.columns and not daily.empty else pd.Series(np.nan, index=index)
    )
    days = [
        CalendarDay(ts.date(), None if math.isnan(v) else float(v), band(None if math.isnan(v) else float(v), PAIN_BANDS))
        for ts, v in zip(index, pain.to_numpy(dtype=float), strict=True)
    ]
    months = []
    for period, values in pain.groupby(index.to_period("M")):
        rated = values.dropna()
        months.append(MonthRow(period.to_timestamp().date(), int(rated.size), float(rated.mean()) if rated.size else None))
    return Calendar(days, months)


@dataclass(frozen=True)
class RegionShare:
    code: str
    label: str
    count: int
    share: float  # of check-ins in the period that marked this region
    level: int


def region_shares(diary: pd.DataFrame, start: date, end: date) -> tuple[int, list[RegionShare]]:
    """Where it hurt most often: for each body region, the share of check-ins marking it.

    The denominator is the number of check-ins between ``start`` and ``end`` (local dates,
    inclusive) that rated pain or marked at least one region, so check-ins that only
    logged, say, a medication don't dilute the shares. Returns (check-ins, shares sorted
    from most to least often; regions never marked are included with 0).
    """
    if diary.empty:
        return shares_from_counts(0, {}, any_data=False)
    window = diary[(diary["local_date"] >= pd.Timestamp(start)) & (diary["local_date"] <= pd.Timestamp(end))]
    about_pain = window[(window["kind"] == "region") | ((window["kind"] == "rating") & (window["name"] == "pain"))]
    n = int(about_pain["utc"].nunique())
    marked = window[(window["kind"] == "region") & (window["value"] == 1)]
    counts = marked.groupby("name")["utc"].nunique()
    return shares_from_counts(n, {str(k): int(v) for k, v in counts.items()})


def shares_from_counts(n: int, counts: Mapping[str, int], any_data: bool = True) -> tuple[int, list[RegionShare]]:
    """:func:`region_shares` from its counts: ``n`` check-ins about pain, ``counts`` the
    check-ins marking each region (e.g. summed from stored daily aggregates,
    :func:`painscope.diary.aggregate.region_counts`). ``any_data`` False: the diary (not
    just the window) is empty, and the regions keep their body order."""
    if not any_data:
        return 0, [RegionShare(c, r.label, 0, 0.0, 0) for c, r in REGIONS.items()]
    out = []
    for code, region in REGIONS.items():
        count = int(counts.get(code, 0))
        share = count / n if n else 0.0
        out.append(RegionShare(code, region.label, count, share, band(share, SHARE_BANDS) if count else 0))
    out.sort(key=lambda r: (-r.count, r.label))
    return n, out


def weekly_pain_rows(daily: pd.DataFrame, start: date, end: date) -> list[tuple[date, int, float | None]]:
    """Week (Monday), days with a pain rating, mean of daily mean pain: the chart as a table."""
    if daily.empty or "pain" not in daily.columns:
        return []
    pain = daily["pain"].reindex(pd.date_range(start, end, freq="D"))
    rows = []
    for monday, values in pain.groupby(pain.index - pd.to_timedelta(pain.index.day_of_week, unit="D")):
        rated = values.dropna()
        rows.append((monday.date(), int(rated.size), float(rated.mean()) if rated.size else None))
    return rows


def person_today(now: datetime, zone: tzinfo, last_offset_minutes: int | None) -> date:
    """The person's "today" for the overview: their account zone's date, or the date at the
    UTC offset of their latest check-in when that is later (a phone in another zone, or
    travelling: a check-in dated tomorrow in Berlin must count when the account says UTC)."""
    today = now.astimezone(zone).date()
    if last_offset_minutes is None:
        return today
    there = (now + timedelta(minutes=last_offset_minutes)).date()
    return max(today, there)
