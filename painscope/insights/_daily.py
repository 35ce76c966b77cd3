"""Daily frames: accept a diary or a daily table, build the nuisance design, pick candidates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


class NotEnoughData(ValueError):
    """The diary is too short or too sparse for the analysis; the message says what is missing."""


#: Numerical failures of a fit on unusual data (a singular or non-convergent solve). Each
#: analysis turns them into its "not enough usable data yet" report, never an exception
#: that a page would answer with a 500 (issue 14).
NUMERICAL_FAILURES = (np.linalg.LinAlgError, FloatingPointError)


def numerical_failure_message(what: str, exc: BaseException) -> str:
    return (f"Not enough usable data yet: {what} could not be fitted to this diary's numbers "
            f"({exc}). Keep logging; it is tried again as the diary grows.")


def as_daily(data: pd.DataFrame) -> pd.DataFrame:
    """Return a daily table with a continuous daily ``DatetimeIndex`` named ``date``.

    Accepts either the canonical diary frame (columns ``kind``/``name``/``value``; turned into
    a daily table by :func:`painscope.diary.daily_table`) or a daily table as produced by
    ``daily_table`` (or by a simulation): indexed by date, or with a ``date`` column.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(data).__name__}")
    if {"kind", "name", "value"} <= set(data.columns):
        from painscope.diary import daily_table

        if len(data) == 0:
            return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
        data = daily_table(data)
    daily = data.copy()
    if not isinstance(daily.index, pd.DatetimeIndex):
        if "date" in daily.columns:
            daily = daily.set_index("date")
        daily.index = pd.to_datetime(daily.index)
    if daily.index.tz is not None:
        daily.index = daily.index.tz_localize(None)
    daily.index = daily.index.normalize()
    if daily.index.has_duplicates:
        dup = daily.index[daily.index.duplicated()][0]
        raise ValueError(f"the daily table has more than one row for {dup.date()}")
    daily = daily.sort_index()
    if len(daily):
        full = pd.date_range(daily.index[0], daily.index[-1], freq="D")
        daily = daily.reindex(full)
    daily.index.name = "date"
    for col in daily.columns:
        if not pd.api.types.is_numeric_dtype(daily[col]):
            daily[col] = pd.to_numeric(daily[col], errors="coerce")
    return daily.astype(float)


def column_units(diary: pd.DataFrame) -> dict[str, str]:
    """The unit of each daily-table column, from a canonical diary frame's ``unit`` column.

    Ratings (a 0–10 scale) are in ``points``; a measure, factor or food takes the unit most
    often logged with it (``exertion_minutes`` → ``min``); columns with no unit logged are
    left out, so sentences can fall back to neutral wording rather than guess one.
    """
    if not {"kind", "name", "unit"} <= set(diary.columns) or len(diary) == 0:
        return {}
    out: dict[str, str] = {}
    for (kind, name), units in diary.groupby(["kind", "name"], sort=False)["unit"]:
        if kind == "rating":
            out[str(name)] = "points"
            continue
        given = units.astype(str).str.strip()
        given = given[given != ""]
        if given.empty:
            continue
        unit = str(given.mode().iloc[0])
        if kind == "measure":
            out[str(name)] = unit
        elif kind in ("factor", "food"):
            out[f"{kind}:{name}"] = unit
    return out


def column_units_from_counts(rows: list[tuple[str, str, str, int]]) -> dict[str, str]:
    """:func:`column_units` from ``(kind, name, unit, count)`` rows (a grouped database count),
    for callers that read daily aggregates instead of every raw row."""
    if not rows:
        return {}
    frame = pd.DataFrame(rows, columns=["kind", "name", "unit", "n"])
    frame = frame[(frame["kind"] == "rating") | (frame["unit"].astype(str).str.strip() != "")]
    if frame.empty:
        return {}
    # the most often logged unit wins, ties by first seen (as Series.mode takes the smallest)
    frame = frame.sort_values(["kind", "name", "n", "unit"], ascending=[True, True, False, True])
    top = frame.drop_duplicates(["kind", "name"])
    return column_units(top.drop(columns="n"))


def nuisance(index: pd.DatetimeIndex, rows: np.ndarray, weekday: bool = True) -> np.ndarray:
    """Intercept, linear trend, slow cosine trend and weekday dummies for the analysed days.

    The slow trend uses one discrete-cosine term per 120 days of diary (at most 6), i.e.
    periods of ≥ 240 days: it absorbs seasons and slow drifts (Yule's nonsense correlation,
    ANALYTICS.md §2.2 item 2) while leaving week-scale variation to the candidates.
    Weekday dummies are added when at least 4 weeks are analysed.
    """
    n_days = len(index)
    t = np.asarray(rows, dtype=float)
    cols = [np.ones(len(rows)), (t - (n_days - 1) / 2) / max(n_days, 1)]
    n_cos = min(6, n_days // 120)
    for k in range(1, n_cos + 1):
        cols.append(np.cos(np.pi * k * (t + 0.5) / n_days))
    if weekday and len(rows) >= 28:
        wd = index.day_of_week.to_numpy()[rows]
        for d in range(1, 7):
            col = (wd == d).astype(float)
            if 0 < col.sum() < len(col):
                cols.append(col)
    return np.column_stack(cols)


#: Prefixes of daily-table columns that are candidate triggers, and their family name.
CANDIDATE_PREFIXES = {"factor:": "factor", "food:": "food", "medication:": "medication"}
#: Daily-table columns that are outcomes, bookkeeping or co-symptoms of pain, never
#: candidates: fatigue, mood and brain fog move with pain on the same day (they are part of
#: the flare, not what precedes it), and pain qualities and regions describe the pain itself.
NOT_CANDIDATES = {"pain", "pain_max", "flare", "n_entries", "fatigue", "mood", "brain_fog"}


@dataclass(frozen=True)
class Candidate:
    column: str
    label: str
    family: str
    binary: bool


def candidate_columns(daily: pd.DataFrame) -> list[Candidate]:
    """Columns screened as possible triggers, with a readable label and a binary flag.

    Factors, foods, medications (any dose → taken that day), menstruation, the ratings that
    can precede pain (sleep quality, stress, activity, custom ones) and the measures (sleep
    hours, steps, HRV, resting HR, ...). Co-symptoms, pain qualities and body regions are
    excluded (``NOT_CANDIDATES``).
    """
    out = []
    for col in daily.columns:
        if col in NOT_CANDIDATES or col.startswith(("region:", "quality:", "note")):
            continue
        family = "measure"
        label = col
        for prefix, fam in CANDIDATE_PREFIXES.items():
            if col.startswith(prefix):
                family, label = fam, col[len(prefix):]
                break
        if col == "menstruation":
            family = "menstruation"
        values = daily[col].dropna().to_numpy()
        binary = family == "medication" or (
            family != "measure" and values.size > 0 and np.isin(values, (0.0, 1.0)).all()
        ) or col == "menstruation"
        out.append(Candidate(column=col, label=label.replace("_", " "), family=family,
                             binary=bool(binary)))
    return out


def candidate_values(daily: pd.DataFrame, cand: Candidate) -> np.ndarray:
    """The candidate's daily series; binary candidates as 0/1 (any dose/amount → 1)."""
    x = daily[cand.column].to_numpy(dtype=float)
    if cand.binary:
        x = np.where(np.isnan(x), np.nan, (x > 0).astype(float))
    return x
