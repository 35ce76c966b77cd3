"""How the Insights page shows the pure reports: groups, labels and Plotly figure specs.

Pure presentation (no Django, no new statistics): every number here is taken from a report
of :mod:`painscope.insights` as it is; this module only orders, labels and draws them. The
figure specs are plain dicts drawn by ``static/insights_web/insights.js`` with the Plotly
library painscope serves itself (offline), each with a table beside it as its text
alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from painscope import insights

#: How much data a finding needs, in plain words. Source: the power check of issue 6
#: (tests/insights/test_power_lag1.py): a 1-point next-day effect of a yes/no factor, pain
#: SD about 1.6 and day-to-day persistence φ = 0.7, Benjamini–Hochberg over 40 tests, is
#: found in about 85 % of 240-day diaries and about 45 % of 120-day diaries.
POWER_GUIDE = (
    "How much data a finding needs: pain carries over from one day to the next, so each day "
    "adds less information than it seems. A yes/no factor that raises next-day pain by 1 point "
    "shows up in about 8 of 10 diaries after 240 days (8 months) of daily ratings, and in only "
    "about 4 or 5 of 10 after 120 days. Smaller effects need longer."
)

COLOURS = {"clear": "#0b5563", "unclear": "#6b7280", "pain": "#0b5563", "baseline": "#4b5263",
           "threshold": "#b34700", "detector": "#f8b26a", "you": "#6d28d9", "trend": "#b34700"}
FONT = {"size": 14, "color": "#1b1f2a"}


def signed(x: float) -> str:
    """A signed number of points; values that would round to a misleading "-0.0"/"+0.0"
    keep a second decimal, so an interval that just excludes zero still looks like it."""
    if x != 0 and abs(x) < 0.05:
        return f"{x:+.2f}"
    return f"{x:+.1f}"


def lag_text(lag: int) -> str:
    return {0: "same day", 1: "next day"}.get(lag, f"{lag} days later")


def lag_range_text(lags: list[int]) -> str:
    if not lags:
        return ""
    if lags == list(range(lags[0], lags[-1] + 1)) and len(lags) > 1:
        return f"{lag_text(lags[0])} to {lags[-1]} days later"
    return ", ".join(lag_text(lag) for lag in lags)


@dataclass
class FactorSummary:
    """A factor with no clear pattern at any delay checked."""

    factor: str
    lags: list[int]
    widest: tuple[float, float]  # the range covered by its intervals, in pain points

    @property
    def sentence(self) -> str:
        lo, hi = self.widest
        return (f"{self.factor}: no clear pattern ({lag_range_text(self.lags)}); effects between "
                f"{lo:+.1f} and {hi:+.1f} points cannot be ruled out yet.")


def warning_text(f: insights.Finding, code: str, text: str) -> str:
    """A finding's warning in plain words. The reverse-direction warning is reworded here
    (no p-value, no "more likely or higher"); the others are the report's own sentences."""
    if code == "reverse":
        return (f"{f.factor.capitalize()} also tends to change after worse pain days, so part of this "
                "link may run the other way (for example resting, or taking painkillers, because of pain).")
    return text


@dataclass
class FactorFindings:
    """A factor with at least one clear finding: the headline and its other clear delays."""

    factor: str
    headline: insights.Finding
    others: list[insights.Finding]
    warnings: list[str]

    @property
    def others_text(self) -> list[str]:
        return [f"{lag_text(f.lag)}: {signed(f.effect)} points (95 % interval {signed(f.ci_low)} to "
                f"{signed(f.ci_high)})" for f in self.others]


@dataclass
class TriggerView:
    clear: list[FactorFindings]
    unclear: list[insights.Finding]
    unclear_factors: list[FactorSummary]
    not_tested: list[insights.NotTested]
    shown_first: int = 5

    @property
    def clear_first(self) -> list[FactorFindings]:
        return self.clear[: self.shown_first]

    @property
    def clear_more(self) -> list[FactorFindings]:
        return self.clear[self.shown_first:]


def trigger_view(report: insights.TriggerReport, shown_first: int = 5) -> TriggerView:
    """Clear findings grouped by factor (factors with a clear *later* effect first, then
    same-day ones; each in the report's order of how convincing it is), then a per-factor
    "no clear pattern" summary, then what could not be tested and why."""
    significant = [f for f in report.findings if f.significant]
    unclear = [f for f in report.findings if not f.significant]
    by_factor: dict[str, list[insights.Finding]] = {}
    for f in significant:  # report order: most convincing first
        by_factor.setdefault(f.factor, []).append(f)
    groups = []
    for factor, rows in by_factor.items():
        ahead = [f for f in rows if f.lag >= 1]
        headline = (ahead or rows)[0]
        warnings: list[str] = []
        for f in rows:
            for code, text in zip(f.warning_codes, f.warnings, strict=False):
                plain = warning_text(f, code, text)
                if plain not in warnings:
                    warnings.append(plain)
        others = sorted((f for f in rows if f is not headline), key=lambda f: f.lag)
        groups.append(FactorFindings(factor, headline, others, warnings))
    groups.sort(key=lambda g: g.headline.lag == 0)  # stable: keeps the report's order within
    unclear_by_factor: dict[str, list[insights.Finding]] = {}
    for f in unclear:
        unclear_by_factor.setdefault(f.factor, []).append(f)
    summaries = []
    for factor, rows in sorted(unclear_by_factor.items()):
        if factor in by_factor:
            continue  # its clear delays are shown above; the other delays stay in the table
        summaries.append(FactorSummary(
            factor, sorted(f.lag for f in rows),
            (min(f.ci_low for f in rows), max(f.ci_high for f in rows)),
        ))
    return TriggerView(groups, unclear, summaries, list(report.not_tested), shown_first)


SHORT_LAG = {0: "same day", 1: "next day"}


def _finding_label(f: insights.Finding) -> str:
    """A short row label (phones are narrow): 'coffee · next day', 'sleep hours · +2 days'."""
    factor = f.factor if len(f.factor) <= 18 else f.factor[:17] + "…"
    return f"{factor} · {SHORT_LAG.get(f.lag, f'+{f.lag} days')}"


def forest_figure(report: insights.TriggerReport) -> dict | None:
    """Effect sizes with their 95 % intervals, one row per factor × delay (a forest plot).

    Clear findings are drawn filled and dark, the rest hollow and grey, so the difference
    does not rely on colour alone. None when nothing was tested.
    """
    rows = sorted(report.findings, key=lambda f: (f.factor, f.lag))
    if not rows:
        return None
    rows = rows[::-1]  # Plotly draws the first category at the bottom
    traces = []
    for clear in (False, True):
        part = [f for f in rows if f.significant == clear]
        if not part:
            continue
        traces.append({
            "type": "scatter", "mode": "markers",
            "name": "stood out (clear pattern)" if clear else "no clear pattern",
            "x": [round(f.effect, 3) for f in part],
            "y": [_finding_label(f) for f in part],
            "error_x": {"type": "data", "symmetric": False,
                        "array": [round(f.ci_high - f.effect, 3) for f in part],
                        "arrayminus": [round(f.effect - f.ci_low, 3) for f in part],
                        "color": COLOURS["clear" if clear else "unclear"], "thickness": 2.5, "width": 6},
            # open symbols are drawn in marker.color (their outline), so grey, not white
            "marker": {"size": 12, "color": COLOURS["clear" if clear else "unclear"],
                       "symbol": "circle" if clear else "circle-open",
                       "line": {"width": 2, "color": COLOURS["clear" if clear else "unclear"]}},
            "hovertemplate": "%{y}: %{x:+.1f} points<extra></extra>",
            "showlegend": True,
        })
    height = 100 + 26 * len(rows)
    return {
        "data": traces,
        "layout": {
            "height": height,
            "margin": {"l": 10, "r": 12, "t": 40, "b": 50},
            "xaxis": {"title": {"text": "Change in pain (points)"}, "zeroline": False,
                      "fixedrange": True},
            "yaxis": {"automargin": True, "fixedrange": True, "type": "category",
                      "categoryorder": "array", "categoryarray": [_finding_label(f) for f in rows]},
            "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": 0, "x1": 0, "y0": 0, "y1": 1,
                        "line": {"color": "#1b1f2a", "width": 2, "dash": "dot"}}],
            "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            "font": FONT, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        },
    }


def _nullable(values) -> list[float | None]:
    return [None if (v is None or (isinstance(v, float) and math.isnan(v))) else round(float(v), 2)
            for v in values]


def _day(d: str | date) -> str:
    return d if isinstance(d, str) else d.isoformat()


FLARE_CHART_DAYS = 180


def flare_figure(report: insights.FlareReport, last_days: int = FLARE_CHART_DAYS) -> dict | None:
    """Pain over the last ``last_days`` days with the detector's episodes shaded and the
    person's own flare days marked along the bottom; the personal baseline and the flare
    threshold as lines. (Half a year stays readable on a phone; the tables list every
    episode.)"""
    days = report.days
    if days.empty or report.n_pain_days == 0:
        return None
    first_shown = days.index[-1] - pd.Timedelta(days=last_days - 1)
    days = days.loc[first_shown:]
    x = [d.date().isoformat() for d in days.index]
    traces = [
        {"type": "scatter", "mode": "lines", "name": "Pain (daily mean)", "x": x,
         "y": _nullable(days["pain"]), "line": {"color": COLOURS["pain"], "width": 2},
         "connectgaps": False},
        {"type": "scatter", "mode": "lines", "name": "Your usual level (28-day median)", "x": x,
         "y": _nullable(days["baseline"]), "line": {"color": COLOURS["baseline"], "width": 1.5, "dash": "dot"}},
        {"type": "scatter", "mode": "lines", "name": "Flare threshold", "x": x,
         "y": _nullable(days["threshold"]), "line": {"color": COLOURS["threshold"], "width": 1.5, "dash": "dash"}},
    ]
    declared = days["declared"].to_numpy(dtype=float)
    mine = [xi for xi, v in zip(x, declared, strict=True) if v > 0]
    if mine:
        traces.append({"type": "scatter", "mode": "markers", "name": "Days you marked as a flare", "x": mine,
                       "y": [0.3] * len(mine), "marker": {"symbol": "triangle-up", "size": 9, "color": COLOURS["you"]}})
    shapes = []
    for e in report.detected:
        if pd.Timestamp(e.end) < first_shown:
            continue
        end = (date.fromisoformat(e.end) + timedelta(days=1)).isoformat()
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": e.start, "x1": end, "y0": 0, "y1": 1,
                       "fillcolor": COLOURS["detector"], "opacity": 0.5, "line": {"width": 0}, "layer": "below"})
    if shapes:  # a legend entry for the shading
        traces.append({"type": "scatter", "mode": "markers", "name": "Flare found by the detector",
                       "x": [None], "y": [None], "marker": {"symbol": "square", "size": 12, "color": COLOURS["detector"]}})
    return {
        "data": traces,
        "layout": {
            "height": 360, "margin": {"l": 40, "r": 16, "t": 10, "b": 40},
            "yaxis": {"title": {"text": "Pain"}, "range": [0, 10.5], "fixedrange": True},
            "xaxis": {"type": "date"}, "shapes": shapes,
            "legend": {"orientation": "h", "y": -0.2, "yanchor": "top"},
            "font": FONT, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        },
    }


def change_figure(daily: pd.DataFrame, report: insights.ChangeReport, window_days: int = 120) -> dict | None:
    """Pain before and after the change, the days left out shaded, and the earlier trend.

    The trend line uses the report's own pre-period slope (``pre_trend_per_30_days``) drawn
    through the mean of the analysed pre-period days, extended dashed over the after-period
    ("what the earlier trend predicted"); the after-period line is that prediction shifted
    by the report's ``average_change``. It is a picture of the report's numbers, drawn
    without the weekday terms of the model, not a second analysis.
    """
    if report.message or report.average_change is None or "pain" not in daily.columns:
        return None
    at = pd.Timestamp(report.at)
    lo = max(daily.index[0], at - pd.Timedelta(days=window_days))
    hi = min(daily.index[-1], at + pd.Timedelta(days=window_days))
    pain = daily["pain"].loc[lo:hi]
    x = [d.date().isoformat() for d in pain.index]
    traces = [{"type": "scatter", "mode": "markers", "name": "Pain (daily mean)", "x": x,
               "y": _nullable(pain), "marker": {"size": 6, "color": COLOURS["pain"], "opacity": 0.7}}]
    excl_start = at - pd.Timedelta(days=report.excluded_before)
    post_start = at + pd.Timedelta(days=report.onset_days)
    pre = pain.loc[:excl_start - pd.Timedelta(days=1)].dropna()
    shapes = [
        {"type": "rect", "xref": "x", "yref": "paper", "x0": excl_start.date().isoformat(),
         "x1": post_start.date().isoformat(), "y0": 0, "y1": 1, "fillcolor": "#d5d8de", "opacity": 0.5,
         "line": {"width": 0}, "layer": "below"},
        {"type": "line", "xref": "x", "yref": "paper", "x0": at.date().isoformat(), "x1": at.date().isoformat(),
         "y0": 0, "y1": 1, "line": {"color": "#1b1f2a", "width": 2}},
    ]
    if len(pre) >= 2 and report.pre_trend_per_30_days is not None:
        slope = report.pre_trend_per_30_days.effect / 30.0
        t_pre = np.array([(d - at).days for d in pre.index], dtype=float)
        anchor_t, anchor_y = float(t_pre.mean()), float(pre.mean())

        def line(t0: float, t1: float, shift: float = 0.0) -> tuple[list[str], list[float]]:
            ts = [t0, t1]
            return ([(at + pd.Timedelta(days=t)).date().isoformat() for t in ts],
                    [round(anchor_y + slope * (t - anchor_t) + shift, 2) for t in ts])

        t_first = float(t_pre.min())
        t_last = float((hi - at).days)
        t_post = float(report.onset_days)
        bx, by = line(t_first, float((excl_start - at).days))
        traces.append({"type": "scatter", "mode": "lines", "name": "Trend before the change", "x": bx, "y": by,
                       "line": {"color": COLOURS["trend"], "width": 3}})
        px, py = line(t_post, t_last)
        traces.append({"type": "scatter", "mode": "lines", "name": "What that trend predicted", "x": px, "y": py,
                       "line": {"color": COLOURS["trend"], "width": 2, "dash": "dash"}})
        ax, ay = line(t_post, t_last, report.average_change.effect)
        traces.append({"type": "scatter", "mode": "lines", "name": "After the change (on average)", "x": ax,
                       "y": ay, "line": {"color": COLOURS["you"], "width": 3}})
    return {
        "data": traces,
        "layout": {
            "height": 340, "margin": {"l": 40, "r": 16, "t": 10, "b": 40},
            "yaxis": {"title": {"text": "Pain"}, "range": [0, 10.5], "fixedrange": True},
            "xaxis": {"type": "date"}, "shapes": shapes,
            "legend": {"orientation": "h", "y": -0.2, "yanchor": "top"},
            "font": FONT, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        },
    }


def forecast_rows(report: insights.ForecastReport) -> list[tuple[str, float | None, float | None, float | None]]:
    """The validation scores for the curious: (forecaster, MAE, CRPS, Brier)."""
    names = {"painscope": "painscope forecast", "persistence": "'Tomorrow is like today'",
             "ar1": "Simple trend-to-average rule (AR(1))", "climatology": "How often flares happen"}
    return [(names.get(k, k), v.get("mae"), v.get("crps"), v.get("brier")) for k, v in report.scores.items()]
