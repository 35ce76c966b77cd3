"""One row per day: the daily table that analytics and charts read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from painscope.diary.schema import MEASURES, RATINGS

# Kinds whose daily value is "was it there" (max), 0 on days with an entry but no row.
_PRESENCE_KINDS = ("factor", "food", "quality", "region")


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
    counts = diary.groupby("local_date")["utc"].nunique().reindex(days, fill_value=0)
    logged = counts.to_numpy() > 0
    columns: dict[str, pd.Series] = {}

    def pivot(sub: pd.DataFrame, how: str) -> pd.DataFrame:
        return sub.pivot_table(index="local_date", columns="name", values="value", aggfunc=how).reindex(days)

    ratings = diary[diary["kind"] == "rating"]
    if not ratings.empty:
        wide = pivot(ratings, "mean")
        for name in [n for n in RATINGS if n in wide.columns] + sorted(set(wide.columns) - set(RATINGS)):
            columns[name] = wide[name]
        if "pain" in wide.columns:
            columns["pain_max"] = pivot(ratings[ratings["name"] == "pain"], "max")["pain"]

    measures = diary[diary["kind"] == "measure"]
    if not measures.empty:
        for name, sub in measures.groupby("name", sort=True):
            spec = MEASURES.get(str(name))
            how = spec.daily if spec else "mean"
            columns[str(name)] = sub.groupby("local_date")["value"].agg(how).reindex(days)

    for kind in (*_PRESENCE_KINDS, "medication"):
        sub = diary[diary["kind"] == kind]
        if sub.empty:
            continue
        wide = pivot(sub, "sum" if kind == "medication" else "max")
        for name in sorted(wide.columns):
            values = wide[name].to_numpy(dtype=float).copy()
            values[logged & np.isnan(values)] = 0.0
            columns[f"{kind}:{name}"] = pd.Series(values, index=days)

    for kind in ("flare", "menstruation"):
        sub = diary[diary["kind"] == kind]
        values = sub.groupby("local_date")["value"].max().reindex(days).to_numpy(dtype=float).copy()
        if kind == "flare" or not sub.empty:
            values[logged & np.isnan(values)] = 0.0
            columns[kind] = pd.Series(values, index=days)

    columns["n_entries"] = counts.astype(float)
    table = pd.DataFrame(columns, index=days)
    table.index.name = "date"
    return table
