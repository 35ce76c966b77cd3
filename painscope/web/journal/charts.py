"""Chart specifications for the overview page (presentation only).

The numbers shown beside the charts come from :mod:`painscope.diary.summary` (pure, tested
in ``tests/diary/test_summary.py``); this module turns the daily table into a Plotly figure
spec that the static ``dashboard.js`` draws with the locally served Plotly, and lists the
columns a person can put beside pain. No Django here.

The number functions are re-exported under their old names for callers that still import
them from here (``painscope.reports.clinician``); new code imports ``painscope.diary.summary``.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from django.utils.translation import gettext

from painscope.diary.schema import MEASURES, RATINGS
from painscope.diary.summary import (  # re-exported: old import path, see the docstring
    MIN_DAYS,
    PAIN_BANDS,
    SHARE_BANDS,
    Calendar,
    CalendarDay,
    MonthRow,
    PainSummary,
    RegionShare,
    band,
    pain_calendar,
    pain_summary,
    region_shares,
    weekly_pain_rows,
)
from painscope.web.journal.labels import label as diary_label

__all__ = [
    "MIN_DAYS",
    "PAIN_BANDS",
    "SHARE_BANDS",
    "Calendar",
    "CalendarDay",
    "MonthRow",
    "PainSummary",
    "RegionShare",
    "band",
    "chart_choices",
    "pain_calendar",
    "pain_figure",
    "pain_summary",
    "region_shares",
    "weekly_pain_rows",
]


def _yes_no() -> str:
    return " " + gettext("(yes/no share of days)")


def chart_choices(daily: pd.DataFrame) -> list[tuple[str, str]]:
    """Columns of the daily table a person can put beside pain: (column, label)."""
    choices = []
    for name, label in RATINGS.items():
        if name != "pain" and name in daily.columns:
            choices.append((name, diary_label(label)))
    for name, spec in MEASURES.items():
        if name in daily.columns:
            choices.append((name, diary_label(spec.label)))
    for column in daily.columns:
        if column.startswith(("factor:", "food:")):
            choices.append((column, column.split(":", 1)[1].replace("_", " ").capitalize() + _yes_no()))
    if "flare" in daily.columns:
        choices.append(("flare", gettext("Flare days")))
    return choices


def pain_figure(daily: pd.DataFrame, start: date, end: date, beside: list[str]) -> dict:
    """A Plotly figure spec: daily mean pain (0-10) and the chosen columns on a second axis.

    Yes/no items (factors, foods, flares) are drawn as bars of height 1 on the days they
    were marked; ratings and measures as lines. Gaps are days without a value, not zeros.
    """
    index = pd.date_range(start, end, freq="D")
    frame = daily.reindex(index) if not daily.empty else pd.DataFrame(index=index)
    x = [d.strftime("%Y-%m-%d") for d in index]

    def series(column: str) -> list[float | None]:
        if column not in frame.columns:
            return [None] * len(index)
        return [None if math.isnan(v) else round(float(v), 2) for v in frame[column].to_numpy(dtype=float)]

    labels = dict(chart_choices(daily))
    traces: list[dict] = [
        {"type": "scatter", "mode": "lines+markers", "name": gettext("Pain (daily mean, 0–10)"), "x": x,
         "y": series("pain"), "yaxis": "y", "line": {"color": "#0b5563", "width": 3}, "connectgaps": False}
    ]
    palette = ["#b34700", "#6d28d9", "#1e7b34", "#9c2a12"]
    dashes = ["dot", "dash", "longdash", "dashdot"]
    for i, column in enumerate(beside[:4]):
        label = labels.get(column, column)
        colour = palette[i % len(palette)]
        if column.startswith(("factor:", "food:")) or column == "flare":
            traces.append({"type": "bar", "name": label.replace(_yes_no(), ""), "x": x,
                           "y": [1 if v and v > 0 else None for v in series(column)], "yaxis": "y2",
                           "marker": {"color": colour, "opacity": 0.45}})
        else:
            traces.append({"type": "scatter", "mode": "lines", "name": label, "x": x, "y": series(column),
                           "yaxis": "y2", "line": {"color": colour, "dash": dashes[i % len(dashes)], "width": 2}})
    layout = {
        "margin": {"l": 40, "r": 40, "t": 10, "b": 40},
        "height": 340,
        "legend": {"orientation": "h", "y": -0.25},
        "yaxis": {"title": {"text": gettext("Pain")}, "range": [0, 10.5], "fixedrange": True},
        "yaxis2": {"overlaying": "y", "side": "right", "showgrid": False, "fixedrange": True, "rangemode": "tozero", "tickmode": "auto", "nticks": 6},
        "xaxis": {"type": "date"},
        "font": {"size": 14, "color": "#1b1f2a"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "barmode": "overlay",
    }
    return {"data": traces, "layout": layout}
