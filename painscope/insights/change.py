"""Did it help? Before/after a treatment change, and planned on/off (ABAB) experiments.

Before/after: segmented regression (interrupted time series; Wagner et al., *J Clin Pharm
Ther* 2002;27:299–309) with AR(1) errors (Prais–Winsten FGLS, REML ρ; ANALYTICS.md §3.8):

    pain_t = a + b·t + step·[t ≥ start+onset] (+ ramp·max(0, t − start − onset)) + weekday + e_t

People start treatments when pain is at its worst, so pain would often have come down anyway
(regression to the mean; ANALYTICS.md §2.2 item 9). Two safeguards follow ANALYTICS.md §3.8:
the days just before the change (the peak that prompted it) and the first days after it (the
onset window) are left out, and the pre-period trend is modelled. The naive before/after
difference is shown next to it for contrast.

Planned experiments: ABAB blocks (e.g. two weeks on, two off, twice), optionally with the
order inside each pair randomised, as in StudyU/StudyMe n-of-1 designs (*JMIR* 2022;
24:e35884) and the AHRQ N-of-1 user's guide (Kravitz, Duan et al. 2014, ch. 4). Analysis:
pain on "on" vs "off" days with a linear trend and AR(1) errors, leaving out a washout at the
start of each block for carry-over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

import numpy as np
import pandas as pd

from painscope.insights._daily import NUMERICAL_FAILURES, as_daily, numerical_failure_message
from painscope.insights._fgls import gls_fit
from painscope.insights._text import magnitude, signed

MIN_PRE_DAYS = 28
MIN_POST_DAYS = 14
#: A rise of this many points in the excluded pre-change window over the rest of the
#: pre-period is reported as "started at a bad time" (the 1-point NRS change is the minimal
#: clinically important difference; Farrar et al., *Pain* 2001).
PEAK_POINTS = 1.0


def _as_timestamp(value) -> pd.Timestamp:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    ts = pd.Timestamp(value)
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _fmt(x: float) -> str:
    """Signed points that never read "-0.0" (see :func:`painscope.insights._text.signed`)."""
    return signed(x)


@dataclass
class Estimate:
    effect: float
    ci_low: float
    ci_high: float
    p: float


@dataclass
class ChangeReport:
    """Result of :func:`change_analysis`."""

    at: str
    outcome: str
    n_pre: int = 0
    n_post: int = 0
    excluded_before: int = 0
    onset_days: int = 0
    #: Whether the post-change slope was free (a "ramp"). Without it the model has one
    #: step, so the change at the start, on average and at the end are the same number:
    #: only ``average_change`` is filled; ``level_change``/``end_change`` stay None.
    slope_change: bool = False
    level_change: Estimate | None = None
    average_change: Estimate | None = None
    end_change: Estimate | None = None
    pre_trend_per_30_days: Estimate | None = None
    naive_difference: float | None = None
    peak_before: float | None = None
    placebo: Estimate | None = None
    rho: float | None = None
    message: str = ""
    #: Day-by-day lines of the same fitted model for charts (see :func:`_its_days`):
    #: ``pain``, ``period``, ``used``, ``fitted_before``, ``projection``, ``fitted_after``,
    #: indexed by date. Empty when there is no estimate.
    days: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def to_dict(self) -> dict[str, Any]:
        skip = {"days"} if self.slope_change else {"days", "level_change", "end_change"}
        doc = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}
        doc = {k: (asdict(v) if is_dataclass(v) else v) for k, v in doc.items()}
        doc["days"] = [
            {"date": d.date().isoformat(),
             **{k: (v if isinstance(v, str) else bool(v) if k == "used"
                    else None if pd.isna(v) else float(v)) for k, v in row.items()}}
            for d, row in self.days.iterrows()
        ]
        doc["method"] = ("interrupted time series: segmented regression with AR(1) errors "
                         "(Prais–Winsten, REML), pre-period trend and weekday")
        doc["sentences"] = self.sentences()
        return doc

    def sentences(self) -> list[str]:
        if self.message:
            return [self.message]
        a = self.average_change
        assert a is not None
        clear = a.ci_high < 0 or a.ci_low > 0
        direction = "lower" if a.effect < 0 else "higher"
        out = []
        if clear:
            out.append(
                f"After {self.at}, pain was on average {magnitude(a.effect)} points {direction} "
                f"than your earlier trend predicted (95 % interval {_fmt(a.ci_low)} to "
                f"{_fmt(a.ci_high)} points; {self.n_pre} days before, {self.n_post} after).")
        else:
            out.append(
                f"After {self.at}, pain was not clearly different from what your earlier trend "
                f"predicted: {_fmt(a.effect)} points (95 % interval {_fmt(a.ci_low)} to "
                f"{_fmt(a.ci_high)}; {self.n_pre} days before, {self.n_post} after).")
        if self.slope_change and self.level_change is not None and self.end_change is not None:
            lv, end = self.level_change, self.end_change
            out.append(
                f"With the slope allowed to change after {self.at}: {_fmt(lv.effect)} points at "
                f"the start of the after-period (95 % interval {_fmt(lv.ci_low)} to "
                f"{_fmt(lv.ci_high)}) and {_fmt(end.effect)} points by its last day "
                f"({_fmt(end.ci_low)} to {_fmt(end.ci_high)}).")
        if self.naive_difference is not None:
            out.append(
                f"A plain before/after comparison of averages would say {_fmt(self.naive_difference)} "
                "points; it ignores the trend and the day-to-day persistence of pain.")
        if self.peak_before is not None and self.peak_before >= PEAK_POINTS:
            out.append(
                f"In the {self.excluded_before} days before the change pain was "
                f"{magnitude(self.peak_before)} points above your earlier level. Changes are often made "
                "at a bad time, and pain tends to come back down by itself afterwards, so "
                "these days were left out of the comparison.")
        if self.placebo is not None:
            p = self.placebo
            out.append(
                f"Check: the same analysis at a date with no change (four weeks earlier) gives "
                f"{_fmt(p.effect)} points ({_fmt(p.ci_low)} to {_fmt(p.ci_high)}).")
        out.append("This compares your pain with the trend before the change; other things "
                   "that changed at the same time can explain it too. A planned on/off "
                   "experiment gives firmer evidence.")
        return out


def _weekdays(index: pd.DatetimeIndex, rows: np.ndarray) -> list[int]:
    """Weekday dummies the model can hold: as :func:`._daily.nuisance` (≥ 4 weeks analysed,
    a weekday that is present but not on every analysed day)."""
    if len(rows) < 28:
        return []
    wd = index.day_of_week.to_numpy()[rows]
    return [d for d in range(1, 7) if 0 < (wd == d).sum() < len(rows)]


def _design(index: pd.DatetimeIndex, days: np.ndarray, start_row: int, slope_change: bool,
            weekdays: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segmented-regression design for ``days`` (row numbers of the daily table).

    Columns: intercept, linear trend (as in :func:`._daily.nuisance`, (t − mid)/n_days), step
    at ``start_row``, the ramp when ``slope_change``, then the weekday dummies. Only
    intercept, linear trend and weekday: slow cosines would absorb the change itself. The
    same function gives the model's fit on analysed days and its line on every calendar day.
    """
    n_total = len(index)
    t = np.asarray(days, dtype=float)
    step = (t >= start_row).astype(float)
    ramp = np.maximum(0.0, t - start_row) / 30.0
    cols = [np.ones(len(t)), (t - (n_total - 1) / 2) / max(n_total, 1), step]
    if slope_change:
        cols.append(ramp)
    wd = index.day_of_week.to_numpy()[np.asarray(days, dtype=int)]
    cols += [(wd == d).astype(float) for d in weekdays]
    return np.column_stack(cols), step, ramp


def _its(frame: pd.DataFrame, y: np.ndarray, at_row: int, onset: int, excl: int, last_row: int,
         slope_change: bool):
    """Fit the segmented model on rows up to ``last_row``; returns fit pieces or a reason."""
    n_total = len(frame)
    t = np.arange(n_total)
    obs = np.isfinite(y) & (t <= last_row)
    pre = obs & (t < at_row - excl)
    post = obs & (t >= at_row + onset)
    if pre.sum() < MIN_PRE_DAYS or post.sum() < MIN_POST_DAYS:
        return None, int(pre.sum()), int(post.sum())
    rows = np.flatnonzero(pre | post)
    weekdays = _weekdays(frame.index, rows)
    z, step, ramp = _design(frame.index, rows, at_row + onset, slope_change, weekdays)
    fit = gls_fit(y[rows], z, rows)
    return (fit, rows, step, ramp, weekdays), int(pre.sum()), int(post.sum())


def _its_days(frame: pd.DataFrame, y: np.ndarray, fit, rows: np.ndarray, weekdays: list[int],
              at_row: int, onset: int, excl: int, slope_change: bool) -> pd.DataFrame:
    """Day-by-day lines of the fitted ITS model, from the first analysed day to the end.

    ``fitted_before``: the model's pre-period line (trend + weekday) on the days before the
    left-out window; ``projection``: the same line continued after the pre-period — what
    the earlier trend predicted without a change (step and ramp set to 0); ``fitted_after``:
    the model's line after the onset window (projection + step, + ramp if modelled). The
    mean of ``fitted_after − projection`` over the analysed after-days is the report's
    ``average_change``. ``period`` is "before", "left out" or "after"; ``used`` marks the
    days that entered the model.
    """
    days = np.arange(int(rows[0]), len(frame))
    z, _, _ = _design(frame.index, days, at_row + onset, slope_change, weekdays)
    fitted = z @ fit.coef
    z_cf = z.copy()
    z_cf[:, 2] = 0.0
    if slope_change:
        z_cf[:, 3] = 0.0
    counterfactual = z_cf @ fit.coef
    before = days < at_row - excl
    after = days >= at_row + onset
    used = np.zeros(len(days), dtype=bool)
    used[np.searchsorted(days, rows)] = True
    return pd.DataFrame({
        "pain": y[days],
        "period": np.where(before, "before", np.where(after, "after", "left out")),
        "used": used,
        "fitted_before": np.where(before, counterfactual, np.nan),
        "projection": np.where(before, np.nan, counterfactual),
        "fitted_after": np.where(after, fitted, np.nan),
    }, index=frame.index[days])


def change_analysis(
    daily: pd.DataFrame,
    at,
    *,
    outcome: str = "pain",
    onset_days: int = 7,
    exclude_before_days: int = 7,
    slope_change: bool = False,
) -> ChangeReport:
    """Interrupted-time-series estimate of how pain changed after ``at``.

    Parameters
    ----------
    at
        Date of the change (``date``, ISO string or Timestamp).
    onset_days
        Days after ``at`` left out while a treatment starts to act (and the step is placed
        at ``at + onset_days``).
    slope_change
        Also let the slope change after ``at`` (a "ramp" term). Off by default: with pain's
        day-to-day persistence a free post-change slope widens the interval a lot, and a
        level shift is what a person asks about.
    exclude_before_days
        Days just before ``at`` left out: the peak that often prompts a change.

    Returns
    -------
    ChangeReport
        ``average_change`` (mean difference from the extrapolated pre-period trend over the
        analysed post-period, in pain points, with 95 % CI); with ``slope_change`` also
        ``level_change`` (at the start of the post-period) and ``end_change`` (at its last
        day), which equal ``average_change`` without a ramp and are then left None; the
        pre-period trend, the naive
        before/after difference, the pre-change peak and a placebo-in-time check.
    """
    frame = as_daily(daily)
    when = _as_timestamp(at)
    report = ChangeReport(at=when.date().isoformat(), outcome=outcome,
                          excluded_before=exclude_before_days, onset_days=onset_days,
                          slope_change=slope_change)
    try:
        return _change_analysis(frame, when, report, outcome=outcome, onset_days=onset_days,
                                exclude_before_days=exclude_before_days, slope_change=slope_change)
    except NUMERICAL_FAILURES as exc:
        return ChangeReport(at=report.at, outcome=outcome, excluded_before=exclude_before_days,
                            onset_days=onset_days, slope_change=slope_change,
                            message=numerical_failure_message("the before/after comparison", exc))


def _change_analysis(frame: pd.DataFrame, when: pd.Timestamp, report: ChangeReport, *,
                     outcome: str, onset_days: int, exclude_before_days: int,
                     slope_change: bool) -> ChangeReport:
    need = (f"needs at least {MIN_PRE_DAYS} days with a {outcome} rating before the change "
            f"(not counting the {exclude_before_days} days just before it) and "
            f"{MIN_POST_DAYS} after it (not counting the first {onset_days} days)")
    if outcome not in frame.columns or len(frame) == 0:
        report.message = f"Not enough data yet: the diary has no {outcome} ratings; this {need}."
        return report
    if not frame.index[0] < when <= frame.index[-1]:
        report.message = (f"{report.at} is outside the diary ({frame.index[0].date()} to "
                          f"{frame.index[-1].date()}), so there is no before and after to compare.")
        return report
    y = frame[outcome].to_numpy(dtype=float)
    at_row = int(frame.index.get_loc(when))
    res, n_pre, n_post = _its(frame, y, at_row, onset_days, exclude_before_days, len(frame) - 1,
                              slope_change)
    report.n_pre, report.n_post = n_pre, n_post
    if res is None:
        report.message = (f"Not enough data yet: this comparison {need}; the diary has {n_pre} "
                          f"before and {n_post} after.")
        return report
    if np.nanstd(y) == 0:
        report.message = f"{outcome.capitalize()} was the same on every logged day; nothing changed."
        return report
    fit, rows, step, ramp, weekdays = res
    k = fit.coef.size
    c_level = np.zeros(k)
    c_level[2] = 1.0
    post_ramp = ramp[step == 1]
    c_avg = c_level.copy()
    c_end = c_level.copy()
    if slope_change:
        c_avg[3] = float(post_ramp.mean())
        c_end[3] = float(post_ramp.max())
    c_trend = np.zeros(k)
    c_trend[1] = 30.0 / len(frame)  # trend column is (t − mid)/n_days
    report.average_change = Estimate(*fit.contrast(c_avg))
    if slope_change:  # without a ramp all three contrasts are the step itself
        report.level_change = Estimate(*fit.contrast(c_level))
        report.end_change = Estimate(*fit.contrast(c_end))
    report.pre_trend_per_30_days = Estimate(*fit.contrast(c_trend))
    report.rho = fit.rho
    report.days = _its_days(frame, y, fit, rows, weekdays, at_row, onset_days,
                            exclude_before_days, slope_change)

    t = np.arange(len(frame))
    obs = np.isfinite(y)
    pre_all = obs & (t < at_row) & (t >= at_row - 28)
    post_all = obs & (t >= at_row) & (t < at_row + 28)
    if pre_all.any() and post_all.any():
        report.naive_difference = float(y[post_all].mean() - y[pre_all].mean())
    window = obs & (t < at_row) & (t >= at_row - exclude_before_days)
    earlier = obs & (t < at_row - exclude_before_days)
    if window.any() and earlier.any() and exclude_before_days > 0:
        report.peak_before = float(y[window].mean() - np.median(y[earlier][-28:]))

    # Placebo-in-time (ANALYTICS.md §3.8): the same model at a date 28 days earlier, using
    # only data before the real change, should show no change.
    fake = at_row - 28
    placebo, _, _ = _its(frame, y, fake, onset_days, exclude_before_days,
                         at_row - exclude_before_days - 1, slope_change)
    if placebo is not None:
        pf, _, pstep, pramp, _ = placebo
        c = np.zeros(pf.coef.size)
        c[2] = 1.0
        if slope_change:
            c[3] = float(pramp[pstep == 1].mean())
        report.placebo = Estimate(*pf.contrast(c))
    return report


# -- planned on/off experiments ------------------------------------------------------------


@dataclass
class Block:
    block: int
    condition: str  # "on" or "off"
    start: str
    end: str
    instruction: str


@dataclass
class AbabPlan:
    what: str
    block_days: int
    blocks: list[Block]
    randomized: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "block_days": self.block_days, "randomized": self.randomized,
                "blocks": [asdict(b) for b in self.blocks], "sentences": self.sentences()}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> AbabPlan:
        blocks = [Block(int(b["block"]), str(b["condition"]), str(b["start"]), str(b["end"]),
                        str(b.get("instruction", ""))) for b in doc["blocks"]]
        for b in blocks:
            if b.condition not in ("on", "off"):
                raise ValueError(f"block {b.block}: condition must be 'on' or 'off'")
            dt.date.fromisoformat(b.start)
            dt.date.fromisoformat(b.end)
        return cls(str(doc.get("what", "")), int(doc.get("block_days", 0)), blocks,
                   bool(doc.get("randomized", False)))

    def sentences(self) -> list[str]:
        first, last = self.blocks[0], self.blocks[-1]
        out = [f"Plan: {len(self.blocks)} blocks of {self.block_days} days, from {first.start} "
               f"to {last.end}, switching between ON ({self.what}) and OFF (your usual routine)."]
        if self.randomized:
            out.append("The order inside each pair of blocks was drawn at random, so a good or "
                       "bad stretch cannot line up with one condition by design.")
        out.append("Log your pain every day, including on good days. The first days of each "
                   "block are not counted, because a change can take time to act or wear off.")
        out += [f"Block {b.block} ({b.start} to {b.end}): {b.instruction}" for b in self.blocks]
        return out


def abab_plan(start, block_days: int = 14, blocks: int = 4, *,
              what: str = "the change you are testing", randomize: bool = False,
              seed: int | None = None) -> AbabPlan:
    """A plan the person can follow: dates and what to do in each block.

    ``blocks`` must be even (pairs of ON and OFF). Without ``randomize`` the order is
    ON, OFF, ON, OFF; with it, each pair's order is drawn at random (StudyU-style).
    """
    if blocks < 2 or blocks % 2:
        raise ValueError(f"blocks must be an even number of at least 2 (got {blocks})")
    if not 3 <= block_days <= 90:
        raise ValueError(f"block_days must be between 3 and 90 (got {block_days})")
    first = _as_timestamp(start).date()
    rng = np.random.default_rng(seed)
    order: list[str] = []
    for _ in range(blocks // 2):
        pair = ["on", "off"]
        if randomize and rng.random() < 0.5:
            pair.reverse()
        order += pair
    try:
        first + dt.timedelta(days=blocks * block_days)
    except OverflowError:
        raise ValueError(f"a plan starting on {first.isoformat()} would end after the year 9999") from None
    out = []
    for i, cond in enumerate(order):
        b_start = first + dt.timedelta(days=i * block_days)
        b_end = b_start + dt.timedelta(days=block_days - 1)
        instruction = (f"ON — {what}, every day." if cond == "on"
                       else "OFF — back to your usual routine.")
        out.append(Block(i + 1, cond, b_start.isoformat(), b_end.isoformat(), instruction))
    return AbabPlan(what=what, block_days=block_days, blocks=out, randomized=randomize)


@dataclass
class AbabReport:
    what: str
    effect: Estimate | None = None
    n_on: int = 0
    n_off: int = 0
    block_means: list[dict[str, Any]] = field(default_factory=list)
    washout_days: int = 0
    rho: float | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["method"] = "on − off with linear trend and AR(1) errors (Prais–Winsten, REML)"
        doc["sentences"] = self.sentences()
        return doc

    def sentences(self) -> list[str]:
        if self.message:
            return [self.message]
        e = self.effect
        assert e is not None
        data = f"{self.n_on} ON days and {self.n_off} OFF days in {len(self.block_means)} blocks"
        if e.ci_high < 0 or e.ci_low > 0:
            lead = (f"During the ON blocks ({self.what}) pain was {magnitude(e.effect)} points "
                    f"{'lower' if e.effect < 0 else 'higher'} than during the OFF blocks")
        else:
            lead = (f"Pain was not clearly different between ON ({self.what}) and OFF blocks: "
                    f"{_fmt(e.effect)} points")
        return [f"{lead} (95 % interval {_fmt(e.ci_low)} to {_fmt(e.ci_high)}; {data}).",
                "Because you switched back and forth, this is firmer evidence than a "
                "before/after comparison; without blinding, expectations can still play a part."]


def abab_analysis(daily: pd.DataFrame, plan: AbabPlan, *, outcome: str = "pain",
                  washout_days: int = 2, min_days_per_block: int = 5) -> AbabReport:
    """Effect of ON vs OFF blocks on pain, in pain points with a 95 % interval.

    Days in the first ``washout_days`` of each block are left out (carry-over). Needs at
    least two blocks of each condition with ``min_days_per_block`` rated days after washout.
    """
    frame = as_daily(daily)
    try:
        return _abab_analysis(frame, plan, outcome=outcome, washout_days=washout_days,
                              min_days_per_block=min_days_per_block)
    except NUMERICAL_FAILURES as exc:
        return AbabReport(what=plan.what, washout_days=washout_days,
                          message=numerical_failure_message("the on/off comparison", exc))


def _abab_analysis(frame: pd.DataFrame, plan: AbabPlan, *, outcome: str, washout_days: int,
                   min_days_per_block: int) -> AbabReport:
    report = AbabReport(what=plan.what, washout_days=washout_days)
    if outcome not in frame.columns or len(frame) == 0:
        report.message = f"Not enough data yet: the diary has no {outcome} ratings."
        return report
    y = frame[outcome]
    values = y.to_numpy(dtype=float)
    # Calendar days as numpy day numbers: a plan may hold any date from year 1 to 9999 (a
    # saved plan dated 0001-01-01 made pandas' label slicing raise KeyError, issue 14), and
    # comparing day numbers needs no Timestamp, whose nanosecond range is 1677 to 2262.
    days = frame.index.to_numpy().astype("datetime64[D]")
    rows, cond = [], []
    for b in plan.blocks:
        start = np.datetime64(b.start, "D") + np.timedelta64(washout_days, "D")
        inside = np.flatnonzero((days >= start) & (days <= np.datetime64(b.end, "D"))
                                & np.isfinite(values))
        report.block_means.append({"block": b.block, "condition": b.condition,
                                   "days": len(inside),
                                   "mean": float(values[inside].mean()) if len(inside) else None})
        if len(inside) >= min_days_per_block:
            rows += inside.tolist()
            cond += [1.0 if b.condition == "on" else 0.0] * len(inside)
    usable = [m for m in report.block_means if m["days"] >= min_days_per_block]
    n_on_blocks = sum(m["condition"] == "on" for m in usable)
    n_off_blocks = len(usable) - n_on_blocks
    if n_on_blocks < 2 or n_off_blocks < 2:
        report.message = (
            f"Not enough data yet: the analysis needs at least 2 ON and 2 OFF blocks with "
            f"{min_days_per_block} or more rated days each (after the first {washout_days} days "
            f"of each block); the diary has {n_on_blocks} ON and {n_off_blocks} OFF blocks "
            "like that.")
        return report
    order = np.argsort(rows)
    r = np.asarray(rows)[order]
    on = np.asarray(cond)[order]
    yy = y.to_numpy(dtype=float)[r]
    span = max(r[-1] - r[0], 1)
    z = np.column_stack([np.ones(len(r)), (r - r.mean()) / span, on])
    fit = gls_fit(yy, z, r)
    c = np.zeros(3)
    c[2] = 1.0
    report.effect = Estimate(*fit.contrast(c))
    report.n_on, report.n_off = int(on.sum()), int((1 - on).sum())
    report.rho = fit.rho
    return report
