"""Static figures for the clinician PDF (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

#: A rolling mean needs this many rated days in its 7-day window, so that a lone day is
#: never drawn as a "weekly" level (the overview page's ``MIN_DAYS`` rule).
ROLLING_MIN_DAYS = 4


def pain_chart_png(pain_days: Sequence[tuple[date, float]], start: date, end: date, *,
                   width_mm: float = 180, height_mm: float = 42, dpi: int = 200) -> bytes:
    """Daily mean pain (0-10, dots) and its 7-day rolling mean (line) from ``start`` to ``end``.

    The rolling mean is of the days rated in each 7-day window, drawn only where at least
    ``ROLLING_MIN_DAYS`` were rated. Returns PNG bytes.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    index = pd.date_range(start, end, freq="D")
    series = pd.Series(dict(pain_days), dtype=float)
    if len(series):
        series.index = pd.to_datetime(series.index)
    pain = series.reindex(index)
    rolling = pain.rolling(7, min_periods=ROLLING_MIN_DAYS).mean()
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    ax = fig.add_axes((0.055, 0.2, 0.93, 0.74))
    ax.plot(index, pain.to_numpy(), "o", ms=2.2, color="#7a8ca3", label="daily mean")
    ax.plot(index, rolling.to_numpy(), "-", lw=1.8, color="#1f4e8c", label="7-day mean")
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks([0, 5, 10])
    ax.set_xlim(index[0] - timedelta(days=0.5), index[-1] + timedelta(days=0.5))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=7, length=2)
    ax.set_ylabel("pain 0–10", fontsize=7)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    # past about half a year, "01 May" could be either year: label months with their year
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b" if (end - start).days <= 180 else "%b %Y"))
    if np.isfinite(pain.to_numpy()).any():
        ax.legend(loc="upper left", fontsize=6.5, frameon=False, ncol=2, borderaxespad=0.1)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
