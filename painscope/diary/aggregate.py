"""Daily aggregates: the daily table split into one small record per day, and back.

Pure (pandas and NumPy only; no Django). The overview and the insights read a person's
daily table (:func:`painscope.diary.daily_table`) and the body-region shares
(:func:`painscope.diary.summary.region_shares`). Rebuilding them from years of raw
observations at every request is slow, so the web layer stores one :class:`DayAggregate`
per person and local day, recomputes it (:func:`day_aggregates`) for exactly the days a
write touches, in the same transaction, and rebuilds the tables from the stored records
(:func:`daily_from_days`, :func:`region_counts`).

Exactness: every cell of the daily table depends on one local day's rows only (means,
maxima, sums and counts *within* the day: :func:`painscope.diary.daily.daily_cells`), so
the cells of a day computed from that day's rows alone are the cells of the same day in
the table of the whole diary. What depends on several days (which columns exist, their
order, "0 on days with an entry but no such row") is done by the same
:func:`painscope.diary.daily.assemble_daily` that :func:`daily_table` uses.
``tests/diary/test_aggregate.py`` checks ``daily_from_days(day_aggregates(frame))`` against
``daily_table(frame)`` exactly on varied diaries and windows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from painscope.diary.daily import assemble_daily, daily_cells

#: Bump when the meaning of a stored record changes, so stored records are recomputed.
AGGREGATE_VERSION = 1


@dataclass(frozen=True)
class DayAggregate:
    """One local day of a diary, as the overview and the insights need it.

    ``n_entries``: distinct check-in times that day. ``cells``: ``"group:name"`` → the
    day's value of that column before days are put together (None: the column exists that
    day without a value; see :func:`painscope.diary.daily.daily_cells`). ``about_pain``:
    check-ins that day that rated pain or marked a region (the denominator of the region
    shares); ``regions``: region code → check-ins that day that marked it (value 1).
    """

    day: date
    n_entries: int
    cells: dict[str, float | None] = field(default_factory=dict)
    about_pain: int = 0
    regions: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"n": self.n_entries, "cells": self.cells, "about_pain": self.about_pain, "regions": self.regions}

    @classmethod
    def from_json(cls, day: date, data: Mapping) -> DayAggregate:
        return cls(
            day, int(data["n"]), dict(data["cells"]), int(data["about_pain"]),
            {str(k): int(v) for k, v in data["regions"].items()},
        )


def _key(group: str, name: str) -> str:
    return f"{group}:{name}"


def _unkey(key: str) -> tuple[str, str]:
    group, _, name = key.partition(":")
    return group, name


def day_aggregates(frame: pd.DataFrame) -> dict[date, DayAggregate]:
    """One :class:`DayAggregate` per local day with at least one row in ``frame`` (a
    canonical diary frame holding *all* rows of those days, e.g. the stored rows of the
    days a write touched)."""
    if frame.empty:
        return {}
    counts, cells = daily_cells(frame)
    per_day: dict[pd.Timestamp, dict[str, float | None]] = {ts: {} for ts in counts.index}
    for (group, name), series in cells.items():
        key = _key(group, name)
        for ts, value in zip(series.index, series.to_numpy(dtype=float), strict=True):
            per_day[ts][key] = None if math.isnan(value) else float(value)
    about = frame[(frame["kind"] == "region") | ((frame["kind"] == "rating") & (frame["name"] == "pain"))]
    about_counts = about.groupby("local_date")["utc"].nunique()
    marked = frame[(frame["kind"] == "region") & (frame["value"] == 1)]
    regions: dict[pd.Timestamp, dict[str, int]] = {}
    for (ts, name), n in marked.groupby(["local_date", "name"])["utc"].nunique().items():
        regions.setdefault(ts, {})[str(name)] = int(n)
    return {
        ts.date(): DayAggregate(ts.date(), int(counts[ts]), per_day[ts], int(about_counts.get(ts, 0)), regions.get(ts, {}))
        for ts in counts.index
    }


def daily_from_days(days: Iterable[DayAggregate]) -> pd.DataFrame:
    """The daily table (exactly as :func:`painscope.diary.daily_table` returns it) of the
    diary whose days are ``days``: a continuous index from the first to the last day."""
    records = sorted(days, key=lambda d: d.day)
    if not records:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"), columns=["n_entries"], dtype=float)
    stamps = [pd.Timestamp(r.day).as_unit("ns") for r in records]  # the diary frame's unit
    index = pd.date_range(stamps[0], stamps[-1], freq="D", name="date")
    counts = pd.Series([r.n_entries for r in records], index=pd.DatetimeIndex(stamps).as_unit("ns"), dtype="int64")
    columns: dict[str, tuple[list[pd.Timestamp], list[float]]] = {}
    for ts, r in zip(stamps, records, strict=True):
        for key, value in r.cells.items():
            where, values = columns.setdefault(key, ([], []))
            where.append(ts)
            values.append(math.nan if value is None else float(value))
    cells = {_unkey(key): pd.Series(values, index=pd.DatetimeIndex(where).as_unit("ns"), dtype=float) for key, (where, values) in columns.items()}
    return assemble_daily(index, counts, cells)


def region_counts(days: Iterable[DayAggregate], start: date, end: date) -> tuple[int, dict[str, int]]:
    """Check-ins about pain, and check-ins marking each region, between ``start`` and
    ``end`` (local dates, inclusive): the inputs of
    :func:`painscope.diary.summary.shares_from_counts`.

    A check-in has one local day, so the sum of the days' distinct counts is the distinct
    count over the window."""
    n = 0
    counts: dict[str, int] = {}
    for d in days:
        if start <= d.day <= end:
            n += d.about_pain
            for code, k in d.regions.items():
                counts[code] = counts.get(code, 0) + k
    return n, counts
