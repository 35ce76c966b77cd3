"""Issue 14: PROMIS symptom bands follow HealthMeasures' cut points at the boundaries.

HealthMeasures ("PROMIS Score Cut Points"): T ≤ 55 within normal limits, 55–60 mild,
60–70 moderate, above 70 severe. A T-score of exactly 55.0 was "mild" and 70.0 "severe".
"""

from __future__ import annotations

import pytest

from painscope.instruments._common import ScoringContext
from painscope.instruments.scoring import promis


@pytest.mark.parametrize(("t", "band"), [
    (20.0, "within_normal_limits"), (54.9, "within_normal_limits"), (55.0, "within_normal_limits"),
    (55.1, "mild"), (59.9, "mild"), (60.0, "mild"),
    (60.1, "moderate"), (69.9, "moderate"), (70.0, "moderate"),
    (70.1, "severe"), (80.0, "severe"),
])
def test_band_boundaries(t, band):
    assert promis.t_band(t) == band


@pytest.mark.parametrize(("t", "band"), [(55.0, "within_normal_limits"), (60.0, "mild"), (70.0, "moderate")])
@pytest.mark.parametrize("form", sorted(promis.FORMS))
def test_scored_forms_band_a_t_score_on_a_boundary(form, t, band):
    table = dict.fromkeys(range(6, 31), 40.0) | {18: t}
    values = dict.fromkeys(promis.FORMS[form], 3)  # raw 18
    result = promis.score(values, form=form, context=ScoringContext(tscore_tables={form: table}))
    assert result.subscales["t_score"] == t and result.band == band
