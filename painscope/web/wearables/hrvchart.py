"""The HRV page's numbers and chart spec, from the morning-baseline rules of ``painscope.signals``.

Pure (pandas and NumPy, no Django), tested in ``tests/web/test_wearables_hrv_numbers.py``.
Every status and band comes from :func:`painscope.signals.baseline.assess` (this week's
lnRMSSD against the person's 60-day mean ± 0.5 SD, with its minimum-data gates; sources in
that module: Plews et al. 2014, HRV4Training, Garmin). This module only chooses which one
measure to assess and lays the result out. Frequency-domain values (LF, HF, LF/HF) are
research output and never reach this page (HRV.md; issue 5).

Two ln RMSSD series can be assessed, never mixed: ``morning`` and ``night``
(:data:`painscope.signals.baseline.LN_RMSSD_SERIES`, which also chooses their one source and
takes the log); this module names them for people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from painscope.signals import baseline as bl

#: Names of sources (provenance tokens, painscope.signals.provenance) for people.
SOURCE_LABELS = {
    "painscope": "your own beat readings (computed by painscope)",
    "apple": "Apple Health",
    "fitbit": "Fitbit",
    "garmin": "Garmin",
    "whoop": "WHOOP",
    "oura": "Oura",
    "daily-csv": "a daily-measures CSV",
    "diary": "values typed in or imported earlier",
    "demo": "synthetic demo data (made up for the demo account, not from a real device)",
}

MORNING = "morning"
NIGHT = "night"
RANGE_DAYS = bl.RANGE_DAYS


@dataclass(frozen=True)
class MetricSpec:
    label: str
    short: str


#: How the page names each ln RMSSD series of :data:`painscope.signals.baseline.LN_RMSSD_SERIES`.
METRICS: dict[str, MetricSpec] = {
    MORNING: MetricSpec("Morning HRV (ln RMSSD of your short morning readings)", "morning HRV"),
    NIGHT: MetricSpec("Night HRV (ln of your device's nightly RMSSD)", "night HRV"),
}

# which series exist, their one source and daily values are signals' rules
available_metrics = bl.ln_rmssd_available
metric_source = bl.ln_rmssd_source
metric_values = bl.ln_rmssd_daily


@dataclass(frozen=True)
class StatusView:
    """The assessment of one day in words, with the gates of the baseline module."""

    metric: str
    baseline: bl.Baseline
    more_needed: int  # readings still needed before a status can be given (0 when given)

    @property
    def status(self) -> str:
        return self.baseline.status

    @property
    def enough(self) -> bool:
        return self.baseline.status != "not_enough_data"

    def headline(self) -> str:
        if not self.enough:
            days = "mornings" if self.metric == MORNING else "nights"
            return f"Not enough data yet — about {self.more_needed} more {days} with a reading."
        short = METRICS[self.metric].short
        return f"Your {short} this week is {self.baseline.status} your normal range."

    def detail(self) -> str:
        b = self.baseline
        if not self.enough:
            return (
                f"A status needs readings on at least {bl.MIN_WEEK_DAYS} of the last {bl.WEEK_DAYS} "
                f"days and {bl.MIN_RANGE_DAYS} of the last {bl.RANGE_DAYS} days; so far: "
                f"{b.week_days} and {b.range_days}."
            )
        return (
            f"7-day average {b.week_mean:.2f} (from {b.week_days} readings); your normal range "
            f"{b.range_low:.2f}–{b.range_high:.2f} (60-day average ± half a standard deviation, "
            f"{b.range_days} readings). Values are ln(ms)."
        )


def status_view(values: pd.Series, metric: str, day: date) -> StatusView:
    b = bl.assess(values, day)
    more = 0
    if b.status == "not_enough_data":
        # Assuming a reading every day from now on, both windows fill at one a day.
        more = max(bl.MIN_WEEK_DAYS - b.week_days, bl.MIN_RANGE_DAYS - b.range_days, 1)
    return StatusView(metric, b, more)


def current_status(diary: pd.DataFrame, metric: str, today: date) -> StatusView:
    """Today's status (a stale last reading does not count as this week)."""
    return status_view(metric_values(diary, metric), metric, today)


@dataclass(frozen=True)
class HrvView:
    metric: str
    label: str
    current: StatusView
    days: pd.DataFrame  # index: dates of the window; value, week_mean, range_low, range_high, status
    n_values: int  # days with a value in the window
    source: str | None = None  # the one source shown (most days)
    other_sources: tuple[tuple[str, int], ...] = ()  # left out: (source, days)

    def source_sentence(self) -> str:
        """Which device's series is shown, and which are left out (never mixed)."""
        if self.source is None:
            return ""
        text = f"Values from: {SOURCE_LABELS.get(self.source, self.source)}."
        if self.other_sources:
            others = ", ".join(
                f"{SOURCE_LABELS.get(s, s)} ({n} day{'s' if n != 1 else ''})" for s, n in self.other_sources
            )
            text += (
                f" Not shown, because devices measure differently and are never mixed: {others}."
            )
        return text

    def sentence(self) -> str:
        if self.n_values == 0:
            return f"No {METRICS[self.metric].short} readings in this period yet."
        inside = self.days.dropna(subset=["value", "range_low"])
        if inside.empty:
            return (
                f"{self.n_values} day{'s' if self.n_values != 1 else ''} with a reading in this "
                "period; not enough yet for a normal range."
            )
        within = int(((inside["value"] >= inside["range_low"]) & (inside["value"] <= inside["range_high"])).sum())
        return (
            f"{self.n_values} days with a reading in this period; on {len(inside)} of them a normal "
            f"range could be set, and {within} daily values fell inside it."
        )

    def plain(self) -> str:
        """The chart's message in one plain sentence (its numbers: :meth:`sentence`)."""
        short = METRICS[self.metric].short
        if self.n_values == 0:
            return f"No {short} readings in this period yet."
        inside = self.days.dropna(subset=["value", "range_low"])
        if inside.empty:
            return f"Not enough data yet for your normal {short} range: it needs about 3 weeks of readings."
        within = int(((inside["value"] >= inside["range_low"]) & (inside["value"] <= inside["range_high"])).sum())
        return f"Your {short} was inside your normal range on {within} of {len(inside)} days."


def hrv_view(diary: pd.DataFrame, metric: str, today: date, days: int = 90) -> HrvView:
    """The chosen metric's daily values, 7-day mean and normal-range band over the last ``days``."""
    values = metric_values(diary, metric)
    window = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    rows = []
    for d in window:
        b = bl.assess(values, d)
        v = values.get(d)
        rows.append(
            {
                "value": float(v) if v is not None else np.nan,
                "week_mean": np.nan if b.week_mean is None else b.week_mean,
                "range_low": np.nan if b.range_low is None else b.range_low,
                "range_high": np.nan if b.range_high is None else b.range_high,
                "status": b.status,
            }
        )
    frame = pd.DataFrame(rows, index=pd.Index(window, name="day"))
    source, per_source = metric_source(diary, metric)
    return HrvView(
        metric, METRICS[metric].label, status_view(values, metric, today), frame,
        int(frame["value"].notna().sum()), source,
        tuple((s, n) for s, n in per_source.items() if s != source),
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _list(values) -> list[float | None]:
    return [None if (v is None or (isinstance(v, float) and math.isnan(v))) else round(float(v), 3) for v in values]


def hrv_figure(view: HrvView, daily: pd.DataFrame, start: date, end: date) -> dict:
    """A Plotly figure spec: HRV with the band (top), pain and sleep (middle), resting HR (bottom).

    The three panels share one date axis. Gaps are days without a value, never zeros.
    """
    days = pd.date_range(start, end, freq="D")
    x = [d.strftime("%Y-%m-%d") for d in days]
    v = view.days.reindex([d.date() for d in days])
    table = daily.reindex(days) if not daily.empty else pd.DataFrame(index=days)

    def col(name: str) -> list[float | None]:
        return _list(table[name].to_numpy(dtype=float)) if name in table.columns else [None] * len(days)

    traces = [
        {"type": "scatter", "mode": "lines", "name": "Normal range (low)", "x": x, "y": _list(v["range_low"]),
         "yaxis": "y", "line": {"width": 0, "color": "#7fb7c0"}, "showlegend": False, "hoverinfo": "skip",
         "connectgaps": False},
        {"type": "scatter", "mode": "lines", "name": "Your normal range", "x": x, "y": _list(v["range_high"]),
         "yaxis": "y", "fill": "tonexty", "fillcolor": "rgba(11,85,99,0.18)", "line": {"width": 0, "color": "#7fb7c0"},
         "connectgaps": False},
        {"type": "scatter", "mode": "markers", "name": f"{_first_upper(METRICS[view.metric].short)} (daily, ln ms)",
         "x": x, "y": _list(v["value"]), "yaxis": "y", "marker": {"color": "#0b5563", "size": 7}},
        {"type": "scatter", "mode": "lines", "name": "7-day average", "x": x, "y": _list(v["week_mean"]),
         "yaxis": "y", "line": {"color": "#b34700", "width": 3}, "connectgaps": False},
        {"type": "scatter", "mode": "lines+markers", "name": "Pain (daily mean, 0–10)", "x": x, "y": col("pain"),
         "yaxis": "y2", "line": {"color": "#9c2a12", "width": 2}, "marker": {"size": 4}, "connectgaps": False},
        {"type": "scatter", "mode": "lines", "name": "Sleep (hours)", "x": x, "y": col("sleep_hours"),
         "yaxis": "y2", "line": {"color": "#6d28d9", "dash": "dot", "width": 2}, "connectgaps": False},
        {"type": "scatter", "mode": "lines+markers", "name": "Resting heart rate (bpm)", "x": x, "y": col("resting_hr"),
         "yaxis": "y3", "line": {"color": "#1e7b34", "width": 2}, "marker": {"size": 4}, "connectgaps": False},
    ]
    layout = {
        "margin": {"l": 48, "r": 16, "t": 10, "b": 40},
        "height": 560,
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.12},
        "xaxis": {"type": "date", "anchor": "y3", "range": [x[0], x[-1]]},
        "yaxis": {"domain": [0.56, 1.0], "title": {"text": "HRV ln(ms)"}, "fixedrange": True},
        "yaxis2": {"domain": [0.27, 0.50], "anchor": "x", "title": {"text": "Pain · sleep"}, "range": [0, 12.5],
                   "fixedrange": True},
        "yaxis3": {"domain": [0.0, 0.21], "anchor": "x", "title": {"text": "Rest HR"}, "fixedrange": True},
        "font": {"size": 14, "color": "#1b1f2a"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }
    return {"data": traces, "layout": layout}


@dataclass(frozen=True)
class WeekRow:
    monday: date
    n_values: int
    mean: float | None
    range_low: float | None
    range_high: float | None
    status: str  # of the week's last day in the window


def weekly_rows(view: HrvView, start: date, end: date) -> list[WeekRow]:
    """The chart as a table: per week, readings, mean daily value, and the range and status at
    the week's last day (within ``start``–``end``), newest first."""
    frame = view.days[(view.days.index >= start) & (view.days.index <= end)]
    if frame.empty:
        return []
    mondays = [d - timedelta(days=d.weekday()) for d in frame.index]
    out = []
    for monday, g in frame.groupby(mondays, sort=True):
        vals = g["value"].dropna()
        last = g.iloc[-1]
        out.append(
            WeekRow(
                monday,
                len(vals),
                float(vals.mean()) if len(vals) else None,
                None if math.isnan(last["range_low"]) else float(last["range_low"]),
                None if math.isnan(last["range_high"]) else float(last["range_high"]),
                str(last["status"]),
            )
        )
    return out[::-1]
