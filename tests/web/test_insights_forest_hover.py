"""The effect chart's hover text writes numbers like the sentences: never "-0.0"."""

from __future__ import annotations

import dataclasses

from painscope.insights import lagged_effects
from painscope.insights.simulate import simulate_daily
from painscope.web.insights_web import present


def test_hover_shows_a_tiny_negative_effect_and_its_interval_without_negative_zero():
    report = lagged_effects(simulate_daily(120, n_factors=1, seed=5), lags=[0, 1])
    first = report.findings[0]
    # an effect and interval that Plotly's %{x:+.1f} would print as "-0.0"
    tiny = dataclasses.replace(first, effect=-0.04, ci_low=-0.3, ci_high=-0.01)
    report.findings = [tiny, *report.findings[1:]]
    figure = present.forest_figure(report)
    hovers = [h for trace in figure["data"] for h in trace["customdata"]]
    assert all("%{x" not in t["hovertemplate"] for t in figure["data"])
    assert all(t["hovertemplate"] == "%{y}: %{customdata}<extra></extra>"
               for t in figure["data"])
    assert "-0.04 points (95 % interval -0.3 to -0.01)" in hovers
    assert not any("-0.0 " in h or "-0.0)" in h for h in hovers)
    # one hover text per plotted point, in the same order as the points
    for trace in figure["data"]:
        assert len(trace["customdata"]) == len(trace["x"]) == len(trace["y"])
