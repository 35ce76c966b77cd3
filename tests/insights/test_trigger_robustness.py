"""Property-based robustness: any daily table gives a well-formed report, never a crash."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painscope.insights import lagged_effects


@st.composite
def daily_tables(draw):
    n = draw(st.integers(0, 120))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    kinds = draw(st.lists(st.sampled_from(["binary", "rare", "constant", "nan", "continuous",
                                           "integer"]), max_size=5))
    pain = np.round(rng.uniform(0, 10, n) if draw(st.booleans()) else np.full(n, 3.0), 1)
    pain[rng.random(n) < draw(st.floats(0, 0.9))] = np.nan
    cols = {"pain": pain}
    for i, kind in enumerate(kinds):
        if kind == "binary":
            x = (rng.random(n) < 0.4).astype(float)
        elif kind == "rare":
            x = (rng.random(n) < 0.03).astype(float)
        elif kind == "constant":
            x = np.ones(n)
        elif kind == "nan":
            x = np.full(n, np.nan)
        elif kind == "integer":
            x = rng.integers(0, 3, n).astype(float)
        else:
            x = rng.normal(7, 1, n)
        prefix = "factor:" if kind != "continuous" else ""
        cols[f"{prefix}c{i}"] = x
    index = pd.date_range("2024-03-01", periods=n, freq="D", name="date")
    return pd.DataFrame(cols, index=index)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(daily_tables(), st.sampled_from(["0", "0-1", "0-3", "2,5"]))
def test_any_daily_table_gives_a_well_formed_report(daily, lags):
    report = lagged_effects(daily, lags=lags)
    doc = report.to_dict()
    assert doc["sentences"]
    for f in report.findings:
        assert np.isfinite(f.effect) and f.ci_low <= f.effect <= f.ci_high
        assert 0 <= f.p <= 1 and f.p <= f.q <= 1
        if f.binary:
            assert f.n_exposed >= 14 and f.n_unexposed >= 14
    if daily["pain"].notna().sum() < 28 or np.nanstd(daily["pain"]) == 0:
        assert report.findings == [] and report.message
    tested = {(f.column, f.lag) for f in report.findings}
    assert len(tested) == len(report.findings)
