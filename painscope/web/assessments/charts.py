"""Severity bands as chart regions, and the history figure of one questionnaire.

Pure (no Django): the band limits are read from the scoring modules of
:mod:`painscope.instruments` (each cites its source there), so the chart can never disagree
with the band printed on a result. Total ranges are the published ranges listed in
``docs/instruments.md``. Tested in ``tests/web/test_assessments_history.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from painscope.instruments import get_instrument
from painscope.instruments.criteria import PSD_BANDS

#: Published total ranges (docs/instruments.md, from the sources cited per instrument).
TOTAL_RANGE: dict[str, tuple[float, float]] = {
    "phq9": (0, 27),  # Kroenke 2001
    "gad7": (0, 21),  # Spitzer 2006
    "peg": (0, 10),  # Krebs 2009 (mean of three 0-10 items)
    "acr-fm-survey": (0, 31),  # FS = WPI 0-19 + SSS 0-12 (Wolfe 2016)
    "csi": (0, 100),  # Mayer 2012
    "fiqr": (0, 100),  # Bennett 2009
    "pcs": (0, 52),  # Sullivan 1995
    "tsk17": (17, 68),  # Miller, Kori & Todd 1991
    "tsk11": (11, 44),  # Woby 2005
    "pseq": (0, 60),  # Nicholas 2007
    "isi": (0, 28),  # Bastien 2001
    "psqi": (0, 21),  # Buysse 1989
    "bpisf": (0, 10),  # Cleeland 1994 (mean severity)
    "npqr": (0, 12),  # Catley 2013
    "fss": (1, 7),  # Krupp 1989 (mean of 1-7 items)
    "paindetect": (-1, 38),  # Freynhagen 2006
    "startback": (0, 9),  # Hill 2008
    "ompsq-sf": (1, 100),  # Linton 2011
    "promis-pi-6a": (6, 30),  # HealthMeasures manual (raw sum)
    "promis-fatigue-6a": (6, 30),
    "promis-sd-6a": (6, 30),
}
#: Instruments whose total is always a whole number (sums; prorated sums are rounded).
INTEGER_TOTALS = frozenset(
    {"phq9", "gad7", "acr-fm-survey", "csi", "pcs", "tsk17", "isi", "psqi", "paindetect", "ompsq-sf"}
)


@dataclass(frozen=True)
class BandRegion:
    """Totals from ``lower`` (inclusive) up to ``upper`` belong to band ``label``."""

    lower: float
    upper: float
    label: str
    range_text: str = ""  # the totals in the band as people read them, e.g. "5–9"

    @property
    def text(self) -> str:
        return self.label.replace("_", " ")


def _lower_bounds(instrument_id: str) -> Sequence[tuple[float, str]] | None:
    """(lower bound, band) pairs of the band of the *total*, from the scoring module."""
    if instrument_id == "acr-fm-survey":
        return PSD_BANDS  # Wolfe 2015 PSD categories
    module = get_instrument(instrument_id).module
    if instrument_id in ("phq9", "gad7", "csi", "isi", "paindetect"):
        return module.BANDS
    if instrument_id == "fiqr":
        return module.BANDS_2020  # the default band set of score()
    lo = TOTAL_RANGE[instrument_id][0]
    if instrument_id == "pcs":  # total >= CUTOFF: clinically relevant
        return ((lo, "below_cutoff"), (module.CUTOFF, "clinically_relevant"))
    if instrument_id == "ompsq-sf":
        return ((lo, "below_cutoff"), (module.CUTOFF, "high_risk"))
    if instrument_id == "fss":  # mean >= CUTOFF
        return ((lo, "not_significant"), (module.CUTOFF, "significant_fatigue"))
    if instrument_id == "psqi":  # integer total > CUTOFF
        return ((lo, "good_sleeper"), (module.CUTOFF + 1, "poor_sleeper"))
    if instrument_id == "tsk17":  # integer total > TSK17_CUTOFF
        return ((lo, "not_high"), (module.TSK17_CUTOFF + 1, "high"))
    return None  # no bands on the total (PEG, TSK-11, PSEQ, NPQ-R, BPI, PROMIS raw, ...)


def band_regions(instrument_id: str) -> list[BandRegion]:
    """The bands of the instrument's total as contiguous regions, lowest first.

    Each region runs from its band's lower bound to the next band's lower bound (the last to
    the top of the published range). Empty when the total has no bands.
    """
    bounds = _lower_bounds(instrument_id)
    if not bounds or instrument_id not in TOTAL_RANGE:
        return []
    bottom, top = TOTAL_RANGE[instrument_id]
    # integer totals: draw each boundary half-way between two possible scores, so a point
    # always sits inside the shaded band it belongs to (4 in "minimal", 5 in "mild")
    shift = 0.5 if instrument_id in INTEGER_TOTALS else 0.0
    lows = [max(float(lo) - shift, bottom) for lo, _ in bounds]
    uppers = [*lows[1:], float(top)]
    firsts = [max(float(lo), bottom) for lo, _ in bounds]
    out = []
    for i, (lo, hi, (_, label)) in enumerate(zip(lows, uppers, bounds, strict=True)):
        last = top if i == len(bounds) - 1 else firsts[i + 1] - 1 if shift else None
        text = f"{_num(firsts[i])}–{_num(last)}" if last is not None else (
            f"{_num(firsts[i])} to under {_num(firsts[i + 1])}"
        )
        out.append(BandRegion(lo, hi, label, text))
    return out


def _num(x: float) -> str:
    return f"{x:g}"


# Light sequential fills (low → high burden); labels are drawn on the chart and listed in
# the table, so colour is never the only cue.
_FILLS = ("#e6f4ea", "#fdf3c4", "#fde2c0", "#f9c9b0", "#f4b1b1")


#: Marker of an administration that needs follow-up (an ``alert`` flag, e.g. PHQ-9 item 9 > 0):
#: a large dark-red diamond, so shape as well as colour sets it apart from the other points.
FOLLOW_UP_MARKER = {"symbol": "diamond", "size": 20, "color": "#a4001d", "line": {"color": "#ffffff", "width": 2}}
FOLLOW_UP_NAME = "needs follow-up"


def history_figure(
    instrument_id: str,
    title: str,
    points: Sequence[tuple[datetime, float | None]],
    follow_up: Sequence[bool] | None = None,
) -> dict[str, Any]:
    """A Plotly figure spec: totals over time on top of shaded, labelled severity bands.

    ``follow_up`` (one bool per point) marks administrations that need a clinician's follow-up
    whatever their total (PHQ-9 item 9 above 0) with :data:`FOLLOW_UP_MARKER` in a trace of
    their own, drawn above the line, so a low total never hides them.
    """
    regions = band_regions(instrument_id)
    marks = list(follow_up) if follow_up is not None else [False] * len(points)
    if len(marks) != len(points):
        raise ValueError("follow_up needs one entry per point")
    lo, hi = TOTAL_RANGE.get(instrument_id, (0, None))
    xs = [t.isoformat() for t, v in points if v is not None]
    ys = [v for _, v in points if v is not None]
    if hi is None:
        hi = max(ys, default=1)
    shapes, annotations = [], []
    for i, r in enumerate(regions):
        shapes.append(
            {
                "type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                "y0": r.lower, "y1": r.upper, "fillcolor": _FILLS[min(i, len(_FILLS) - 1)],
                "line": {"width": 0}, "layer": "below",
            }
        )
        annotations.append(
            {
                "xref": "paper", "x": 0.01, "xanchor": "left", "yref": "y",
                "y": (r.lower + r.upper) / 2, "text": r.text, "showarrow": False,
                "font": {"size": 13, "color": "#1b1f2a"},
            }
        )
    data: list[dict[str, Any]] = [
        {
            "type": "scatter", "mode": "lines+markers", "x": xs, "y": ys, "name": title,
            "line": {"color": "#0b5563", "width": 3}, "marker": {"size": 10},
            "hovertemplate": "%{x|%d %b %Y}: %{y}<extra></extra>",
        }
    ]
    flagged = [(t, v) for (t, v), m in zip(points, marks, strict=True) if m and v is not None]
    if flagged:
        data.append(
            {
                "type": "scatter", "mode": "markers", "name": FOLLOW_UP_NAME,
                "x": [t.isoformat() for t, _ in flagged], "y": [v for _, v in flagged],
                "marker": FOLLOW_UP_MARKER,
                "hovertemplate": "%{x|%d %b %Y}: %{y}, " + FOLLOW_UP_NAME + "<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": {
            "margin": {"l": 40, "r": 10, "t": 10, "b": 40},
            "yaxis": {"range": [lo, hi], "title": {"text": "score"}, "fixedrange": True},
            "xaxis": {"type": "date", "fixedrange": True},
            "shapes": shapes,
            "annotations": annotations,
            "showlegend": False,
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "font": {"size": 14},
        },
    }
