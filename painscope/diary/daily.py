"""One row per day: the daily table that analytics and charts read.

The table is built in two steps, so that stored per-day aggregates
(:mod:`painscope.diary.aggregate`) rebuild it with the very same code: :func:`daily_cells`
computes every value *within* one local day (means, maxima, sums, counts), and
:func:`assemble_daily` puts days together (which columns exist, their order, and "0 on days
with an entry but no such row" for yes/no items).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from painscope.diary.schema import MEASURES, RATINGS

# Kinds whose daily value is "was it there" (max), 0 on days with an entry but no row.
_PRESENCE_KINDS = ("factor", "food", "quality", "region")
#: Groups of :func:`daily_cells`, in the order their columns appear in the table.
GROUPS = ("rating", "pain_max", "measure", *_PRESENCE_KINDS, "medication", "flare", "menstruation")

#: (group, name) → Series indexed by local day: the cells of one column that exist.
Cells = dict[tuple[str, str], pd.Series]


def daily_cells(diary: pd.DataFrame) -> tuple[pd.Series, Cells]:
    """Per-day values of a canonical diary frame, before days are put together.

    Returns (distinct check-in times per local day with a row, cells). A cell is kept
    where the column has a value that day; for measures, flares and menstruation (whose
    columns exist as soon as a row exists) also where the day has rows with no value.
    Every cell depends on that day's rows only.
    """
    if diary.empty:
        return pd.Series(dtype=float), {}
    counts = diary.groupby("local_date")["utc"].nunique()
    cells: Cells = {}

    def pivot(sub: pd.DataFrame, how: str) -> pd.DataFrame:
        return sub.pivot_table(index="local_date", columns="name", values="value", aggfunc=how)

    def keep(group: str, wide: pd.DataFrame) -> None:
        for name in wide.columns:
            column = wide[name]
            column = column[column.notna()]
            if len(column):
                cells[(group, str(name))] = column

    ratings = diary[diary["kind"] == "rating"]
    if not ratings.empty:
        keep("rating", pivot(ratings, "mean"))
        if ("rating", "pain") in cells:
            keep("pain_max", pivot(ratings[ratings["name"] == "pain"], "max"))

    measures = diary[diary["kind"] == "measure"]
    if not measures.empty:
        for name, sub in measures.groupby("name", sort=True):
            spec = MEASURES.get(str(name))
            how = spec.daily if spec else "mean"
            cells[("measure", str(name))] = sub.groupby("local_date")["value"].agg(how)

    for kind in (*_PRESENCE_KINDS, "medication"):
        sub = diary[diary["kind"] == kind]
        if not sub.empty:
            keep(kind, pivot(sub, "sum" if kind == "medication" else "max"))

    for kind in ("flare", "menstruation"):
        sub = diary[diary["kind"] == kind]
        if not sub.empty:
            cells[(kind, kind)] = sub.groupby("local_date")["value"].max()
    return counts, cells


def assemble_daily(days: pd.DatetimeIndex, counts: pd.Series, cells: Mapping[tuple[str, str], pd.Series]) -> pd.DataFrame:
    """The daily table over ``days`` from per-day ``counts`` and ``cells`` (see
    :func:`daily_cells`; any number of days' cells concatenated)."""
    counts = counts.reindex(days, fill_value=0)
    logged = counts.to_numpy() > 0
    names: dict[str, list[str]] = {group: [] for group in GROUPS}
    for group, name in cells:
        names[group].append(name)
    columns: dict[str, pd.Series] = {}

    def column(group: str, name: str) -> pd.Series:
        return cells[(group, name)].reindex(days).astype(float)

    rated = set(names["rating"])
    for name in [n for n in RATINGS if n in rated] + sorted(rated - set(RATINGS)):
        columns[name] = column("rating", name)
    if "pain" in rated:
        columns["pain_max"] = column("pain_max", "pain") if ("pain_max", "pain") in cells else pd.Series(np.nan, index=days)

    for name in sorted(names["measure"]):
        columns[name] = column("measure", name)

    for kind in (*_PRESENCE_KINDS, "medication"):
        for name in sorted(names[kind]):
            values = column(kind, name).to_numpy(dtype=float).copy()
            values[logged & np.isnan(values)] = 0.0
            columns[f"{kind}:{name}"] = pd.Series(values, index=days)

    for kind in ("flare", "menstruation"):
        if kind == "flare" or names[kind]:
            values = (column(kind, kind) if names[kind] else pd.Series(np.nan, index=days)).to_numpy(dtype=float).copy()
            values[logged & np.isnan(values)] = 0.0
            columns[kind] = pd.Series(values, index=days)

    columns["n_entries"] = counts.astype(float)
    table = pd.DataFrame(columns, index=days)
    table.index.name = "date"
    return table


def daily_table(diary: pd.DataFrame) -> pd.DataFrame:
    """Summarise a canonical diary frame to one row per local calendar day.

    The index is a continuous daily ``DatetimeIndex`` named ``date`` from the first to the
    last day with an entry; days without any entry are rows of NaN (``n_entries`` 0).

    Columns: each rating (mean of the day) and ``pain_max``; each measure (mean; for
    measures that accumulate through the day, such as steps, the maximum);
    ``factor:<name>``, ``food:<name>``, ``quality:<name>``, ``region:<code>`` (max of the
    day, 0 on days with an entry but no such row: an absent yes/no item in a check-in means
    "no"); ``medication:<name>`` (sum of doses); ``flare`` (max, 0 when not flagged);
    ``menstruation`` (max); ``n_entries`` (distinct check-in times).
    """
    if diary.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"), columns=["n_entries"], dtype=float)
    days = pd.date_range(diary["local_date"].min(), diary["local_date"].max(), freq="D", name="date")
    counts, cells = daily_cells(diary)
    return assemble_daily(days, counts, cells)
