"""Stored diaries for the Insights page tests, built from painscope.insights.simulate.

Helpers (imported by the other test_insights_* modules) that turn a simulated daily table
into check-ins stored through the one way in (``services.import_frame``), the way a
person's diary is stored, and a test that the stored diary reads back as simulated.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model

from painscope import diary
from painscope.diary import daily_table
from painscope.insights.simulate import simulate_daily
from painscope.web.journal import services

#: Simulated factor columns → what the person logged.
NAMES = {"factor:f0": ("food", "coffee"), "factor:f1": ("food", "gluten"), "factor:f2": ("factor", "long_walk")}


def store_daily(user, daily, *, end=None) -> None:
    """Store one evening check-in per day with a pain rating (rounded to a whole point, as
    people rate) and the yes/no items that were on; the last day is ``end`` (default today)."""
    end = end or datetime.now(UTC).date()
    first = end - timedelta(days=len(daily) - 1)
    records = []
    for i, (_, row) in enumerate(daily.iterrows()):
        if not np.isfinite(row["pain"]):
            continue
        when = datetime.combine(first + timedelta(days=i), time(19, 0), tzinfo=UTC)
        records.append((when, 0, diary.Observation("rating", "pain", float(np.clip(round(row["pain"]), 0, 10)))))
        for column, (kind, name) in NAMES.items():
            if column in daily.columns and row[column] > 0:
                records.append((when, 0, diary.Observation(kind, name, 1.0)))
    services.import_frame(user, diary.frame_from_records(records), source="web")


def coffee_diary(n_days: int = 240, effect: float = 1.5, seed: int = 0):
    """Pain AR(1) (φ 0.7, innovation SD 1.6, ANALYTICS.md §2.2) where coffee raises next-day
    pain by ``effect`` points; gluten and long walks are unrelated to pain."""
    return simulate_daily(n_days, phi=0.7, innovation_sd=1.6, n_factors=3, effects=[(0, 1, effect)], seed=seed)


@pytest.mark.django_db
def test_a_simulated_diary_is_stored_as_daily_check_ins():
    user = get_user_model().objects.create_user("sim")
    daily = coffee_diary(30)
    store_daily(user, daily)
    stored = daily_table(services.diary_frame(user))
    assert len(stored) == 30
    expected_pain = np.clip(np.round(daily["pain"].to_numpy()), 0, 10)
    assert np.array_equal(stored["pain"].to_numpy(), expected_pain)
    assert np.array_equal(stored["food:coffee"].to_numpy(), daily["factor:f0"].to_numpy())
