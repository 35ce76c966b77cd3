"""Property-based robustness of flares, change, ABAB and forecast: any daily table, no crash."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painscope.insights import (
    abab_analysis,
    abab_plan,
    change_analysis,
    detect_flares,
    forecast,
)


@st.composite
def pain_tables(draw):
    n = draw(st.integers(0, 160))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["noise", "constant", "ar", "spiky"]))
    if kind == "constant":
        pain = np.full(n, float(draw(st.integers(0, 10))))
    elif kind == "noise":
        pain = rng.uniform(0, 10, n).round(1)
    else:
        pain = np.zeros(n)
        for i in range(1, n):
            pain[i] = 0.8 * pain[i - 1] + rng.normal()
        pain = np.clip(4 + pain + (kind == "spiky") * 5 * (rng.random(n) < 0.05), 0, 10)
    pain[rng.random(n) < draw(st.floats(0, 0.95))] = np.nan
    flare = np.where(rng.random(n) < 0.1, 1.0, 0.0)
    flare[np.isnan(pain)] = np.nan
    idx = pd.date_range("2024-01-01", periods=n, freq="D", name="date")
    return pd.DataFrame({"pain": pain, "flare": flare, "factor:x": rng.random(n) < 0.5}, index=idx)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pain_tables(), st.integers(0, 200))
def test_every_report_is_well_formed_on_any_pain_table(daily, at_day):
    flares = detect_flares(daily)
    assert flares.to_dict()["sentences"]
    for ep in flares.episodes:
        assert ep.start <= ep.end and ep.duration_days >= 1

    at = pd.Timestamp("2024-01-01") + pd.Timedelta(days=at_day)
    change = change_analysis(daily, at.date())
    doc = change.to_dict()
    assert doc["sentences"]
    if change.average_change is not None:
        a = change.average_change
        assert a.ci_low <= a.effect <= a.ci_high

    report = abab_analysis(daily, abab_plan("2024-01-08", block_days=14, blocks=4))
    assert report.sentences()
    if report.effect is not None:
        assert report.effect.ci_low <= report.effect.effect <= report.effect.ci_high

    fc = forecast(daily)
    assert fc.to_dict()["sentences"]
    if fc.show_to_person:
        assert fc.tomorrow["low"] <= fc.tomorrow["pain"] <= fc.tomorrow["high"]
