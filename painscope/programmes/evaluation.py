"""A programme's entry in "Did it help": its plan, as the insights package's on/off plan.

PROGRAMMES.md §0: learning programmes (pacing, GMI, CBT, CBT-I, education) do not switch off,
so their plan is an AB series - the same number of days *before* the start (OFF: the diary
the person already kept) and from the start (ON). Reversible ones (breathing in the evening)
get a randomised ABAB plan of week-long blocks, the firmer design. Either way the plan is an
:class:`painscope.insights.AbabPlan`, so the existing analyses read it; the AB series is
also what the before/after comparison (:func:`painscope.insights.change_analysis`, change
date = the start) evaluates.
"""

from __future__ import annotations

from datetime import date, timedelta

from painscope import insights
from painscope.insights.change import AbabPlan, Block
from painscope.programmes import Programme

ABAB_BLOCK_DAYS = 7
ABAB_BLOCKS = 4


def plan_for(programme: Programme, start: date, *, seed: int | None = None) -> AbabPlan:
    what = programme.title
    if programme.design == "reversible":
        return insights.abab_plan(start, ABAB_BLOCK_DAYS, ABAB_BLOCKS, what=f"{what}, one session each evening",
                                  randomize=True, seed=seed)
    days = programme.weeks * 7
    before = start - timedelta(days=days)
    blocks = [
        Block(1, "off", before.isoformat(), (start - timedelta(days=1)).isoformat(),
              "Before the programme: your usual routine (the diary you already kept)."),
        Block(2, "on", start.isoformat(), (start + timedelta(days=days - 1)).isoformat(),
              f"ON — {what}: the programme's short sessions."),
    ]
    return AbabPlan(what=what, block_days=days, blocks=blocks, randomized=False)
