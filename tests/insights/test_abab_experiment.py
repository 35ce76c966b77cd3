"""Planned on/off self-experiments: the plan a person follows and its analysis."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from painscope.insights import AbabPlan, abab_analysis, abab_plan
from painscope.insights.simulate import simulate_daily


def test_two_weeks_on_two_off_twice_gives_dated_blocks_with_instructions():
    plan = abab_plan(dt.date(2025, 3, 3), block_days=14, blocks=4, what="no coffee")
    assert [b.condition for b in plan.blocks] == ["on", "off", "on", "off"]
    assert plan.blocks[0].start == "2025-03-03" and plan.blocks[0].end == "2025-03-16"
    assert plan.blocks[3].end == "2025-04-27"
    assert "no coffee" in plan.blocks[0].instruction
    assert any("Log your pain every day" in s for s in plan.sentences())
    assert AbabPlan.from_dict(plan.to_dict()) == plan


def test_randomized_plans_keep_one_on_and_one_off_in_every_pair():
    for seed in range(20):
        plan = abab_plan("2025-01-01", block_days=7, blocks=6, randomize=True, seed=seed)
        conds = [b.condition for b in plan.blocks]
        assert all(sorted(conds[i:i + 2]) == ["off", "on"] for i in range(0, 6, 2))
    orders = {tuple(b.condition for b in abab_plan("2025-01-01", blocks=6, randomize=True,
                                                   seed=s).blocks) for s in range(20)}
    assert len(orders) > 1


def test_odd_number_of_blocks_is_refused():
    with pytest.raises(ValueError, match="even number"):
        abab_plan("2025-01-01", blocks=3)


def _trial(effect, seed, block_days=14, blocks=4):
    plan = abab_plan("2025-01-01", block_days=block_days, blocks=blocks)
    daily = simulate_daily(block_days * blocks, phi=0.7, pain_sd=1.2, n_factors=0, seed=seed)
    for b in plan.blocks:
        if b.condition == "on":
            daily.loc[b.start:b.end, "pain"] += effect
    return daily, plan


def test_a_real_benefit_of_two_points_is_found():
    daily, plan = _trial(-2.0, seed=31)
    report = abab_analysis(daily, plan)
    e = report.effect
    assert e.ci_low < -2.0 < e.ci_high and e.ci_high < 0
    assert report.n_on == report.n_off == 24  # 2 × (14 − 2 washout days)
    assert "lower than during the OFF blocks" in report.sentences()[0]


def test_no_effect_intervals_cover_zero_at_about_the_nominal_rate():
    # 80 null trials; at true 95 % coverage P(fewer than 70 covering) = 0.002 (exact binomial).
    covered = sum(
        (lambda e: e.ci_low <= 0 <= e.ci_high)(abab_analysis(*_trial(0.0, seed=s)).effect)
        for s in np.arange(80) + 100
    )
    assert covered >= 70, covered


def test_missing_blocks_say_not_enough_data():
    daily, plan = _trial(0.0, seed=32)
    daily.loc[plan.blocks[2].start:plan.blocks[2].end, "pain"] = np.nan
    report = abab_analysis(daily, plan)
    assert report.effect is None and "1 ON and 2 OFF" in report.message
