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

import pandas as pd

from painscope import insights

#: How much data a finding needs, in plain words: the insights package's sentence, built
#: from the power runs it cites (painscope.insights.power, tests/insights/test_power_lag1.py,
#: docs/insights.md §1.6).
POWER_GUIDE = insights.POWER_GUIDE

COLOURS = {"clear": "#0b5563", "unclear": "#6b7280", "pain": "#0b5563", "baseline": "#4b5263",
           "threshold": "#b34700", "detector": "#f8b26a", "you": "#6d28d9", "trend": "#b34700"}
FONT = {"size": 14, "color": "#1b1f2a"}


#: Signed points as the reports write them: never "-0.0", and a second decimal below 0.1 so
#: an interval that just excludes zero still looks like it.
signed = insights.signed


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
                f"{signed(lo)} and {signed(hi)} points cannot be ruled out yet.")


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
        for f in rows:  # the report's own plain-language warnings, each once per factor
            for text in f.warnings:
                if text not in warnings:
                    warnings.append(text)
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


def _hover_text(f) -> str:
    """"+1.2 points (95 % interval +0.4 to +2.0)", numbers as in the sentences."""
    return (f"{signed(f.effect)} points (95 % interval {signed(f.ci_low)} to "
            f"{signed(f.ci_high)})")


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
            # Pre-formatted with the reports' formatter: Plotly's %{x:+.1f} shows "-0.0"
            # for a small negative effect and hides an interval that just excludes zero.
            "customdata": [_hover_text(f) for f in part],
            "hovertemplate": "%{y}: %{customdata}<extra></extra>",
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
    """Pain before and after the change, the days left out shaded, and the report's own model.

    The lines are the report's day-by-day series (``ChangeReport.days``, the same fitted
    interrupted-time-series model, weekday pattern included): the fitted trend before the
    change, what that trend predicted afterwards (dashed) and the model's fit after the
    change. Nothing is re-estimated here.
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
    shapes = [
        {"type": "rect", "xref": "x", "yref": "paper", "x0": excl_start.date().isoformat(),
         "x1": post_start.date().isoformat(), "y0": 0, "y1": 1, "fillcolor": "#d5d8de", "opacity": 0.5,
         "line": {"width": 0}, "layer": "below"},
        {"type": "line", "xref": "x", "yref": "paper", "x0": at.date().isoformat(), "x1": at.date().isoformat(),
         "y0": 0, "y1": 1, "line": {"color": "#1b1f2a", "width": 2}},
    ]
    days = report.days.loc[lo:hi]
    lines = (("fitted_before", "Trend before the change", {"color": COLOURS["trend"], "width": 3}),
             ("projection", "What that trend predicted", {"color": COLOURS["trend"], "width": 2, "dash": "dash"}),
             ("fitted_after", "After the change (model fit)", {"color": COLOURS["you"], "width": 3}))
    for column, name, style in lines:
        part = days[column].dropna() if column in days.columns else pd.Series(dtype=float)
        if part.empty:
            continue
        traces.append({"type": "scatter", "mode": "lines", "name": name,
                       "x": [d.date().isoformat() for d in part.index], "y": _nullable(part),
                       "line": style})
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
