"""How much data a lagged-effect finding needs, from the power runs of the test suite.

The figures are the shares of simulated diaries in which :func:`lagged_effects` found a
planted effect, measured with the loop of ``tests/insights/test_power_lag1.py`` (seed 7,
100 diaries per setting; docs/insights.md §1.6, table "Figures measured on this machine"):
AR(1) pain with day-to-day persistence φ = 0.7, ten persistent yes/no factors (on 30 % of
days), one of which raises next-day pain by 1 point, Benjamini–Hochberg over 40 factor × delay
tests (delays 0–3). "Steadier" pain has a marginal SD of 1.6 points; "swinging" pain has an
innovation SD of 1.6 (marginal SD 1.6 / sqrt(1 − 0.7²) ≈ 2.2 points). No run flagged the
factor at a wrong delay.

Re-measure with (prints days, setting, found, wrong-delay counts out of 100)::

    for n in (240, 120):
        for kw in ({"pain_sd": 1.6}, {"innovation_sd": 1.6}):
            rng = np.random.default_rng(7)
            # 100 × simulate_daily(n, phi=0.7, n_factors=10, effects=[(0, 1, 1.0)],
            #                      seed=rng, **kw) → lagged_effects(daily, lags=range(4))

Results (2026-11-21, this code): 240 days 100 / 82, 120 days 67 / 29 (steadier / swinging).
"""

from __future__ import annotations

from dataclasses import dataclass

from painscope.insights.triggers import MIN_PAIN_DAYS


@dataclass(frozen=True)
class PowerRun:
    """One measured setting: share of diaries in which the planted effect was found."""

    days: int
    pain: str  # "steadier" (marginal SD 1.6) or "swinging" (innovation SD 1.6, marginal 2.2)
    marginal_sd: float
    found: int
    wrong_delay: int
    diaries: int = 100

    @property
    def share(self) -> float:
        return self.found / self.diaries


#: Measured power (see the module docstring for the source and the command).
POWER_RUNS: tuple[PowerRun, ...] = (
    PowerRun(240, "steadier", 1.6, found=100, wrong_delay=0),
    PowerRun(240, "swinging", 2.2, found=82, wrong_delay=0),
    PowerRun(120, "steadier", 1.6, found=67, wrong_delay=0),
    PowerRun(120, "swinging", 2.2, found=29, wrong_delay=0),
)

#: The effect size the runs planted, in pain points the next day.
POWER_EFFECT_POINTS = 1.0


def _in_ten(share: float) -> int:
    return round(share * 10)


def _range_in_ten(days: int) -> str:
    shares = sorted(_in_ten(r.share) for r in POWER_RUNS if r.days == days)
    lo, hi = shares[0], shares[-1]
    return f"about {lo} of 10" if lo == hi else f"{lo} to {hi} of 10"


def _guide() -> str:
    long_days, short_days = sorted({r.days for r in POWER_RUNS}, reverse=True)[:2]
    return (
        "How much data a finding needs: pain carries over from one day to the next, so each "
        "day adds less information than it seems. In simulated diaries, a yes/no factor that "
        f"raises next-day pain by {POWER_EFFECT_POINTS:g} point showed up in "
        f"{_range_in_ten(long_days)} diaries after {long_days} days (8 months) of daily "
        f"ratings, but only in {_range_in_ten(short_days)} after {short_days} days (4 months) "
        "— fewer when pain swings a lot from day to day. Smaller effects need longer."
    )


#: The sentence the Insights page shows, built from :data:`POWER_RUNS`.
POWER_GUIDE = _guide()


def data_needed_message(n_days: int) -> str:
    """Where a diary with ``n_days`` rated days stands against :data:`POWER_RUNS`.

    Below ``MIN_PAIN_DAYS`` (28) nothing is tested; the other bands quote only the measured
    settings (120 and 240 days), never an interpolated figure.
    """
    long_days, short_days = sorted({r.days for r in POWER_RUNS}, reverse=True)[:2]
    have = f"Your diary has {n_days} day{'s' if n_days != 1 else ''} with a pain rating."
    effect = f"a {POWER_EFFECT_POINTS:g}-point next-day effect of a yes/no factor"
    if n_days < MIN_PAIN_DAYS:
        return (f"{have} Patterns are checked from {MIN_PAIN_DAYS} days on; even then, "
                f"{effect} usually takes several months of ratings to show up.")
    if n_days < short_days:
        return (f"{have} At this length {effect} usually does not show up yet: at "
                f"{short_days} days it showed up in {_range_in_ten(short_days)} simulated "
                "diaries. No clear pattern yet does not mean no effect.")
    if n_days < long_days:
        return (f"{have} At {short_days} days {effect} showed up in "
                f"{_range_in_ten(short_days)} simulated diaries, at {long_days} days in "
                f"{_range_in_ten(long_days)}.")
    return (f"{have} At {long_days} days, {effect} showed up in "
            f"{_range_in_ten(long_days)} simulated diaries; smaller effects need longer.")
