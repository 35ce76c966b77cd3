"""Morning HRV baseline: this week's lnRMSSD against the person's own normal range.

Rules (HRV.md §3.3), each with its source:

* **This week** = the mean of the morning lnRMSSD values of the last 7 calendar days ending on
  the day assessed (the 7-day rolling average of Plews et al. 2014, *IJSPP* 9:783, and of
  HRV4Training/Elite HRV). It needs **≥ 3 valid days** in those 7 (Plews et al. 2014: three
  valid days per week capture the weekly signal).
* **Normal range** = mean ± 0.5 SD of the daily values over the last **60 days** (ending on the
  same day; HRV4Training's "normal values from the past 60 days"), 0.5 SD being the smallest
  worthwhile change (SWC) of the Plews/Laursen and Flatt/Esco protocols. It needs **≥ 21 valid
  days** in those 60 (three weeks, as Garmin's HRV-status baseline).
* Status: ``below`` / ``within`` / ``above`` the range, or ``not_enough_data`` with the reason
  ("not enough data yet"), never a number without its gate.
* The 7-day coefficient of variation of lnRMSSD is reported as a second signal.
* One metric, one device family: only the named measure (``hrv_lnrmssd_morning`` by default)
  is used — Apple SDNN, device nightly RMSSD and a 60-s morning reading are never mixed.
  Several values on one day are averaged.
* One source per measure: when a measure comes from several sources (``[whoop]`` and ``[oura]``
  nightly RMSSD, different algorithms and time stamps; see :mod:`painscope.signals.provenance`),
  :func:`main_source` picks the one with the most days, and only its values are assessed (HRV.md
  §1: device series are separate, labelled series). painscope's own beat readings count as one
  source, ``painscope``, whatever app recorded the beats; untagged rows are ``diary``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd

from painscope.signals.provenance import parse

WEEK_DAYS = 7
MIN_WEEK_DAYS = 3
RANGE_DAYS = 60
MIN_RANGE_DAYS = 21
SWC_SD = 0.5

Status = Literal["below", "within", "above", "not_enough_data"]

MESSAGES = {
    "below": "Your morning HRV this week is below your normal range.",
    "within": "Your morning HRV this week is within your normal range.",
    "above": "Your morning HRV this week is above your normal range.",
    "not_enough_data": "Not enough data yet.",
}


@dataclass(frozen=True)
class Baseline:
    """The assessment of one day (all values in ln(ms) unless stated)."""

    day: date
    status: Status
    message: str
    reason: str | None
    week_mean: float | None
    week_days: int
    week_cv_pct: float | None
    range_mean: float | None
    range_low: float | None
    range_high: float | None
    range_days: int

    def as_dict(self) -> dict:
        d = asdict(self)
        d["day"] = self.day.isoformat()
        return d


def source_of(note: object) -> str:
    """The series a row belongs to: its provenance source, ``painscope`` for painscope's own
    beat readings, ``diary`` for rows without a source prefix."""
    p = parse(note if isinstance(note, str) else None)
    if p.reading:
        return "painscope"
    return p.source or "diary"


def _rows(diary: pd.DataFrame, name: str) -> pd.DataFrame:
    return diary[(diary["kind"] == "measure") & (diary["name"] == name)]


def source_days(diary: pd.DataFrame, name: str) -> dict[str, int]:
    """Days with a value per source for one measure, most days first (ties: alphabetical)."""
    if diary.empty:
        return {}
    rows = _rows(diary, name)
    if rows.empty:
        return {}
    src = rows["note"].map(source_of) if "note" in rows else pd.Series("diary", index=rows.index)
    days = rows["timestamp"].astype(str).str[:10]
    counts = pd.Series(days.to_numpy(), index=src.to_numpy()).groupby(level=0).nunique()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {str(k): int(v) for k, v in ordered}


def main_source(diary: pd.DataFrame, name: str) -> str | None:
    """The source with the most days for ``name`` (module docstring), or None without values."""
    days = source_days(diary, name)
    return next(iter(days), None)


def daily_values(
    diary: pd.DataFrame, name: str = "hrv_lnrmssd_morning", *, source: str | None = None
) -> pd.Series:
    """One value per local day for one measure of a tidy diary frame (mean of a day's values).

    The day is the local date written in the timestamp (``2024-03-01T00:00:00+01:00`` → 1 March),
    so a person's day does not move with the server's time zone. With ``source``, only rows of
    that source (:func:`source_of`) count.
    """
    if diary.empty:
        return pd.Series(dtype=float)
    rows = _rows(diary, name)
    if source is not None:
        src = rows["note"].map(source_of) if "note" in rows else pd.Series("diary", index=rows.index)
        rows = rows[src == source]
    values = pd.to_numeric(rows["value"], errors="coerce")
    days = rows["timestamp"].astype(str).str[:10].map(date.fromisoformat)
    s = pd.Series(values.to_numpy(), index=days.to_numpy()).dropna()
    return s.groupby(level=0).mean().sort_index()


def assess(values: pd.Series, day: date) -> Baseline:
    """Assess ``day`` from a series of daily values indexed by :class:`datetime.date`."""
    v = values.dropna()
    week = v[(v.index > day - timedelta(days=WEEK_DAYS)) & (v.index <= day)]
    rng = v[(v.index > day - timedelta(days=RANGE_DAYS)) & (v.index <= day)]
    week_mean = float(week.mean()) if len(week) else None
    week_cv = (
        float(100 * week.std(ddof=1) / week.mean())
        if len(week) >= MIN_WEEK_DAYS and week.mean()
        else None
    )
    range_mean = range_low = range_high = None
    if len(rng) >= MIN_RANGE_DAYS:
        range_mean = float(rng.mean())
        sd = float(rng.std(ddof=1))
        range_low, range_high = range_mean - SWC_SD * sd, range_mean + SWC_SD * sd
    reason = None
    if len(week) < MIN_WEEK_DAYS:
        reason = f"{len(week)} of the last {WEEK_DAYS} days have a morning reading; {MIN_WEEK_DAYS} are needed"
    elif len(rng) < MIN_RANGE_DAYS:
        reason = (
            f"{len(rng)} of the last {RANGE_DAYS} days have a morning reading; "
            f"{MIN_RANGE_DAYS} are needed for a normal range"
        )
    # Means of equal values can differ in the last bit; a steady series is "within".
    eps = 1e-9 * max(1.0, abs(range_mean)) if range_mean is not None else 0.0
    if reason is not None:
        status: Status = "not_enough_data"
    elif week_mean < range_low - eps:  # type: ignore[operator]
        status = "below"
    elif week_mean > range_high + eps:  # type: ignore[operator]
        status = "above"
    else:
        status = "within"
    return Baseline(
        day=day,
        status=status,
        message=MESSAGES[status],
        reason=reason,
        week_mean=week_mean if len(week) >= MIN_WEEK_DAYS else None,
        week_days=len(week),
        week_cv_pct=week_cv,
        range_mean=range_mean,
        range_low=range_low,
        range_high=range_high,
        range_days=len(rng),
    )


def morning_baseline(
    diary: pd.DataFrame, *, day: date | None = None, name: str = "hrv_lnrmssd_morning"
) -> Baseline:
    """Assess ``day`` (default: the last day with a value) from a tidy diary frame, using the
    measure's main source only (:func:`main_source`)."""
    values = daily_values(diary, name, source=main_source(diary, name))
    if day is None:
        if values.empty:
            return assess(values, date.today())
        day = values.index.max()
    return assess(values, day)


def baseline_series(diary: pd.DataFrame, *, name: str = "hrv_lnrmssd_morning") -> pd.DataFrame:
    """The assessment for every day from the first to the last value (for trend charts)."""
    values = daily_values(diary, name, source=main_source(diary, name))
    if values.empty:
        return pd.DataFrame(columns=list(Baseline.__dataclass_fields__))
    first, last = values.index.min(), values.index.max()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    out = pd.DataFrame([assess(values, d).as_dict() for d in days])
    for col in ("week_mean", "range_low", "range_high", "range_mean", "week_cv_pct"):
        out[col] = out[col].astype(float)
    return out


#: Daily ln RMSSD series the rules can assess, never mixed ("one metric, one device family"):
#: ``series -> (measure already in ln ms or None, measure in ms)``. ``morning``: painscope's own
#: ln RMSSD of a short morning reading, or on days without it the log of a morning-reading
#: app's RMSSD; ``night``: the log of a device's nightly RMSSD (Fitbit, Oura, WHOOP, Garmin).
#: The log is taken because the rules are defined on ln RMSSD, whose day-to-day spread is
#: closer to symmetric (Plews et al. 2012, Eur J Appl Physiol 112:3729).
LN_RMSSD_SERIES: dict[str, tuple[str | None, str]] = {
    "morning": ("hrv_lnrmssd_morning", "hrv_rmssd_morning"),
    "night": (None, "hrv_rmssd_night"),
}


def ln_rmssd_available(diary: pd.DataFrame) -> list[str]:
    """The :data:`LN_RMSSD_SERIES` with at least one value, morning first."""
    if diary.empty:
        return []
    names = set(diary.loc[diary["kind"] == "measure", "name"])
    return [key for key, pair in LN_RMSSD_SERIES.items() if set(pair) & names]


def ln_rmssd_source(diary: pd.DataFrame, series: str) -> tuple[str | None, dict[str, int]]:
    """The one source used for ``series`` (most days, as :func:`main_source`) and the days per
    source, so a page can say which series it shows and which it leaves out."""
    ln_name, ms_name = LN_RMSSD_SERIES[series]
    days = source_days(diary, ms_name)
    if ln_name is not None:
        for src, n in source_days(diary, ln_name).items():
            days[src] = max(days.get(src, 0), n)
    ordered = dict(sorted(days.items(), key=lambda kv: (-kv[1], kv[0])))
    return next(iter(ordered), None), ordered


def ln_rmssd_daily(diary: pd.DataFrame, series: str) -> pd.Series:
    """One ln(ms) value per local day for ``series``, from its one source (a day's values
    averaged); the ln measure wins over the log of the ms measure on days that have both."""
    ln_name, ms_name = LN_RMSSD_SERIES[series]
    source, _ = ln_rmssd_source(diary, series)
    ms = daily_values(diary, ms_name, source=source)
    values = ms[ms > 0].apply(math.log).astype(float)
    if ln_name is not None:
        values = daily_values(diary, ln_name, source=source).astype(float).combine_first(values)
    return values.sort_index().astype(float)
