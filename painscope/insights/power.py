"""How much data a lagged-effect finding needs, from measured power runs.

The figures are the shares of simulated diaries in which :func:`lagged_effects` found a
planted effect at the right delay, measured with ``benchmarks/insights_power.py`` (seed 7,
100 diaries per setting; docs/insights.md §1.6, table "Figures measured on this machine"):
AR(1) pain with day-to-day persistence φ = 0.7, ten yes/no factors (Markov chains, on 30 %
of days unless stated), one of which raises next-day pain by 1 point, Benjamini–Hochberg
over 40 factor × delay tests (delays 0–3).

Two things move power a lot, so the guide quotes the range they span:

* **How often the factor changes** (``stay`` = P(still on tomorrow | on today)). With
  ``stay`` 0.5 the factor switches every few days (spells on of about 2 days, lag-1
  autocorrelation ≈ 0.29); with ``stay`` 0.9 — the persistent exposure of ANALYTICS.md
  Appendix A, e.g. a course of tablets or a busy period at work — spells on last about
  10 days and off about 23 days (autocorrelation ≈ 0.86). A persistent factor carries
  less independent information per day, because on- and off-days cluster in a few
  stretches that the AR(1) errors and the trend adjustment partly absorb.
* **How much pain swings.** "Steadier" pain has a marginal SD of 1.6 points; "swinging"
  pain has an innovation SD of 1.6 (marginal SD 1.6 / sqrt(1 − 0.7²) ≈ 2.2 points).

No run flagged the factor at a wrong delay. Re-measure with::

    .venv/bin/python benchmarks/insights_power.py --diaries 100 --seed 7

Results (2026-11-21, this code; found of 100):

=====  =====  =====  ========  =====
days   stay   p_on   pain      found
=====  =====  =====  ========  =====
240    0.5    0.3    steadier  100
240    0.5    0.3    swinging   82
120    0.5    0.3    steadier   67
120    0.5    0.3    swinging   29
240    0.9    0.3    steadier   52
120    0.9    0.3    steadier   14
365    0.9    0.3    steadier   63
240    0.9    0.3    swinging   20
240    0.9    0.5    steadier   77
=====  =====  =====  ========  =====

An independent check by the reviewer of issue 6 (other seeds, 50 diaries, steadier pain)
found 0.44 at 240 days and 0.66 at 365 days for ``stay`` 0.9, and 0.70 with the factor on
half the days — within sampling error of the rows above (binomial SE ≈ 0.05–0.07).
"""

from __future__ import annotations

from dataclasses import dataclass

from painscope.insights.triggers import MIN_PAIN_DAYS

#: P(stay on) of a factor that switches every few days / one that comes in long spells.
SWITCHING_STAY = 0.5
PERSISTENT_STAY = 0.9


@dataclass(frozen=True)
class PowerRun:
    """One measured setting: share of diaries in which the planted effect was found."""

    days: int
    pain: str  # "steadier" (marginal SD 1.6) or "swinging" (innovation SD 1.6, marginal 2.2)
    marginal_sd: float
    found: int
    wrong_delay: int
    stay: float = SWITCHING_STAY  # P(factor still on tomorrow | on today)
    p_on: float = 0.3  # share of days the factor is on
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
    PowerRun(240, "steadier", 1.6, found=52, wrong_delay=0, stay=PERSISTENT_STAY),
    PowerRun(120, "steadier", 1.6, found=14, wrong_delay=0, stay=PERSISTENT_STAY),
    PowerRun(365, "steadier", 1.6, found=63, wrong_delay=0, stay=PERSISTENT_STAY),
    PowerRun(240, "swinging", 2.2, found=20, wrong_delay=0, stay=PERSISTENT_STAY),
    PowerRun(240, "steadier", 1.6, found=77, wrong_delay=0, stay=PERSISTENT_STAY, p_on=0.5),
)

#: The effect size the runs planted, in pain points the next day.
POWER_EFFECT_POINTS = 1.0


def _in_ten(share: float) -> int:
    return round(share * 10)


def _runs(days: int, **match: object) -> list[PowerRun]:
    return [r for r in POWER_RUNS if r.days == days
            and all(getattr(r, k) == v for k, v in match.items())]


def in_ten(days: int, **match: object) -> int:
    """Diaries in 10 that found the effect in the one run matching ``days`` and ``match``."""
    (run,) = _runs(days, **match)
    return _in_ten(run.share)


def range_in_ten(days: int) -> str:
    """"2 to 10 of 10": the range over every measured run of ``days`` days."""
    shares = sorted(_in_ten(r.share) for r in _runs(days))
    lo, hi = shares[0], shares[-1]
    return f"about {lo} of 10" if lo == hi else f"{lo} to {hi} of 10"


def _guide() -> str:
    switching = in_ten(240, pain="steadier", stay=SWITCHING_STAY)
    persistent = in_ten(240, pain="steadier", stay=PERSISTENT_STAY, p_on=0.3)
    year = in_ten(365, pain="steadier", stay=PERSISTENT_STAY)
    return (
        "How much data a finding needs: pain carries over from one day to the next, so each "
        "day adds less information than it seems. In simulated diaries, a yes/no factor that "
        f"raises next-day pain by {POWER_EFFECT_POINTS:g} point showed up after 240 days "
        f"(8 months) of daily ratings in {range_in_ten(240)} diaries, depending on how often "
        "the factor changes from day to day and how much pain swings: in "
        f"{switching} of 10 when the factor switched on and off every few days, but in only "
        f"about {persistent} of 10 when it came in spells of a week or more (like a course of "
        f"tablets or a busy stretch at work), and about {year} of 10 after a full year. "
        f"After 120 days (4 months) it showed up in {range_in_ten(120)}. Pain that swings a "
        "lot needs longer, and so do smaller effects."
    )


#: The sentence the Insights page shows, built from :data:`POWER_RUNS`.
POWER_GUIDE = _guide()


def data_needed_message(n_days: int) -> str:
    """Where a diary with ``n_days`` rated days stands against :data:`POWER_RUNS`.

    Below ``MIN_PAIN_DAYS`` (28) nothing is tested; the other bands quote only measured
    lengths (120 and 240 days as the range over all their runs — how often the factor
    changes, how much pain swings — and the one-year run of a factor that comes in
    spells), never an interpolated figure.
    """
    have = f"Your diary has {n_days} day{'s' if n_days != 1 else ''} with a pain rating."
    effect = f"a {POWER_EFFECT_POINTS:g}-point next-day effect of a yes/no factor"
    depends = "depending on how often the factor changes from day to day"
    year = (f"a factor that comes in spells of a week or more showed up in only about "
            f"{in_ten(365, pain='steadier', stay=PERSISTENT_STAY)} of 10 even after a year")
    if n_days < MIN_PAIN_DAYS:
        return (f"{have} Patterns are checked from {MIN_PAIN_DAYS} days on; even then, "
                f"{effect} usually takes several months of ratings to show up.")
    if n_days < 120:
        return (f"{have} At this length {effect} usually does not show up yet: at "
                f"120 days it showed up in {range_in_ten(120)} simulated diaries, "
                f"{depends}. No clear pattern yet does not mean no effect.")
    if n_days < 240:
        return (f"{have} At 120 days {effect} showed up in {range_in_ten(120)} simulated "
                f"diaries, at 240 days in {range_in_ten(240)}, {depends}. No clear "
                "pattern yet does not mean no effect.")
    return (f"{have} At 240 days, {effect} showed up in {range_in_ten(240)} simulated "
            f"diaries, {depends}; {year}. Smaller effects need longer.")
